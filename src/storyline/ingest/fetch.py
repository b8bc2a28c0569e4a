"""Fetch web pages and feeds over HTTP(S), politely, with an on-disk cache.

Needs: URLs the user gave (on the command line, in a ``--urls`` file, or as the
links of a feed) and ``Settings``. Adds: one ``Fetched`` record (the body as
bytes, undecoded) or one ``Rejected(stage="fetch")`` record per URL, in input
order. Nothing here touches the network, the cache folder or any thread until
``fetch_all`` is iterated with at least one URL.

Rules:

- Every request sends ``settings.user_agent`` and gives up after
  ``fetch_timeout`` seconds: to connect, between two reads, and for the whole
  response of each request.
- A body larger than ``fetch_max_bytes`` is refused: at once when the
  ``Content-Length`` header says so, else as soon as the streamed body passes
  the cap. At most the cap (plus one network chunk) is ever held in memory.
- Redirects are followed one by one, at most ``fetch_max_redirects`` of them; a
  redirect back to a URL already visited is reported as a loop.
- At most ``fetch_concurrency`` requests run at once in all, and at most
  ``fetch_per_host`` to one host name.
- Only 2xx responses whose content type is an HTML page or a feed (or that
  have no content type) are kept; those are cached under ``cache_dir`` keyed by
  the requested URL (without ``#fragment``), and served from there on every
  later run without a request. The cache never expires: delete the folder to
  fetch fresh copies.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import socket
import ssl
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..errors import SettingsError
from ..model import Rejected
from ..settings import Settings
from .pages import HTML_TYPES, is_url, media_type

STAGE = "fetch"

#: Media types of HTML pages.
#: Media types feeds are served with (``application/xml`` and ``text/xml`` may be other XML too).
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml"})
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1")
#: How many URLs, per allowed concurrent request, are started ahead of the one
#: being yielded (results are yielded in input order).
_LOOKAHEAD = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A successful response: ``url`` as requested, ``final_url`` after redirects.

    ``content_type`` is the ``Content-Type`` header as sent (``None`` when the
    server sent none); ``body`` is the raw (but content-decoded, e.g. un-gzipped) bytes.
    """

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    from_cache: bool = False


def cache_key(url: str) -> str:
    """The URL a cache entry is stored under: as given, less any ``#fragment`` (never sent)."""
    return urlunsplit(urlsplit(url.strip())._replace(fragment=""))


def cache_directory(settings: Settings) -> Path:
    """``settings.cache_dir``, else ``$XDG_CACHE_HOME/storyline/http``, else ``~/.cache/storyline/http``."""
    if settings.cache_dir:
        return Path(settings.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline" / "http"


class HttpCache:
    """Fetched responses on disk, one file per URL: a JSON header line, then the body.

    Entries are written to a temporary file in the same folder and renamed into
    place, so a reader sees a whole entry or none. An entry that cannot be read
    back whole (truncated, or for another URL) counts as missing.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def prepare(self) -> None:
        """Create the folder; a folder that cannot be created is a bad ``cache_dir`` setting."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SettingsError("cache_dir", f"cannot create the cache folder {self.directory}: "
                                f"{error.strerror or error}; set cache_dir to a writable folder") from None

    def path_for(self, url: str) -> Path:
        digest = hashlib.sha256(cache_key(url).encode("utf-8")).hexdigest()
        return self.directory / f"{digest}.http"

    def get(self, url: str) -> Fetched | None:
        """The cached response for ``url``, or ``None`` when there is no whole entry for it."""
        try:
            with self.path_for(url).open("rb") as handle:
                header = json.loads(handle.readline(65536))
                body = handle.read()
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict) or header.get("url") != cache_key(url) or header.get("length") != len(body):
            return None
        return Fetched(url=url, final_url=header["final_url"], status=header["status"],
                       content_type=header["content_type"], body=body, from_cache=True)

    def put(self, fetched: Fetched) -> None:
        """Store ``fetched`` atomically. A write that fails (disk full) leaves no entry:
        the page is fetched again next time, and this run goes on with what it fetched."""
        header = {"url": cache_key(fetched.url), "final_url": fetched.final_url, "status": fetched.status,
                  "content_type": fetched.content_type, "length": len(fetched.body),
                  "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        temporary: str | None = None
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.directory, prefix=".partial-", delete=False) as handle:
                temporary = handle.name
                handle.write(json.dumps(header).encode("utf-8") + b"\n")
                handle.write(fetched.body)
            os.replace(temporary, self.path_for(fetched.url))
            temporary = None
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


class FetchLimits:
    """The concurrency limits: ``fetch_concurrency`` requests in all, ``fetch_per_host`` per host name.

    Each ``fetch_all`` call makes its own, unless it is given one: pass the same
    ``FetchLimits`` to nested calls (a feed's items fetched while the feed's
    ``fetch_all`` is still running) so that together they keep to the limits.
    A request takes its host's slot first, then a global one, so requests waiting
    for a busy host do not hold global slots that other hosts could use.
    """

    def __init__(self, settings: Settings) -> None:
        self._all = threading.BoundedSemaphore(settings.fetch_concurrency)
        self._per_host = settings.fetch_per_host
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            host_slots = self._hosts.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with host_slots, self._all:
            yield


def _reject(url: str, reason: str) -> Rejected:
    return Rejected(source=url, stage=STAGE, reason=reason)


def _timeout_reason(settings: Settings, during: str = "") -> str:
    limit = f"{settings.fetch_timeout:g}"
    return (f"timed out after {limit} s{during} (fetch_timeout={limit}); "
            "the server is slow or unreachable: try again later or raise fetch_timeout")


def _status_reason(response: httpx.Response) -> str:
    status = response.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason_phrase or "unknown status"
    hint = ("the page does not exist: check the URL" if status in (404, 410)
            else "the server refuses access" if status in (401, 403)
            else "rate limited: try again later, or lower fetch_per_host" if status == 429
            else "a server error: try again later" if status >= 500
            else "a redirect without a Location header" if 300 <= status < 400
            else "not a successful response")
    return f"HTTP {status} {phrase} from {response.url} ({hint})"


def describe_error(error: Exception, url: str, settings: Settings) -> str:
    """A one-line reason for a failed request, saying what failed and what to try."""
    parts = urlsplit(url)
    where = parts.hostname or url
    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, httpx.TimeoutException):
        return _timeout_reason(settings)
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return (f"DNS lookup failed: cannot resolve host {where!r} ({cause.strerror or cause}); "
                    "check the URL and your network connection")
        if isinstance(cause, ConnectionRefusedError):
            port = parts.port or (443 if parts.scheme == "https" else 80)
            return f"connection refused by {where} port {port}; check the URL, or whether the server is up"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error talking to {where}: {cause}"
    if isinstance(error, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return f"invalid URL: {error}; give an http:// or https:// URL"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect to {where}: {error}; check the URL and your network connection"
    if isinstance(error, httpx.DecodingError):
        return f"cannot decode the response body ({error}); the server sent a broken compressed body"
    if isinstance(error, httpx.ProtocolError):
        return f"the server at {where} broke the HTTP protocol: {error}"
    return f"network error talking to {where} ({type(error).__name__}: {error})"


def _read_body(url: str, response: httpx.Response, deadline: float, settings: Settings,
               stop: threading.Event) -> Fetched | Rejected:
    """The body of a final (non-redirect) response, or why it is refused."""
    if not response.is_success:
        return _reject(url, _status_reason(response))
    content_type = response.headers.get("content-type")
    kind = media_type(content_type)
    if kind and kind not in HTML_TYPES | FEED_TYPES:
        return _reject(url, f"not an HTML page or a feed: the content type is {kind!r}; "
                       "storyline reads HTML pages and RSS/Atom feeds")
    cap = settings.fetch_max_bytes
    too_large = (f"response too large: more than fetch_max_bytes={cap:,} bytes"
                 "{detail}; raise fetch_max_bytes to read it")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        return _reject(url, too_large.format(detail=f" (Content-Length is {int(declared):,})"))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            return _reject(url, too_large.format(detail=f" (stopped reading at {size:,})"))
        if time.monotonic() > deadline:
            return _reject(url, _timeout_reason(settings, " reading the body"))
        if stop.is_set():
            return _reject(url, "fetching was stopped before this URL finished")
        chunks.append(chunk)
    return Fetched(url=url, final_url=str(response.url), status=response.status_code,
                   content_type=content_type, body=b"".join(chunks))


def _follow(url: str, client: httpx.Client, slots: FetchLimits, settings: Settings,
            stop: threading.Event) -> Fetched | Rejected:
    """Request ``url`` and follow its redirects, one request at a time, within the limits."""
    request = client.build_request("GET", url.strip())
    visited = [str(request.url)]
    for _hop in range(settings.fetch_max_redirects + 1):
        if stop.is_set():
            return _reject(url, "fetching was stopped before this URL finished")
        with slots.slot(request.url.host):
            deadline = time.monotonic() + settings.fetch_timeout
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                redirect = response.next_request
                if redirect is None:
                    return _read_body(url, response, deadline, settings, stop)
            finally:
                response.close()
        target = str(redirect.url)
        if target in visited:
            return _reject(url, f"redirect loop: {' -> '.join([*visited, target])}; the site redirects "
                           "back to a page already visited (it may want cookies or a browser)")
        if not is_url(target):
            return _reject(url, f"redirected to {target!r}, which is not an http(s) URL")
        visited.append(target)
        request = redirect
    return _reject(url, f"too many redirects (more than fetch_max_redirects={settings.fetch_max_redirects}): "
                   f"{' -> '.join(visited)}; raise fetch_max_redirects or give the final URL")


def _fetch_one(url: str, client: httpx.Client, cache: HttpCache, slots: FetchLimits, settings: Settings,
               stop: threading.Event) -> Fetched | Rejected:
    """One URL (surrounding whitespace ignored): from the cache, else from the network,
    caching a success. Never raises: a failure is the URL's ``Rejected``."""
    if not is_url(url.strip()):
        return _reject(url, f"invalid URL {url!r}: give an http:// or https:// URL with a host name")
    cached = cache.get(url)
    if cached is not None:
        return cached
    try:
        result = _follow(url, client, slots, settings, stop)
    # Whatever the network or the server does to one URL must not end the run:
    # it becomes this URL's rejection, with the best description we can give.
    except Exception as error:  # noqa: BLE001
        return _reject(url, describe_error(error, url.strip(), settings))
    if isinstance(result, Fetched):
        cache.put(result)
    return result


def _client(settings: Settings) -> httpx.Client:
    """An HTTP client with the settings' User-Agent, timeouts and connection limits.

    Proxies come from the usual environment variables (``HTTPS_PROXY``, ``NO_PROXY``).
    """
    return httpx.Client(
        headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT},
        timeout=httpx.Timeout(settings.fetch_timeout),
        limits=httpx.Limits(max_connections=settings.fetch_concurrency,
                            max_keepalive_connections=settings.fetch_concurrency),
        follow_redirects=False,
    )


def fetch_all(urls: Iterable[str], settings: Settings, *,
              limits: FetchLimits | None = None) -> Iterator[Fetched | Rejected]:
    """Fetch ``urls``; yield one ``Fetched`` or ``Rejected`` per URL, in input order.

    Needs: URLs (any iterable, read lazily) and the ``fetch_*``, ``user_agent`` and
    ``cache_dir`` settings. Requests run in background threads, up to
    ``fetch_concurrency * 4`` URLs ahead of the one being yielded; stopping the
    iteration stops starting new requests. ``limits`` shares the concurrency
    limits with other calls (see ``FetchLimits``). Raises ``SettingsError`` only when the
    cache folder cannot be created; every problem with one URL is its ``Rejected``.
    """
    pending_urls = iter(urls)
    first = next(pending_urls, None)
    if first is None:
        return
    cache = HttpCache(cache_directory(settings))
    cache.prepare()
    slots = limits or FetchLimits(settings)
    stop = threading.Event()
    window = settings.fetch_concurrency * _LOOKAHEAD
    pending: deque[Future[Fetched | Rejected]] = deque()
    with _client(settings) as client, ThreadPoolExecutor(max_workers=window,
                                                         thread_name_prefix="storyline-fetch") as pool:
        try:
            for url in itertools.chain([first], pending_urls):
                pending.append(pool.submit(_fetch_one, url, client, cache, slots, settings, stop))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            stop.set()
            for future in pending:
                future.cancel()
