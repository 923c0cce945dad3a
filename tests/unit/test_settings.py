import pytest
from pydantic import ValidationError

from writers_app.settings import Settings


def test_prod_requires_a_secret_key():
    with pytest.raises(ValidationError, match="SECRET_KEY is required"):
        Settings(_env_file=None, app_env="prod")


@pytest.mark.parametrize("key", ["changeme", "secret", "short-but-random-123"])
def test_prod_refuses_placeholder_and_short_keys(key):
    with pytest.raises(ValidationError, match="placeholder or is shorter"):
        Settings(_env_file=None, app_env="prod", secret_key=key)


def test_prod_accepts_a_long_random_key():
    settings = Settings(_env_file=None, app_env="prod", secret_key="k" * 20 + "Q9z!" * 5, metrics_token="m" * 32)
    assert settings.is_prod and len(settings.secret()) >= 32


def test_dev_generates_and_keeps_a_key(tmp_path, monkeypatch):
    import writers_app.settings as settings_module

    monkeypatch.setattr(settings_module, "DATA_DIR", tmp_path)
    first = Settings(_env_file=None, app_env="dev").secret()
    second = Settings(_env_file=None, app_env="dev").secret()
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_summary_masks_every_secret():
    settings = Settings(
        _env_file=None, app_env="test", secret_key="s3cr3t-" * 8,
        database_url="postgresql+psycopg2://app:dbpass123@db:5432/writers",
        redis_url="redis://:redispass@redis:6379/0", smtp_password="smtppass",
    )
    summary = str(settings.public_summary())
    for secret in ("s3cr3t-", "dbpass123", "redispass", "smtppass"):
        assert secret not in summary
    assert "db:5432/writers" in summary


def test_redis_databases_are_separate_per_purpose():
    settings = Settings(_env_file=None, app_env="test", secret_key="k" * 40, redis_url="redis://h:6379/0")
    assert {settings.queue_redis_url, settings.reflex_state_redis_url, settings.cache_redis_url} == {
        "redis://h:6379/0", "redis://h:6379/1", "redis://h:6379/2"}
    assert Settings(_env_file=None, app_env="test", secret_key="k" * 40).embedded_mode


@pytest.mark.parametrize("token", [None, "", "   "])
def test_prod_refuses_to_start_without_a_metrics_token(token):
    with pytest.raises(ValidationError, match="METRICS_TOKEN is required"):
        Settings(_env_file=None, app_env="prod", secret_key="k" * 20 + "Q9z!" * 5, metrics_token=token)


def test_dev_and_test_may_leave_metrics_open():
    assert Settings(_env_file=None, app_env="test", secret_key="k" * 40).metrics_token is None
