"""A protocol-level Reflex client (no browser): a small Engine.IO 4 / Socket.IO 5 client over
asyncio streams (RFC 6455 framing by hand, so a load of writers costs little CPU), writers that
log in over HTTP (POST /api/auth/login, the session cookie), open a websocket with that cookie,
hydrate on the editor route of their own piece and send valid editor saves (one-paragraph
block deltas, acknowledged by the `ack` var carrying their save id).

Used by bench/bench_events.py and by tests/reliability (writers saving through faults).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import struct
import uuid
from dataclasses import dataclass, field

WORDS_PER_BLOCK = 50
EVENT_TIMEOUT = 60.0
VOCABULARY = ("the of and a to in was he she it that his her with as at for on they had but not from by were one "
              "river house morning letter window garden mother father winter summer evening story silence voice "
              "road city harbour lamp shadow promise journey question answer remembered walked whispered").split()

ROOT_STATE = "reflex___state____state"
EDITOR = f"{ROOT_STATE}.writers_app___pages___editor___state____editor_state"
DASHBOARD = f"{ROOT_STATE}.writers_app___pages___dashboard___state____dashboard_state"


def paragraph(rng: random.Random, words: int, tag: str = "") -> str:
    chosen = [rng.choice(VOCABULARY) for _ in range(words - (1 if tag else 0))]
    if tag:
        chosen.append(tag)
    chosen[0] = chosen[0].capitalize()
    return f'<p dir="ltr">{" ".join(chosen)}.</p>'


def piece_blocks(words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng, WORDS_PER_BLOCK) for _ in range(max(1, words // WORDS_PER_BLOCK))]


# --- A minimal websocket + Engine.IO/Socket.IO client -------------------------------------------

class Socket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, host: str, port: int, path: str, headers: dict[str, str]) -> "Socket":
        reader, writer = await asyncio.open_connection(host, port, limit=64 * 1024 * 1024)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n")
        writer.write(request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(f"websocket refused: {head[:200]!r}")
        return cls(reader, writer)

    def send(self, text: str) -> None:
        data = text.encode()
        n = len(data)
        head = bytearray([0x81])
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        # The mask is required of a client; zeros keep the payload as it is (no per-byte XOR in Python).
        self.writer.write(bytes(head) + b"\x00\x00\x00\x00" + data)

    async def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = await self.reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the server")
            if opcode == 0x9:  # ping
                self.writer.write(bytes([0x8A, 0x80]) + b"\x00\x00\x00\x00")
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self) -> None:
        try:
            self.writer.write(bytes([0x88, 0x80]) + b"\x00\x00\x00\x00")
            self.writer.close()
        except Exception:  # noqa: BLE001
            pass


@dataclass
class Writer:
    index: int
    email: str
    task_id: int
    blocks: list[str]
    cookie: str = ""
    revision: int = 1
    socket: Socket | None = None
    waiters: dict[str, asyncio.Future] = field(default_factory=dict)
    reader_task: asyncio.Task | None = None
    sent_last: str = ""
    rng: random.Random = field(default_factory=random.Random)
    toggles: int = 0

    def router_data(self) -> dict:
        path = f"/tasks/{self.task_id}"
        return {"pathname": path, "asPath": path, "query": {"task_id": str(self.task_id)}}

    def emit(self, name: str, payload: dict) -> None:
        event = {"name": name, "payload": payload, "router_data": self.router_data()}
        self.socket.send("42/_event," + json.dumps(["event", event]))

    def expect(self, key: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiters[key] = future
        return future

    def resolve(self, key: str, value) -> None:  # noqa: ANN001
        future = self.waiters.pop(key, None)
        if future is not None and not future.done():
            future.set_result(value)

    async def read_forever(self) -> None:
        try:
            while True:
                message = await self.socket.recv()
                if message == "2":
                    self.socket.send("3")
                    continue
                if not message.startswith("42/_event,"):
                    if message.startswith("44/_event"):
                        self.fail(RuntimeError(f"connect refused: {message[:300]}"))
                    continue
                name, body = json.loads(message[len("42/_event,"):])[:2]
                if name != "event":
                    continue
                update = json.loads(body) if isinstance(body, str) else body
                self.on_delta(update.get("delta") or {})
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            self.fail(exc)

    def fail(self, exc: BaseException) -> None:
        for future in self.waiters.values():
            if not future.done():
                future.set_exception(exc)
        self.waiters.clear()

    def on_delta(self, delta: dict) -> None:
        root = delta.get(ROOT_STATE) or {}
        if root.get("is_hydrated_rx_state_") is True:
            self.resolve("hydrated", True)
        editor = delta.get(EDITOR) or {}
        if editor.get("task_rx_state_") == self.task_id:
            self.resolve("loaded", True)
        ack = editor.get("ack_rx_state_")
        if isinstance(ack, dict) and ack.get("save_id"):
            self.resolve("save:" + ack["save_id"], ack)
        dashboard = delta.get(DASHBOARD) or {}
        if "selected_rx_state_" in dashboard:
            self.resolve("toggle", dashboard["selected_rx_state_"])

    async def open(self, host: str, port: int) -> None:
        self.socket = await Socket.connect(
            host, port, f"/_event/?token={uuid.uuid4()}&EIO=4&transport=websocket", {"Cookie": self.cookie})
        opening = await self.socket.recv()
        if not opening.startswith("0"):
            raise RuntimeError(f"unexpected Engine.IO open: {opening[:200]}")
        hydrated, loaded = self.expect("hydrated"), self.expect("loaded")
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {}, "router_data": self.router_data()}
        self.socket.send("40/_event," + json.dumps({"event": boot}))
        self.reader_task = asyncio.create_task(self.read_forever())
        await asyncio.wait_for(asyncio.gather(hydrated, loaded), EVENT_TIMEOUT)

    async def toggle(self) -> None:
        self.toggles += 1
        waiter = self.expect("toggle")
        self.emit(f"{DASHBOARD}.toggle_selected", {"task_id": str(self.toggles % 7 + 1), "checked": self.toggles % 2 == 0})
        await asyncio.wait_for(waiter, EVENT_TIMEOUT)

    async def save(self) -> None:
        """A one-paragraph delta: block i replaced by a new paragraph of the same length."""
        i = self.rng.randrange(len(self.blocks))
        new = paragraph(self.rng, WORDS_PER_BLOCK, tag=f"edit{self.revision}")
        save_id = str(uuid.uuid4())
        payload = {"task_id": self.task_id, "save_id": save_id, "base_revision": self.revision, "start": i,
                   "delete_count": 1, "blocks": [new], "blocks_before": len(self.blocks),
                   "blocks_after": len(self.blocks), "explicit": False}
        waiter = self.expect("save:" + save_id)
        self.emit(f"{EDITOR}.save", {"payload": payload})
        ack = await asyncio.wait_for(waiter, EVENT_TIMEOUT)
        if ack.get("error"):
            raise RuntimeError(f"save refused: {ack}")
        self.blocks[i] = new
        self.revision = ack["revision"]


async def login_all(base_url: str, writers: list[Writer]) -> None:
    import httpx

    from tests.factories import PASSWORD
    from writers_app.services.sessions import SESSION_COOKIE

    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        for writer in writers:
            response = await client.post("/api/auth/login", data={"email": writer.email, "password": PASSWORD})
            # Read from Set-Cookie itself: in production the cookie is Secure, and a cookie jar
            # would not hand it back over the plain http a test talks to an instance with.
            token = next((h.split(";", 1)[0].split("=", 1)[1] for h in response.headers.get_list("set-cookie")
                          if h.startswith(f"{SESSION_COOKIE}=")), "")
            if response.status_code != 303 or not token:
                raise RuntimeError(f"login failed for {writer.email}: {response.status_code} {response.headers}")
            writer.cookie = f"{SESSION_COOKIE}={token}"
            client.cookies.clear()
