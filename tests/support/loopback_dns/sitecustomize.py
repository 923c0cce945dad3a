"""Loopback-only name lookups, for the tests and for every Python process they start.

tests/conftest.py puts this folder first on PYTHONPATH, so each app server, worker or script a
test starts imports it as `sitecustomize` at start-up: a hostile webhook URL's name then fails as
unknown instead of sending a DNS query to the machine's resolver, which is not a loopback address.
Loopback names (localhost, *.localhost) and address literals resolve as usual. The test process
itself gets the same guard from an autouse fixture (tests that need a name patch it themselves).
"""

from __future__ import annotations

import ipaddress
import socket

_real_getaddrinfo = socket.getaddrinfo


def loopback_only_getaddrinfo(host, port, *args, **kwargs):  # noqa: ANN001, ANN201
    name = host.decode() if isinstance(host, bytes) else host
    if name is None or name == "localhost" or str(name).endswith(".localhost"):
        return _real_getaddrinfo(host, port, *args, **kwargs)
    try:
        ipaddress.ip_address(str(name).split("%", 1)[0])
    except ValueError:
        raise socket.gaierror(socket.EAI_NONAME, f"tests resolve loopback names only, not {name!r}") from None
    return _real_getaddrinfo(host, port, *args, **kwargs)


if __name__ == "sitecustomize":  # started by a test: guard the whole process
    socket.getaddrinfo = loopback_only_getaddrinfo
