"""Processes the tests start resolve loopback names only: no DNS query leaves the machine."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import socket
print(socket.getaddrinfo("localhost", 80)[0][4][0] in ("127.0.0.1", "::1"))
try:
    socket.getaddrinfo("hostile.example", 80)
except socket.gaierror as exc:
    print("refused:", exc)
"""


def test_a_started_process_resolves_loopback_names_only():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60).stdout
    assert out.splitlines()[0] == "True"
    assert "tests resolve loopback names only, not 'hostile.example'" in out
