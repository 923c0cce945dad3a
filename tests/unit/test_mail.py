"""The SMTP path, against a minimal SMTP server running in the test."""

import socketserver
import threading

from tests.conftest import free_port, make_settings
from writers_app.services.mail import send_mail


class _SMTPHandler(socketserver.StreamRequestHandler):
    received: list[bytes] = []

    def _reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        self._reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.received.append(data)
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return


def test_mail_goes_through_smtp_when_configured(tmp_path):
    port = free_port()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), _SMTPHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        assert send_mail(settings=settings, to="reader@example.com", subject="Hello", body="سلام و درود") is None
    finally:
        server.shutdown()
        server.server_close()
    assert len(_SMTPHandler.received) == 1
    raw = _SMTPHandler.received[0].decode()
    assert "To: reader@example.com" in raw and "Subject: Hello" in raw
    assert not (tmp_path / "outbox").exists()  # nothing fell back to the outbox
