"""Without PUBLIC_URL, the trusted websocket and CORS origin is localhost on the port actually
served (`make run PORT=N` runs `reflex run --frontend-port N`), not a fixed :3000."""

import pytest

from writers_app.settings import Settings
from writers_app.websocket import origin_checker

SECRET = "k" * 40


@pytest.fixture
def served_on(monkeypatch):
    def serve(port: int | None, backend: int | None = None) -> Settings:
        monkeypatch.delenv("PUBLIC_URL", raising=False)
        for name, value in (("REFLEX_FRONTEND_PORT", port), ("REFLEX_BACKEND_PORT", backend)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, str(value))
        return Settings(_env_file=None, app_env="test", secret_key=SECRET)
    return serve


def test_the_default_origin_follows_the_served_port(served_on):
    settings = served_on(8123, 8123)
    assert settings.public_origin == "http://localhost:8123"
    check = origin_checker(settings)
    served = {"wsgi.url_scheme": "http", "HTTP_HOST": "localhost:8123"}
    assert check("http://localhost:8123", served)
    assert not check("http://localhost:3000", served)  # whatever else runs on :3000 is foreign


def test_only_a_backend_port_also_counts(served_on):
    assert served_on(None, 8200).public_origin == "http://localhost:8200"


def test_with_no_port_given_the_default_stays(served_on):
    assert served_on(None).public_origin == "http://localhost:3000"


def test_an_explicit_public_url_wins(served_on, monkeypatch):
    served_on(8123)
    monkeypatch.setenv("PUBLIC_URL", "https://writers.example")
    assert Settings(_env_file=None, app_env="test", secret_key=SECRET).public_origin == "https://writers.example"
    assert Settings(_env_file=None, app_env="test", secret_key=SECRET,
                    public_url="http://localhost:3000").public_origin == "http://localhost:3000"


def test_the_cors_origins_of_rxconfig_follow_the_same_setting():
    source = open("rxconfig.py", encoding="utf-8").read()
    assert "cors_allowed_origins=[_settings.public_origin" in source
