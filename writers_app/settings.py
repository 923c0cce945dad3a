"""Application settings: one pydantic-settings object read from the environment and `.env`."""

from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
_PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "changethis", "please-change", "xxx", "dev"}
MIN_SECRET_LENGTH = 32
DEFAULT_PUBLIC_URL = "http://localhost:3000"
# `reflex run --frontend-port/--backend-port` puts the ports here for the server processes.
_SERVED_PORT_VARIABLES = ("REFLEX_FRONTEND_PORT", "REFLEX_BACKEND_PORT")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_env: Literal["dev", "prod", "test"] = "dev"
    database_url: str = f"sqlite:///{DATA_DIR / 'writers.db'}"
    # An optional streaming replica (PostgreSQL) for list and search reads; see services/reads.py.
    database_read_url: str | None = None
    redis_url: str | None = None
    # One Redis, separate databases per purpose (the URL's own db number is replaced).
    redis_queue_db: int = Field(default=0, ge=0, le=15)
    redis_state_db: int = Field(default=1, ge=0, le=15)
    redis_cache_db: int = Field(default=2, ge=0, le=15)
    secret_key: SecretStr | None = None
    # Public origin the app is served at, used in e-mails and for websocket origin checks. Unset,
    # it is http://localhost on the port actually served (`reflex run --frontend-port`), never a
    # fixed :3000 that another local program might be serving.
    public_url: str = DEFAULT_PUBLIC_URL
    session_lifetime_hours: int = Field(default=24 * 14, ge=1, le=24 * 365)
    password_reset_minutes: int = Field(default=30, ge=5, le=60)
    # How long the link that confirms a new e-mail address works, and how long an
    # "export everything" zip can be downloaded before it is deleted.
    email_change_hours: int = Field(default=24, ge=1, le=72)
    data_export_hours: int = Field(default=48, ge=1, le=24 * 14)
    storage_dir: Path = DATA_DIR / "storage"
    outbox_dir: Path = DATA_DIR / "outbox"
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    upload_max_files: int = Field(default=20, ge=1)
    bcrypt_rounds: int = Field(default=12, ge=4, le=16)
    # SMTP: unset host means "write mail to the outbox folder" (development and tests).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    mail_from: str = "Writers <no-reply@localhost>"
    log_level: str = "INFO"
    # At most this many of one writer's tasks are processed at once; the rest wait their turn
    # without holding worker threads, so one writer's 500 uploads do not starve the others.
    per_writer_concurrency: int = Field(default=2, ge=1, le=64)
    # A writer who signs up on the register page gets a short sample piece in their language,
    # queued for analysis, so the first dashboard and editor show what the app does.
    sample_piece: bool = True
    # Webhooks may not target private or loopback addresses unless this is set (development).
    webhooks_allow_private: bool = False
    # Each phase of a delivery (connect, send, read) gives up after this long; a receiver that
    # hangs costs one worker thread that long, then the attempt is logged and retried with backoff.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Rate limits (the `limits` library's notation: "N/period" or "N per M seconds"), kept in
    # Redis (the cache database) when Redis is configured, in memory in embedded mode.
    rate_limit_login_ip: str = "30 per 5 minutes"
    rate_limit_login_account: str = "8 per 15 minutes"  # failed attempts; then locked out
    rate_limit_register_ip: str = "10 per hour"
    rate_limit_register_account: str = "5 per hour"
    rate_limit_api: str = "600 per minute"  # per token (or per user for login tokens)
    # Password-reset requests: each one mails a link, so both the sender and the inbox are limited.
    rate_limit_reset_ip: str = "10 per hour"
    rate_limit_reset_account: str = "3 per hour"  # per e-mail asked for, existing or not
    # Origins (scheme://host[:port]) other sites may call the REST API from; none by default.
    cors_allow_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Reverse proxies (IPs or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed:
    # rate limits and logs then see the real client address. Empty: headers ignored.
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # When set, /metrics wants `Authorization: Bearer <token>` (Prometheus `authorization`).
    metrics_token: SecretStr | None = None
    # Seconds cached figures (dashboard summary, analysis results) may live; writes invalidate.
    cache_ttl_seconds: int = Field(default=300, ge=1)
    # A deleted piece waits this many days in the trash (restorable) before it is purged for good.
    trash_days: int = Field(default=30, ge=1, le=3650)

    @field_validator("rate_limit_login_ip", "rate_limit_login_account", "rate_limit_register_ip",
                     "rate_limit_register_account", "rate_limit_api", "rate_limit_reset_ip",
                     "rate_limit_reset_account")
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        from limits import parse

        parse(value)  # raises ValueError with the notation's rules
        return value

    @field_validator("cors_allow_origins", mode="before")
    @classmethod
    def _split_origins(cls, value):
        if isinstance(value, str):
            value = [v.strip() for v in value.replace(",", " ").split() if v.strip()]
        for origin in value:
            if origin == "*" or not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
                raise ValueError(f"CORS origin {origin!r} must look like https://example.com ('*' is refused)")
        return [o.rstrip("/") for o in value]

    @field_validator("forwarded_allow_ips", mode="before")
    @classmethod
    def _split_networks(cls, value):
        import ipaddress

        if isinstance(value, str):
            value = [v.strip() for v in value.replace(",", " ").split() if v.strip()]
        for network in value:
            ipaddress.ip_network(network, strict=False)  # raises ValueError with the reason
        return value
    # Life of the bearer JWT that POST /api/v1/auth/token hands out (personal tokens live longer).
    api_jwt_minutes: int = Field(default=60, ge=5, le=24 * 60)

    @field_validator("redis_url", "smtp_host", "database_read_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        return value or None

    @model_validator(mode="after")
    def _check_secret(self) -> "Settings":
        key = self.secret_key.get_secret_value() if self.secret_key else ""
        if self.app_env == "prod":
            if not key:
                raise ValueError("SECRET_KEY is required when APP_ENV=prod (generate one with: "
                                 "python -c 'import secrets; print(secrets.token_urlsafe(48))')")
            if key.lower() in _PLACEHOLDER_SECRETS or len(key) < MIN_SECRET_LENGTH:
                raise ValueError(f"SECRET_KEY looks like a placeholder or is shorter than "
                                 f"{MIN_SECRET_LENGTH} characters; set a long random value")
            # /metrics names routes, users' activity and the queues: never public in production.
            metrics = self.metrics_token.get_secret_value().strip() if self.metrics_token else ""
            if not metrics:
                raise ValueError("METRICS_TOKEN is required when APP_ENV=prod (/metrics would be public); "
                                 "Prometheus sends it as `Authorization: Bearer <token>`")
        elif not key:
            self.secret_key = SecretStr(_dev_secret_key())
        return self

    @model_validator(mode="after")
    def _public_url_follows_the_served_port(self) -> "Settings":
        if "public_url" not in self.model_fields_set:
            self.public_url = served_public_url()
        return self

    @property
    def is_prod(self) -> bool:
        return self.app_env == "prod"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def public_origin(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def embedded_mode(self) -> bool:
        """No Redis: in-process worker and a single server worker."""
        return self.redis_url is None

    def redis_url_for(self, db: int) -> str | None:
        if not self.redis_url:
            return None
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.redis_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))

    @property
    def reflex_state_redis_url(self) -> str | None:
        return self.redis_url_for(self.redis_state_db)

    @property
    def queue_redis_url(self) -> str | None:
        return self.redis_url_for(self.redis_queue_db)

    @property
    def cache_redis_url(self) -> str | None:
        return self.redis_url_for(self.redis_cache_db)

    def secret(self) -> str:
        assert self.secret_key is not None
        return self.secret_key.get_secret_value()

    def public_summary(self) -> dict[str, str]:
        """Configuration with every secret masked (for logs and the admin system page)."""
        out: dict[str, str] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr) or name in {"secret_key", "smtp_password", "metrics_token"}:
                out[name] = "********" if value else ""
            elif name in {"database_url", "redis_url"} and value:
                out[name] = _mask_url(str(value))
            else:
                out[name] = str(value)
        return out


def served_public_url() -> str:
    """http://localhost on the port the pages are served from (as `reflex run` was told), else the
    default."""
    for name in _SERVED_PORT_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value.isdigit() and 0 < int(value) < 65536:
            return f"http://localhost:{int(value)}"
    return DEFAULT_PUBLIC_URL


def _mask_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy understands (e.g. redis://): mask any password
        if "@" in url and "://" in url:
            scheme, rest = url.split("://", 1)
            return f"{scheme}://***@{rest.split('@', 1)[1]}"
        return url


def _dev_secret_key() -> str:
    """A development key generated once and kept under ./data so sessions survive restarts."""
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        log.info("generated a development secret key", extra={"path": str(path)})
        return key


_override: Settings | None = None


def get_settings() -> Settings:
    """The settings in force: read from the environment once, unless a test put its own."""
    return _override if _override is not None else _from_environment()


@lru_cache
def _from_environment() -> Settings:
    return Settings()


def use_settings(settings: Settings | None) -> None:
    """Put `settings` in force for every caller of get_settings() (None: back to the
    environment's). Tests use it through one fixture instead of patching each importer."""
    global _override
    _override = settings
