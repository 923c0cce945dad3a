"""Operator commands: `python -m writers_app.cli migrate | create-admin | check-config`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys

from writers_app.logs import configure_logging

log = logging.getLogger("writers_app.cli")


def migrate(database_url: str | None = None) -> None:
    """alembic upgrade head: run as a start-up/deploy step, never at import time."""
    from alembic import command
    from alembic.config import Config

    from writers_app.settings import PROJECT_ROOT

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    if database_url:
        cfg.attributes["database_url"] = database_url
    command.upgrade(cfg, "head")


def _create_admin(args: argparse.Namespace) -> int:
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
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        log.info("database is at the latest migration")
        return 0
    if args.command == "create-admin":
        return _create_admin(args)
    if args.command == "check-config":
        from writers_app.settings import get_settings

        log.info("configuration", extra={"settings": get_settings().public_summary()})
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
