"""Operator commands: `python -m writers_app.cli migrate | create-admin | check-config | wait-db | serve`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from writers_app.logs import configure_logging

log = logging.getLogger("writers_app.cli")


# pg_advisory_lock key held while migrating ("Writers" in ASCII): every `migrate` started at
# once (each replica's init container, two deploys) takes it in turn; the later ones find the
# database already at head and do nothing.
MIGRATION_LOCK_KEY = 0x57726974657273


def _revision(connection) -> str | None:  # noqa: ANN001
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def migrate(database_url: str | None = None) -> tuple[str | None, str | None]:
    """alembic upgrade head: run as a start-up/deploy step, never at import time.

    On PostgreSQL the upgrade runs under a session-level advisory lock, so concurrent
    migrations serialise. Returns the revision found once the lock was held and the one left
    (equal when there was nothing to do)."""
    from alembic import command
    from alembic.config import Config

    # Imported on use: the CLI imports nothing of the app at start, so `serve` can prepare the metrics
    # directory before prometheus_client (which writers_app.db pulls in) is first imported.
    from writers_app.db import make_engine
    from writers_app.settings import PROJECT_ROOT, get_settings

    url = database_url or get_settings().database_url
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    cfg.attributes["database_url"] = url
    if not url.startswith("postgresql"):
        command.upgrade(cfg, "head")
        return None, None

    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock_conn:
            if not lock_conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY}).scalar():
                log.info("another migration holds the lock: waiting for it")
                lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            try:
                before = _revision(lock_conn)
                command.upgrade(cfg, "head")
                after = _revision(lock_conn)
            finally:
                lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
    finally:
        engine.dispose()
    if before == after:
        log.info("nothing to migrate", extra={"revision": after})
    else:
        log.info("migrated", extra={"from_revision": before, "to_revision": after})
    return before, after


def wait_for_database(timeout: float, database_url: str | None = None) -> bool:
    """Until `SELECT 1` answers (containers start in any order); False after `timeout` s."""
    import time

    from sqlalchemy import text

    # Imported on use (see the note in migrate): the CLI's start imports nothing of the app.
    from writers_app.db import make_engine
    from writers_app.settings import get_settings

    engine = make_engine(database_url or get_settings().database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return True
            except Exception as exc:  # noqa: BLE001  (any driver error: not up yet)
                if time.monotonic() >= deadline:
                    log.error("database not reachable", extra={"error": str(exc)[:200]})
                    return False
                log.info("waiting for the database")
                time.sleep(1)
    finally:
        engine.dispose()


def serve(host: str, port: int) -> None:
    """The production server on one port, from the frontend built into the image: unlike
    `reflex run --env prod`, never compiles or builds anything at start."""
    from reflex.utils import exec as reflex_exec
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    reflex_exec.run_backend_prod(host, port, get_config().loglevel.subprocess_level(),
                                 mount_frontend_compiled_app=True)


def _create_admin(args: argparse.Namespace) -> int:
    # Imported on use (see the note in migrate): the CLI's start imports nothing of the app.
    from writers_app.db import session_scope
    from writers_app.services import auth as auth_service
    from writers_app.services.errors import ServiceError
    from writers_app.settings import get_settings

    password = os.environ.get("WRITERS_ADMIN_PASSWORD") or ""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        password = getpass.getpass("Password for the new admin: ")
    try:
        with session_scope() as session:
            user = auth_service.create_admin(
                session=session, settings=get_settings(), email=args.email,
                display_name=args.name or args.email.split("@")[0], password=password,
            )
            log.info("admin ready", extra={"user_id": user.id})
    except ServiceError as exc:
        # Imported on use (see the note in migrate): the CLI's start imports nothing of the app.
        from writers_app.i18n import translate

        log.error("could not create the admin: %s", translate(exc.code, "en"))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    parser = argparse.ArgumentParser(prog="python -m writers_app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations (alembic upgrade head)")
    admin = sub.add_parser("create-admin", help="create the first admin, or promote an account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="")
    admin.add_argument("--password-stdin", action="store_true",
                       help="read the password from standard input (else WRITERS_ADMIN_PASSWORD or a prompt)")
    sub.add_parser("check-config", help="validate settings and log them with secrets masked")
    wait = sub.add_parser("wait-db", help="wait until the database answers (exit 1 after --timeout s)")
    wait.add_argument("--timeout", type=float, default=60)
    srv = sub.add_parser("serve", help="serve the prebuilt frontend and the backend (production)")
    srv.add_argument("--host", default="0.0.0.0")  # noqa: S104  (inside a container)
    srv.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        log.info("database is at the latest migration")
        return 0
    if args.command == "wait-db":
        return 0 if wait_for_database(args.timeout) else 1
    if args.command == "serve":
        serve(args.host, args.port)
        return 0
    if args.command == "create-admin":
        return _create_admin(args)
    if args.command == "check-config":
        # Imported on use (see the note in migrate): the CLI's start imports nothing of the app.
        from writers_app.settings import get_settings

        log.info("configuration", extra={"settings": get_settings().public_summary()})
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
