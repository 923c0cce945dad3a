"""Webhook targets: IPv6 forms embedding a non-public IPv4 are refused (no network: the check
itself), and a delivery resolves the name once and connects to that address, keeping the name in
the Host header (and TLS SNI). Traffic goes to a loopback receiver only."""

import ipaddress
import socket

import pytest
from sqlmodel import select

from tests.conftest import make_settings
from tests.factories import make_writer
from tests.unit.test_webhooks import Receiver
from writers_app.models import WebhookDelivery
from writers_app.services import webhooks
from writers_app.services.errors import ServiceError

FAKE_NAME = "hooks.example.test"


@pytest.mark.parametrize("address", [
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped
    "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.1.2.3", "64:ff9b:1::192.168.0.1",  # NAT64
    "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::",  # 6to4
    "::127.0.0.1", "::10.0.0.1", "::169.254.169.254",  # IPv4-compatible
    "::ffff:0:127.0.0.1", "::ffff:0:10.0.0.1", "::ffff:0:169.254.169.254",  # IPv4-translated
    "::1", "fe80::1", "fc00::1",
])
def test_ipv6_forms_of_private_ipv4_addresses_are_not_public(address):
    assert not webhooks.address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["64:ff9b::8.8.8.8", "2002:808:808::1", "::ffff:8.8.8.8", "2606:4700::1111",
                                     "8.8.8.8"])
def test_public_addresses_stay_public(address):
    assert webhooks.address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::127.0.0.1"])
def test_a_name_resolving_to_an_embedded_private_address_is_refused(settings, monkeypatch, address):
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))])
    with pytest.raises(ServiceError) as err:
        webhooks.resolve_target(f"https://{FAKE_NAME}/hook", settings=settings)
    assert err.value.code == "webhook.url_private"


@pytest.mark.parametrize("url", ["http://[::1/hook", "http://example.com:99999/", "http://example.com:abc/",
                                 "http://example.com:0/", "http://[not-an-ip]/", "https://]x[/"])
def test_bad_ports_and_brackets_are_invalid_urls(settings, url):
    with pytest.raises(ServiceError) as err:
        webhooks.parse_url(url)
    assert err.value.code == "webhook.url_invalid"


def test_delivery_connects_to_the_address_resolved_once_and_keeps_the_name(db, settings, monkeypatch):
    dev = make_settings(settings.storage_dir.parent, webhooks_allow_private=True)
    real_getaddrinfo = socket.getaddrinfo
    lookups: list[str] = []

    def fake_dns(host, port, *args, **kwargs):
        if host == FAKE_NAME:
            lookups.append(host)
            return real_getaddrinfo("127.0.0.1", port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    receiver = Receiver(answers=[204])
    try:
        writer = make_writer(db, dev)
        url = f"http://{FAKE_NAME}:{receiver.server.server_port}/hook?x=1"
        hook, _secret = webhooks.create_webhook(session=db, settings=dev, owner_id=writer.id, url=url)
        lookups.clear()
        ok = webhooks.deliver(session=db, settings=dev, webhook_id=hook.id, event="ping", task_id=None, attempt=1)
    finally:
        receiver.close()
    assert ok
    assert lookups == [FAKE_NAME]  # resolved once, by the check: httpx connected to that address
    headers, _body = receiver.requests[0]
    assert headers["Host"] == f"{FAKE_NAME}:{receiver.server.server_port}"
    pinned, host, extensions = webhooks._pinned_request(f"https://{FAKE_NAME}/x", settings=dev)
    assert pinned == "https://127.0.0.1/x" and host == {"Host": FAKE_NAME} and extensions == {"sni_hostname": FAKE_NAME}


def test_delivery_to_a_name_now_pointing_inside_is_not_sent(db, settings, monkeypatch):
    writer = make_writer(db, settings)
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2606:4700::1111", port, 0, 0))])
    hook, _secret = webhooks.create_webhook(session=db, settings=settings, owner_id=writer.id,
                                            url=f"https://{FAKE_NAME}/hook")
    # Rebound to the host itself, in an IPv4-mapped form: refused before any connection.
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:127.0.0.1", port, 0, 0))])
    assert not webhooks.deliver(session=db, settings=settings, webhook_id=hook.id, event="ping", task_id=None,
                                attempt=1)
    row = db.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)).one()
    assert row.error == "webhook.url_private" and row.status_code is None
