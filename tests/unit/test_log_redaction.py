"""No session cookie, JWT, API token or password reaches a log line, whoever logs it: Reflex logs
a whole event (router_data.headers.cookie included) when it names an unknown handler."""

import io
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter

from tests.support.aio import run
from writers_app import logs

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsInNpZCI6ImFiYyJ9.c2lnbmF0dXJlLXZhbHVl"
API_TOKEN = "wrt_Qm9vdHN0cmFwX3Rva2VuX3ZhbHVlXzEyMzQ1Njc4OTA"
PASSWORD = "correct horse battery staple"
SECRETS = (JWT, JWT.split(".")[0], API_TOKEN, PASSWORD, "hunter2-other")


def _capture() -> tuple[logging.Handler, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}", style="{"))
    return handler, out


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_reflex_logging_an_event_for_an_unknown_handler_leaks_nothing():
    import writers_app.writers_app  # noqa: F401  (the app module configures logging, as in a server)
    from reflex.istate.manager.memory import StateManagerMemory
    from reflex_base.event import Event
    from reflex_base.event.processor.event_processor import EventProcessor

    logs.configure_logging()
    handler, out = _capture()
    # Under the reflex CLI its logger has its own handlers and does not propagate: watch both.
    watched = [logging.getLogger(), logging.getLogger("reflex")]
    for logger in watched:
        logger.addHandler(handler)
    event = Event(name="state.no_such_handler", payload={"password": PASSWORD}, router_data={
        "headers": {"cookie": f"writers_session={JWT}; writers_lang=fa", "authorization": f"Bearer {API_TOKEN}"},
        "pathname": "/login"})

    async def send_unknown_event() -> None:
        processor = EventProcessor().configure(state_manager=StateManagerMemory())
        async with processor:
            await processor.enqueue("tab-token", event)
            await processor.join()

    try:
        run(send_unknown_event())
    finally:
        for logger in watched:
            logger.removeHandler(handler)
    text = out.getvalue()
    assert "no_such_handler" in text and "[redacted]" in text  # Reflex did log the event
    _assert_clean(text)


@pytest.mark.parametrize("message, args", [
    ("Error processing event queue entry for %s", ("Event(name='x', router_data={'headers': {'cookie': "
                                                   f"'writers_session={JWT}'}}, payload={{}})",)),
    ("headers: %r", ({"Cookie": f"writers_session={JWT}; a=b", "Authorization": f"Bearer {API_TOKEN}"},)),
    ("form %s", ("email=a%40example.com&password=hunter2-other&next=/",)),
    ('{"password": "%s", "new_password": "hunter2-other"}', (PASSWORD,)),
    ("token %s used", (API_TOKEN,)),
    ("jwt in a url /x?token=%s", (JWT,)),
    ("Set-Cookie: writers_session=%s; HttpOnly", (JWT,)),
])
def test_the_filter_scrubs_records_shaped_like_reflex_and_http_ones(message, args):
    # A record built by hand (not by the redacting record factory): the handler's filter alone.
    handler, out = _capture()
    handler.addFilter(logs.RedactingFilter())
    record = logging.LogRecord("reflex_base.event.processor.event_processor", logging.ERROR, __file__, 1,
                               message, args, None)
    handler.handle(record)
    text = out.getvalue()
    _assert_clean(text)
    assert "[redacted]" in text


def test_tracebacks_and_extra_fields_are_scrubbed():
    handler, out = _capture()
    handler.addFilter(logs.RedactingFilter())
    try:
        raise KeyError(f"No handler for Event(router_data={{'headers': {{'cookie': 'writers_session={JWT}'}}}})")
    except KeyError:
        record = logging.LogRecord("reflex", logging.ERROR, __file__, 1, "failed", None, __import__("sys").exc_info())
    record.origin = f"Bearer {API_TOKEN}"
    handler.handle(record)
    text = out.getvalue()
    assert "KeyError" in text
    _assert_clean(text)


def test_ordinary_messages_are_left_alone():
    for text in ("password reset mailed", "the token expired", "user registered", "login failed"):
        assert logs.redact(text) == text


def test_configure_logging_installs_the_filter_on_reflex_and_root():
    logs.install_redaction()
    assert logs._REDACTOR in logging.getLogger("reflex").filters
    assert logging.getLogRecordFactory() is logs._redacting_factory
