"""deploy/nginx/nginx.conf under `nginx -t`: a copy with the upstream names mapped to
127.0.0.1 and the certificate paths to a fresh self-signed pair, the file otherwise unchanged."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ops.conftest import DEPLOY, run, tool

CONF = DEPLOY / "nginx" / "nginx.conf"


def mapped_copy(text: str, certs: Path, directory: Path) -> Path:
    text = re.sub(r"server app:(\d+)", r"server 127.0.0.1:\1", text)
    text = text.replace("/etc/nginx/certs/", f"{certs}/")
    path = directory / "nginx.conf"
    path.write_text(text)
    return path


def nginx_t(path: Path):
    return run(tool("nginx"), "-t", "-q", "-c", str(path), "-e", "stderr")


def test_nginx_accepts_the_real_config(self_signed, tmp_path):
    result = nginx_t(mapped_copy(CONF.read_text(), self_signed, tmp_path))
    assert result.returncode == 0, result.stderr


def test_nginx_refuses_a_broken_copy(self_signed, tmp_path):
    broken = CONF.read_text().replace("proxy_pass http://writers_app;\n    }\n\n    location /api/auth/",
                                      "proxy_pass http://writers_app\n    }\n\n    location /api/auth/")
    assert broken != CONF.read_text()
    result = nginx_t(mapped_copy(broken, self_signed, tmp_path))
    assert result.returncode != 0
    missing_cert = nginx_t(mapped_copy(CONF.read_text(), tmp_path / "nowhere", tmp_path))
    assert missing_cert.returncode != 0


def block(text: str, header: str) -> str:
    """The body of the first `header { ... }` block."""
    start = text.index(header)
    depth, i = 0, text.index("{", start)
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j]
    raise AssertionError(f"unclosed {header}")


def test_the_config_does_what_the_deployment_needs():
    from writers_app.settings import Settings

    text = CONF.read_text()
    plain = text.split("server {")[1]
    assert "return 301 https://" in plain  # HTTP only redirects
    assert "ssl_certificate " in text and "listen 443 ssl" in text
    upstream = block(text, "upstream writers_app")
    assert re.search(r"hash \$writers_route consistent;|ip_hash;", upstream)
    assert "max_fails=" in upstream and "fail_timeout=" in upstream
    assert "proxy_next_upstream error timeout" in text
    for header in ("Host $http_host", "X-Forwarded-Host $http_host", "X-Forwarded-Proto $scheme",
                   "X-Forwarded-For $proxy_add_x_forwarded_for"):
        assert f"proxy_set_header {header};" in text, header
    event = block(text, "location /_event")
    assert "proxy_set_header Upgrade $http_upgrade;" in event
    assert "proxy_set_header Connection $connection_upgrade;" in event
    assert "limit_req zone=" in block(text, "location /api/auth/")
    assert "limit_req zone=" in block(text, "location /api/v1/")
    assert "return 404;" in block(text, "location = /metrics")
    assert "immutable" in text and "max-age=31536000" in text
    # The body limit follows the upload limit (the API allows UPLOAD_MAX_BYTES + 64 KiB).
    default = Settings.model_fields["upload_max_bytes"].default
    size = re.search(r"^    client_max_body_size (\d+)m;", text, flags=re.M)
    assert size and int(size.group(1)) * 1024 * 1024 >= default + 64 * 1024
    files = Settings.model_fields["upload_max_files"].default
    upload = re.search(r"client_max_body_size (\d+)m;", block(text, "location /_upload"))
    assert upload and int(upload.group(1)) * 1024 * 1024 >= files * default
