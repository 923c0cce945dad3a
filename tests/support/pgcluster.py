"""Private PostgreSQL clusters for tests that stop, restart or replicate a server: made with
initdb on their own port and socket directory, so the machine's shared server is never touched.

`Cluster.primary(path)` makes a primary that accepts streaming replication;
`cluster.replica(path)` makes a hot standby of it with pg_basebackup. As root, the server
programs run as the `postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import free_port


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)


def workdir() -> Path:
    """A fresh folder the server user can reach (pytest's own tmp folders are root-only)."""
    path = Path(tempfile.mkdtemp(prefix="writers-pg-"))
    _own(path)
    return path


@dataclass
class Cluster:
    data: Path
    port: int
    sockets: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(_as_server_user([str(bindir() / args[0]), *args[1:]]), capture_output=True,
                              text=True, check=False, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
        return done

    @classmethod
    def primary(cls, path: Path) -> "Cluster":
        path.mkdir(parents=True, exist_ok=True)
        _own(path)
        data, sockets = path / "data", path / "sockets"
        sockets.mkdir(exist_ok=True)
        _own(sockets)
        cluster = cls(data=data, port=free_port(), sockets=sockets)
        cluster._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        with (data / "postgresql.conf").open("a") as conf:
            conf.write("\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n"
                       "full_page_writes = off\nlisten_addresses = '127.0.0.1'\n")
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write("\nhost replication all 127.0.0.1/32 trust\n")
        cluster.start()
        return cluster

    def replica(self, path: Path) -> "Cluster":
        path.mkdir(parents=True, exist_ok=True)
        _own(path)
        data, sockets = path / "data", path / "sockets"
        sockets.mkdir(exist_ok=True)
        _own(sockets)
        standby = Cluster(data=data, port=free_port(), sockets=sockets)
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-D", str(data),
                  "-R", "-X", "stream", "--no-sync")
        standby.start()
        return standby

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data.parent / "server.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.sockets}", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop", check=False)

    def wait_ready(self, deadline_s: float = 60) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode == 0:
                return
            time.sleep(0.2)
        raise TimeoutError(f"PostgreSQL on port {self.port} did not answer within {deadline_s} s")
