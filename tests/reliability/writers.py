"""Protocol-level writers saving through a fault, as the editor does: one save at a time,
sent again with the same id after an "editor.retry" answer (with backoff) or no answer at all;
and the check that each piece holds exactly what its acknowledged saves made."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from tests.support.reflex_client import EDITOR, Writer, login_all, paragraph, piece_blocks
from tests.support.saves import wait_folded
from writers_app.db import make_engine
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.formats.sanitize import sanitize_html
from writers_app.models import Task

BACK_DEADLINE_S = 60  # generous: the figure itself goes to the ledger, not to an assertion
# No answer this long: the same save again, as the editor does (5 s, then 10, then 15 s).
ACK_WAITS_S = (5, 10, 15)


@dataclass
class Tally:
    sent: int = 0
    acknowledged: int = 0
    retry_answers: int = 0
    retried_saves: int = 0
    no_answer: int = 0
    refused: list[dict] = field(default_factory=list)
    ack_times: list[float] = field(default_factory=list)
    per_writer: dict[int, int] = field(default_factory=dict)


def seed_writers(database_url: str, tmp: Path, count: int, *, prefix: str) -> list[Writer]:
    cheap = make_settings(tmp, database_url=database_url, bcrypt_rounds=4)
    engine = make_engine(database_url)
    writers = []
    with Session(engine, expire_on_commit=False) as session:
        for i in range(count):
            blocks = piece_blocks(400, seed=i)  # 8 paragraphs of 50 words
            user = make_writer(session, cheap, email=f"{prefix}-{i}-{uuid.uuid4().hex[:6]}@example.com")
            task = make_task(session, user, title=f"Piece {i}", body_html="".join(blocks))
            writers.append(Writer(index=i, email=user.email, task_id=task.id, blocks=blocks, revision=task.revision))
        session.commit()
    engine.dispose()
    return writers


async def save_until_stored(writer: Writer, tally: Tally) -> None:
    """One save, sent again (same id) until the server acknowledges it, as the editor does."""
    i = writer.rng.randrange(len(writer.blocks))
    new = paragraph(writer.rng, 20, tag=f"w{writer.index}r{writer.revision}")
    save_id = str(uuid.uuid4())
    payload = {"task_id": writer.task_id, "save_id": save_id, "base_revision": writer.revision, "start": i,
               "delete_count": 1, "blocks": [new], "blocks_before": len(writer.blocks),
               "blocks_after": len(writer.blocks), "explicit": False}
    tally.sent += 1
    backoff, retried, unanswered = 0.5, False, 0
    while True:
        waiter = writer.expect("save:" + save_id)
        writer.emit(f"{EDITOR}.save", {"payload": payload})
        try:
            ack = await asyncio.wait_for(waiter, ACK_WAITS_S[min(unanswered, len(ACK_WAITS_S) - 1)])
        except asyncio.TimeoutError:
            writer.waiters.pop("save:" + save_id, None)
            unanswered += 1
            tally.no_answer += 1
            retried = True
            continue
        if ack.get("error") == "editor.retry":
            tally.retry_answers += 1
            retried = True
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)
            continue
        if ack.get("error"):
            tally.refused.append(ack)
            raise AssertionError(f"save refused with {ack}")
        break
    writer.blocks[i] = new
    writer.revision = ack["revision"]
    tally.acknowledged += 1
    tally.retried_saves += retried
    tally.per_writer[writer.index] = tally.per_writer.get(writer.index, 0) + 1
    tally.ack_times.append(time.monotonic())


def run_writers(stack, writers: list[Writer], tally: Tally, ready: threading.Event, stop: threading.Event,
                 errors: list[BaseException]) -> None:
    async def main() -> None:
        await login_all(stack.app_url(0), writers)
        for n, writer in enumerate(writers):  # half on each instance
            await writer.open("127.0.0.1", stack.app_ports[n % 2])
        ready.set()

        async def loop(writer: Writer) -> None:
            while not stop.is_set():
                await save_until_stored(writer, tally)
                await asyncio.sleep(writer.rng.uniform(0.2, 0.6))

        try:
            await asyncio.gather(*(loop(w) for w in writers))
        finally:
            for writer in writers:
                writer.socket.close()
                if writer.reader_task:
                    writer.reader_task.cancel()

    try:
        asyncio.run(main())
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        errors.append(exc)
        ready.set()


def wait(condition, what: str, deadline_s: float = BACK_DEADLINE_S) -> float:  # noqa: ANN001
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {deadline_s} s")


def pieces_match(database_url: str, writers: list[Writer], tally: Tally, initial: dict[int, int]) -> int:
    """How many pieces hold exactly their acknowledged saves: the text of the last one, and one
    revision per acknowledged save (none lost, none stored twice)."""
    engine = make_engine(database_url)
    matching = 0
    wait_folded(engine, [w.task_id for w in writers])  # the server folds the save log after the acks
    with Session(engine) as session:
        stored = {t.id: t for t in session.exec(select(Task).where(Task.id.in_([w.task_id for w in writers])))}
        for writer in writers:
            expected = BlockDocument.from_blocks([b for block in writer.blocks for b in split_blocks(sanitize_html(block))])
            task = stored[writer.task_id]
            matching += (task.revision == writer.revision and task.body_text == expected.text
                         and task.revision - initial[writer.index] == tally.per_writer.get(writer.index, 0))
    engine.dispose()
    return matching
