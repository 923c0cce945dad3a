"""The fault-injection suite's ledger: every fault a test injects, its outcome, the saves sent,
acknowledged, checked against the database and lost, and the figures measured on the way.

Tests call `fault(...)` when they inject one (and `.ok(...)` once it was survived), `saves(...)`
after checking saves; tests/reliability/conftest.py prints the whole ledger at the end of the
run and writes it to test-artifacts/reliability-summary.json, for the closing note to cite.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability"


@dataclass
class Fault:
    name: str
    outcome: str = "not survived (the test failed before its checks)"
    survived: bool = False

    def ok(self, outcome: str) -> None:
        self.outcome, self.survived = outcome, True


@dataclass
class Ledger:
    faults: list[Fault] = field(default_factory=list)
    saves_sent: int = 0
    saves_acknowledged: int = 0
    saves_retried: int = 0
    saves_checked: int = 0
    saves_lost: int = 0
    other_checked: dict[str, int] = field(default_factory=dict)
    other_lost: dict[str, int] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


LEDGER = Ledger()


def fault(name: str) -> Fault:
    """Record a fault just injected; call `.ok(outcome)` on the result once it was survived."""
    entry = Fault(name)
    LEDGER.faults.append(entry)
    return entry


def saves(*, sent: int = 0, acknowledged: int = 0, retried: int = 0, checked: int = 0, lost: int = 0) -> None:
    LEDGER.saves_sent += sent
    LEDGER.saves_acknowledged += acknowledged
    LEDGER.saves_retried += retried
    LEDGER.saves_checked += checked
    LEDGER.saves_lost += lost


def checked(kind: str, *, count: int, lost: int = 0) -> None:
    """Other things a fault could have lost (uploads, reset requests, webhook events...)."""
    LEDGER.other_checked[kind] = LEDGER.other_checked.get(kind, 0) + count
    LEDGER.other_lost[kind] = LEDGER.other_lost.get(kind, 0) + lost


def figure(name: str, value: float) -> None:
    LEDGER.figures[name] = round(float(value), 2)


def summary_lines() -> list[str]:
    led = LEDGER
    lines = [f"faults injected: {len(led.faults)}, survived: {sum(f.survived for f in led.faults)}"]
    lines += [f"  [{'ok' if f.survived else 'FAILED'}] {f.name}: {f.outcome}" for f in led.faults]
    lines.append(f"editor saves: {led.saves_sent} sent, {led.saves_acknowledged} acknowledged, "
                 f"{led.saves_retried} retried after a 'not saved' answer, {led.saves_checked} checked "
                 f"in the database, {led.saves_lost} lost")
    for kind, count in led.other_checked.items():
        lines.append(f"{kind}: {count} checked, {led.other_lost.get(kind, 0)} lost")
    lines += [f"figure: {name} = {value}" for name, value in led.figures.items()]
    return lines


def artifact(name: str) -> Path:
    """Where a screenshot of a fault as the writer saw it is kept (test-artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
