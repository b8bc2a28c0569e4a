"""A real HTTP server on 127.0.0.1 for tests that fetch: nothing leaves the machine.

``web_server`` (a pytest fixture, one server per test) starts
``http.server.ThreadingHTTPServer`` on an OS-chosen port in a background thread.
Its routes (``_routes()``, ``WebServer.respond`` and ``WebServer.add``) serve the
pages under ``tests/data/web/`` and the awkward cases a fetcher must survive.
The server counts requests per path, remembers each path's User-Agent, and
records the most ``/hold/...`` requests it ever held at once, per ``Host``
header and in all. (A request counts as held while the server waits, before
it answers, so the count never includes one whose client has its answer.)

Feed fixtures name their own server as ``http://storyline.test``; the server
replaces that with its real address when it serves them.

Use it from a test module with ``from .webserver import web_server  # noqa: F401``.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "web"
#: The address feed fixtures use for the test server; replaced when served.
PLACEHOLDER = b"http://storyline.test"
#: How long ``/slow`` waits before answering, and ``/trickle`` keeps sending: longer than any test timeout.
SLOW_SECONDS = 3.0
#: How long each ``/hold/...`` request takes, so that concurrent requests overlap.
HOLD_SECONDS = 0.15
#: ``/large`` declares this many bytes; ``/large-stream`` sends up to this many with no length.
LARGE_BYTES = 1_000_000
STREAM_BYTES = 50_000_000
_CHUNK = 64 * 1024
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")

#: A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
WINDOWS_1252_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Café owners “relieved” as ferries run late</title></head>\n"
    "<body><article><h1>Café owners “relieved” as ferries run late</h1>\n"
    "<p>Owners of the café by the ferry landing said they were “relieved” – and a little tired – after the "
    "night crossings began. “Déjà vu,” said one, recalling the closure of 1998.</p>\n"
    "</article></body></html>\n"
).encode("cp1252")


@dataclass(frozen=True)
class Page:
    """A fixed response: status, ``Content-Type`` (``None`` sends none), body and extra headers."""

    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def _file(name: str, content_type: str) -> Page:
    return Page(body=(DATA / name).read_bytes(), content_type=content_type)


def _routes() -> dict[str, Page]:
    return {
        "/article/1": _file("article-1.html", "text/html; charset=utf-8"),
        "/article/2": _file("article-2.html", "text/html; charset=utf-8"),
        "/feed.rss": _file("feed.rss", "application/rss+xml; charset=utf-8"),
        "/feed.atom": _file("feed.atom", "application/atom+xml"),
        "/invalid.rss": _file("invalid.rss", "application/rss+xml"),
        "/error": Page(status=500, body=b"<h1>Internal Server Error</h1>"),
        "/image.png": Page(body=PNG, content_type="image/png"),
        "/windows-1252": Page(body=WINDOWS_1252_PAGE, content_type="text/html; charset=windows-1252"),
        "/no-content-type": Page(body=(DATA / "article-1.html").read_bytes(), content_type=None),
        "/loop/a": Page(status=302, headers=(("Location", "/loop/b"),)),
        "/loop/b": Page(status=302, headers=(("Location", "/loop/a"),)),
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: WebServer

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # A client that hangs up early (a timeout, a size cap) is part of the tests.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: tests read the counters instead."""

    def do_GET(self) -> None:  # noqa: N802
        owner = self.server.owner
        owner.count(self.path, self.headers.get("User-Agent", ""))
        try:
            owner.respond(self)
        except ConnectionError:
            pass

    def send_page(self, page: Page, base: bytes) -> None:
        body = page.body.replace(PLACEHOLDER, base)
        self.send_response(page.status)
        if page.content_type is not None:
            self.send_header("Content-Type", page.content_type)
        for name, value in page.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WebServer:
    """The running server: its address, routes and what it has seen."""

    def __init__(self) -> None:
        self.routes = _routes()
        self.requests: Counter[str] = Counter()
        self.user_agents: dict[str, str] = {}
        self.max_active: Counter[str] = Counter()
        self.max_active_total = 0
        self.bytes_sent: Counter[str] = Counter()
        self.stop = threading.Event()
        self._active: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="test-web-server", daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The full URL of ``path``; ``host="localhost"`` reaches the same server under another host name."""
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, page: Page) -> str:
        """Serve ``page`` at ``path``; returns its URL."""
        self.routes[path] = page
        return self.url(path)

    def close(self) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- bookkeeping, called from handler threads --

    def count(self, path: str, user_agent: str) -> None:
        with self._lock:
            self.requests[path] += 1
            self.user_agents[path] = user_agent

    def _hold(self, host: str) -> None:
        """Wait ``HOLD_SECONDS``, counted as one active request for ``host`` meanwhile."""
        with self._lock:
            self._active[host] += 1
            self.max_active[host] = max(self.max_active[host], self._active[host])
            self.max_active_total = max(self.max_active_total, sum(self._active.values()))
        try:
            self.stop.wait(HOLD_SECONDS)
        finally:
            with self._lock:
                self._active[host] -= 1

    def _write(self, handler: _Handler, path: str, data: bytes) -> None:
        handler.wfile.write(data)
        with self._lock:
            self.bytes_sent[path] += len(data)

    # -- responses --

    def respond(self, handler: _Handler) -> None:
        path = handler.path.split("?", 1)[0]
        base = f"http://{handler.headers.get('Host', f'127.0.0.1:{self.port}')}".encode()
        special: dict[str, Callable[[_Handler, str], None]] = {
            "/slow": self._slow, "/trickle": self._trickle, "/large": self._large, "/large-stream": self._stream,
        }
        if path in self.routes:
            handler.send_page(self.routes[path], base)
        elif path in special:
            special[path](handler, path)
        elif path.startswith("/chain/") and path.removeprefix("/chain/").isdigit():
            left = int(path.removeprefix("/chain/"))
            target = "/article/1" if left <= 1 else f"/chain/{left - 1}"
            handler.send_page(Page(status=302, headers=(("Location", target),)), base)
        elif path.startswith("/hold/"):
            self._hold(handler.headers.get("Host", ""))
            handler.send_page(Page(body=b"<html><body><p>held</p></body></html>"), base)
        else:
            handler.send_page(Page(status=404, body=b"<h1>Not Found</h1>"), base)

    def _slow(self, handler: _Handler, path: str) -> None:
        self.stop.wait(SLOW_SECONDS)
        handler.send_page(Page(body=b"<html><body><p>finally</p></body></html>"), b"")

    def _trickle(self, handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        self._write(handler, path, b"<html><body><p>")
        while not self.stop.wait(0.05):
            self._write(handler, path, b"word ")
            handler.wfile.flush()

    def _large(self, handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(LARGE_BYTES))
        handler.end_headers()
        for start in range(0, LARGE_BYTES, _CHUNK):
            self._write(handler, path, b"x" * min(_CHUNK, LARGE_BYTES - start))

    def _stream(self, handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the body ends when the connection closes
        self._write(handler, path, b"<html><body>")
        for _ in range(0, STREAM_BYTES, _CHUNK):
            if self.stop.is_set():
                break
            self._write(handler, path, b"<p>" + b"x" * (_CHUNK - 7) + b"</p>\n")


@pytest.fixture
def web_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebServer]:
    """A running ``WebServer`` for one test; proxy variables are unset so requests stay on 127.0.0.1."""
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    server = WebServer()
    try:
        yield server
    finally:
        server.close()
