"""Benchmark: a login with an unknown e-mail against one with a wrong password (same cost?).

Run: python bench/bench_auth.py [--rounds 12] [--runs 15]

The two answers are the same, so only time could tell an attacker which e-mails have accounts.
Prints the median wall time of each and their ratio (1.00 = indistinguishable). The test suite
checks the cause instead (one bcrypt check at the account's cost on both paths).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, SQLModel  # noqa: E402

import writers_app.models  # noqa: E402,F401
from writers_app.db import make_engine  # noqa: E402
from writers_app.services import auth  # noqa: E402
from writers_app.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, app_env="test", database_url=f"sqlite:///{tmp}/bench.db",
                            secret_key="bench-" + "x" * 40, bcrypt_rounds=args.rounds,
                            storage_dir=Path(tmp) / "storage", outbox_dir=Path(tmp) / "outbox")
        engine = make_engine(settings.database_url)
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            auth.register_user(session=session, settings=settings, email="known@example.com",
                               display_name="Known", password="a long enough pass")
            session.commit()

            def median_seconds(email: str) -> float:
                runs = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    auth.authenticate(session=session, settings=settings, email=email, password="wrong password!")
                    runs.append(time.perf_counter() - started)
                return statistics.median(runs)

            median_seconds("nobody@example.com")  # the dummy hash is made once per cost
            for round_ in (1, 2):
                unknown, wrong = median_seconds("nobody@example.com"), median_seconds("known@example.com")
                print(f"round {round_}: unknown e-mail {1000 * unknown:.1f} ms, wrong password "
                      f"{1000 * wrong:.1f} ms, ratio {unknown / wrong:.2f}")
        engine.dispose()


if __name__ == "__main__":
    main()
