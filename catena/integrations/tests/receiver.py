"""A real HTTP receiver for webhook tests: listens on 127.0.0.1, records every request, and
answers with the status codes it is told to (then 200)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: Message
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.statuses: deque[int] = deque()
        self.default_status = 200
        self.answer_body = b'{"received": true}'
        self.delay = 0.0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.receiver = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/hooks/catena") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *statuses: int) -> None:
        """Answer the next requests with these codes, then with ``default_status``."""
        self.statuses.extend(statuses)

    def next_status(self) -> int:
        with self._lock:
            return self.statuses.popleft() if self.statuses else self.default_status

    def record(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)

    def wait_for(self, count: int, seconds: float = 30.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        receiver: Receiver = self.server.receiver  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        receiver.record(Received(path=self.path, headers=self.headers, body=self.rfile.read(length)))
        if receiver.delay:
            time.sleep(receiver.delay)
        status = receiver.next_status()
        body = receiver.answer_body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (quiet test output)
        return
