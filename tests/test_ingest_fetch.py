"""Fetching URLs (ingest/fetch.py) and reading web pages (ingest/web.py), against a local server."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from storyline.ingest.fetch import Fetched, cache_directory, fetch_all
from storyline.ingest.web import document_id_for_url, is_url, read_url_list, read_urls
from storyline.model import RawDocument, Rejected
from storyline.settings import Settings

from .webserver import STREAM_BYTES, Page, WebServer, web_server  # noqa: F401


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = {"cache_dir": str(tmp_path / "cache"), "fetch_timeout": 2.0, "fetch_max_bytes": 200_000}
    return Settings(**(values | overrides))


def fetch_one(url: str, settings: Settings) -> Fetched | Rejected:
    (result,) = list(fetch_all([url], settings))
    return result


# -- fetch_all: successes --


def test_fetch_returns_the_page_with_status_and_content_type(web_server: WebServer, tmp_path: Path) -> None:
    result = fetch_one(web_server.url("/article/1"), make_settings(tmp_path))
    assert isinstance(result, Fetched)
    assert (result.status, result.content_type, result.from_cache) == (200, "text/html; charset=utf-8", False)
    assert result.final_url == result.url == web_server.url("/article/1")
    assert b"Harbour bridge closed" in result.body


def test_fetch_sends_the_user_agent_setting(web_server: WebServer, tmp_path: Path) -> None:
    fetch_one(web_server.url("/article/1"), make_settings(tmp_path, user_agent="storyline-test/1.0"))
    assert web_server.user_agents["/article/1"] == "storyline-test/1.0"


def test_fetch_follows_a_redirect_chain(web_server: WebServer, tmp_path: Path) -> None:
    result = fetch_one(web_server.url("/chain/3"), make_settings(tmp_path, fetch_max_redirects=3))
    assert isinstance(result, Fetched)
    assert result.url == web_server.url("/chain/3")
    assert result.final_url == web_server.url("/article/1")


def test_fetch_yields_results_in_input_order(web_server: WebServer, tmp_path: Path) -> None:
    urls = [web_server.url("/hold/slow-first"), web_server.url("/missing"), web_server.url("/article/2")]
    results = list(fetch_all(urls, make_settings(tmp_path)))
    assert [result.source if isinstance(result, Rejected) else result.url for result in results] == urls


def test_fetch_reads_nothing_and_creates_no_cache_for_no_urls(tmp_path: Path) -> None:
    assert list(fetch_all([], make_settings(tmp_path))) == []
    assert not (tmp_path / "cache").exists()


# -- fetch_all: rejections --


@pytest.mark.parametrize(("path", "expected"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/error", "HTTP 500 Internal Server Error"),
])
def test_fetch_rejects_http_errors_with_status_and_phrase(web_server: WebServer, tmp_path: Path,
                                                          path: str, expected: str) -> None:
    result = fetch_one(web_server.url(path), make_settings(tmp_path))
    assert isinstance(result, Rejected)
    assert (result.source, result.stage) == (web_server.url(path), "fetch")
    assert result.reason.startswith(expected)


def test_fetch_rejects_too_many_redirects(web_server: WebServer, tmp_path: Path) -> None:
    result = fetch_one(web_server.url("/chain/4"), make_settings(tmp_path, fetch_max_redirects=3))
    assert isinstance(result, Rejected)
    assert "too many redirects (more than fetch_max_redirects=3)" in result.reason


def test_fetch_rejects_a_redirect_loop(web_server: WebServer, tmp_path: Path) -> None:
    result = fetch_one(web_server.url("/loop/a"), make_settings(tmp_path, fetch_max_redirects=10))
    assert isinstance(result, Rejected)
    assert result.reason.startswith("redirect loop: ")
    assert "/loop/a -> " in result.reason and result.reason.count("/loop/") == 3
    assert web_server.requests["/loop/a"] == 1


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_fetch_rejects_a_slow_response_naming_the_timeout_setting(web_server: WebServer, tmp_path: Path,
                                                                  path: str) -> None:
    started = time.monotonic()
    result = fetch_one(web_server.url(path), make_settings(tmp_path, fetch_timeout=0.3))
    assert time.monotonic() - started < 1.5
    assert isinstance(result, Rejected)
    assert result.reason.startswith("timed out after 0.3 s")
    assert "fetch_timeout=0.3" in result.reason


@pytest.mark.parametrize(("path", "detail"), [
    ("/large", "Content-Length is 1,000,000"),
    ("/large-stream", "stopped reading at"),
])
def test_fetch_rejects_a_body_over_the_size_cap(web_server: WebServer, tmp_path: Path, path: str, detail: str) -> None:
    result = fetch_one(web_server.url(path), make_settings(tmp_path, fetch_max_bytes=100_000))
    assert isinstance(result, Rejected)
    assert result.reason.startswith("response too large: more than fetch_max_bytes=100,000 bytes")
    assert detail in result.reason


def test_fetch_stops_reading_a_stream_at_the_cap(web_server: WebServer, tmp_path: Path) -> None:
    fetch_one(web_server.url("/large-stream"), make_settings(tmp_path, fetch_max_bytes=100_000))
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and web_server.bytes_sent["/large-stream"] in (0, STREAM_BYTES):
        time.sleep(0.01)
    # The server gave up when the client hung up: far less than the 50 MB it had to send.
    assert web_server.bytes_sent["/large-stream"] < STREAM_BYTES / 5


def test_fetch_rejects_what_is_not_html_or_a_feed(web_server: WebServer, tmp_path: Path) -> None:
    result = fetch_one(web_server.url("/image.png"), make_settings(tmp_path))
    assert isinstance(result, Rejected)
    assert result.reason.startswith("not an HTML page or a feed: the content type is 'image/png'")


def test_fetch_rejects_a_refused_connection(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch_one(f"http://127.0.0.1:{port}/news", make_settings(tmp_path))
    assert isinstance(result, Rejected)
    assert result.reason.startswith(f"connection refused by 127.0.0.1 port {port}")


def test_fetch_rejects_a_host_that_dns_does_not_know(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # the resolver is outside the process
    result = fetch_one("https://news.example.invalid/story", make_settings(tmp_path))
    assert isinstance(result, Rejected)
    assert result.reason.startswith("DNS lookup failed: cannot resolve host 'news.example.invalid'")


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/feed.xml", "http://", "example.com/news",
                                 "http://exa mple.com/", "http://example.com:99999/"])
def test_fetch_rejects_an_invalid_url(tmp_path: Path, url: str) -> None:
    result = fetch_one(url, make_settings(tmp_path))
    assert isinstance(result, Rejected)
    assert (result.source, result.stage) == (url, "fetch")
    assert result.reason.startswith("invalid URL")


# -- fetch_all: limits --


def test_fetch_limits_requests_per_host(web_server: WebServer, tmp_path: Path) -> None:
    urls = [web_server.url(f"/hold/{n}", host) for host in ("127.0.0.1", "localhost") for n in range(3)]
    results = list(fetch_all(urls, make_settings(tmp_path, fetch_per_host=1, fetch_concurrency=8)))
    assert all(isinstance(result, Fetched) for result in results)
    assert web_server.max_active[f"127.0.0.1:{web_server.port}"] == 1
    assert web_server.max_active[f"localhost:{web_server.port}"] == 1
    assert web_server.max_active_total == 2  # the two hosts were fetched at the same time


def test_fetch_limits_requests_in_all(web_server: WebServer, tmp_path: Path) -> None:
    urls = [web_server.url(f"/hold/{n}") for n in range(6)]
    results = list(fetch_all(urls, make_settings(tmp_path, fetch_per_host=6, fetch_concurrency=2)))
    assert all(isinstance(result, Fetched) for result in results)
    assert web_server.max_active_total == 2


# -- the cache --


def test_fetch_cache_serves_a_second_run_without_requests(web_server: WebServer, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    urls = [web_server.url("/article/1"), web_server.url("/chain/2")]
    first = list(fetch_all(urls, settings))
    requests_after_first = sum(web_server.requests.values())
    second = list(fetch_all(urls, settings))
    assert sum(web_server.requests.values()) == requests_after_first
    assert [result.from_cache for result in second] == [True, True]
    assert [(r.url, r.final_url, r.status, r.content_type, r.body) for r in second] == \
           [(r.url, r.final_url, r.status, r.content_type, r.body) for r in first]


def test_fetch_cache_keeps_failures_out(web_server: WebServer, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    for _ in range(2):
        assert isinstance(fetch_one(web_server.url("/missing"), settings), Rejected)
    assert web_server.requests["/missing"] == 2
    assert list((tmp_path / "cache").iterdir()) == []


def test_fetch_cache_writes_whole_entries_only(web_server: WebServer, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    fetch_one(web_server.url("/article/1"), settings)
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == 1 and not entries[0].name.startswith(".")  # no temporary file left behind
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # a truncated entry counts as missing
    result = fetch_one(web_server.url("/article/1"), settings)
    assert isinstance(result, Fetched) and not result.from_cache
    assert web_server.requests["/article/1"] == 2


@pytest.mark.parametrize(("cache_dir", "environment", "expected"), [
    ("/tmp/mine", {}, "/tmp/mine"),
    ("", {"XDG_CACHE_HOME": "/xdg"}, "/xdg/storyline/http"),
    ("", {"HOME": "/home/ann"}, "/home/ann/.cache/storyline/http"),
])
def test_fetch_cache_directory_follows_the_setting_then_xdg(monkeypatch: pytest.MonkeyPatch, cache_dir: str,
                                                            environment: dict, expected: str) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert cache_directory(Settings(cache_dir=cache_dir)) == Path(expected)


# -- web.py --


def test_web_read_urls_makes_an_html_document(web_server: WebServer, tmp_path: Path) -> None:
    url = web_server.url("/chain/1")
    (document,) = list(read_urls([url], make_settings(tmp_path)))
    assert isinstance(document, RawDocument)
    assert (document.source, document.kind, document.url) == (url, "html", web_server.url("/article/1"))
    assert document.id == document_id_for_url(web_server.url("/article/1"))
    assert "Harbour bridge closed after storm damages supports" in document.content


def test_web_read_urls_decodes_with_the_charset_of_the_http_header(web_server: WebServer, tmp_path: Path) -> None:
    (document,) = list(read_urls([web_server.url("/windows-1252")], make_settings(tmp_path)))
    assert isinstance(document, RawDocument)
    assert "café by the ferry landing said they were “relieved” – and a little tired –" in document.content
    assert "“Déjà vu,”" in document.content


def test_web_read_urls_reads_a_page_without_content_type_that_looks_like_html(web_server: WebServer,
                                                                              tmp_path: Path) -> None:
    (document,) = list(read_urls([web_server.url("/no-content-type")], make_settings(tmp_path)))
    assert isinstance(document, RawDocument) and "Harbour bridge" in document.content


def test_web_read_urls_expands_a_feed_into_its_items(web_server: WebServer, tmp_path: Path) -> None:
    feed_url = web_server.url("/feed.rss")
    documents = list(read_urls([feed_url], make_settings(tmp_path)))
    assert [d.source for d in documents] == [f"{feed_url}#item-1", f"{feed_url}#item-2"]
    assert [d.url for d in documents] == [web_server.url("/article/1"), web_server.url("/article/2")]


def test_web_read_urls_keeps_the_per_host_limit_while_expanding_a_feed(web_server: WebServer,
                                                                      tmp_path: Path) -> None:
    items = "".join(f"<item><link>{web_server.url(f'/hold/item-{n}')}</link></item>" for n in range(4))
    feed_url = web_server.add("/hold-feed.rss", Page(body=f'<rss version="2.0"><channel><title>t</title>{items}'
                                                         f"</channel></rss>".encode(),
                                                    content_type="application/rss+xml"))
    urls = [feed_url, *(web_server.url(f"/hold/page-{n}") for n in range(4))]
    results = list(read_urls(urls, make_settings(tmp_path, fetch_per_host=2)))
    assert len(results) == 8 and all(isinstance(result, RawDocument) for result in results)
    # The pages after the feed and the feed's items were fetched at the same time, within one limit.
    assert web_server.max_active[f"127.0.0.1:{web_server.port}"] == 2


def test_web_read_urls_passes_fetch_rejections_on(web_server: WebServer, tmp_path: Path) -> None:
    results = list(read_urls([web_server.url("/missing"), web_server.url("/article/2")], make_settings(tmp_path)))
    assert isinstance(results[0], Rejected) and results[0].stage == "fetch"
    assert isinstance(results[1], RawDocument)


def test_web_read_url_list_skips_comments_and_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("# news about the bridge\n\nhttps://example.com/a\n  http://example.org/b?x=1  \n"
                    "example.net/c\nftp://example.com/d\n", encoding="utf-8")
    urls, rejected = read_url_list(path)
    assert urls == ["https://example.com/a", "http://example.org/b?x=1"]
    assert [r.source for r in rejected] == [f"{path}:5", f"{path}:6"]
    assert rejected[0].reason.startswith("not an http(s) URL: 'example.net/c'")


def test_web_read_url_list_rejects_a_missing_file(tmp_path: Path) -> None:
    urls, rejected = read_url_list(tmp_path / "nope.txt")
    assert urls == [] and rejected[0].source == str(tmp_path / "nope.txt")
    assert rejected[0].reason.startswith("cannot read the URL list")


@pytest.mark.parametrize(("text", "expected"), [
    ("https://example.com/news/1", True),
    ("http://127.0.0.1:8000/", True),
    ("HTTPS://EXAMPLE.COM", True),
    ("ftp://example.com/", False),
    ("https://", False),
    ("example.com/news", False),
    ("https://exa mple.com/", False),
    ("https://example.com:port/", False),
    ("", False),
])
def test_web_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


@pytest.mark.parametrize(("url", "prefix"), [
    ("https://www.example.com/news/2024/04/harbour-bridge.html", "example.com-news-2024-04-harbour-bridge-"),
    ("https://example.com/", "example.com-"),
    ("https://example.com/article.php?id=123", "example.com-article-id-123-"),
])
def test_web_document_id_for_url_names_host_and_path(url: str, prefix: str) -> None:
    document_id = document_id_for_url(url)
    assert document_id.startswith(prefix) and len(document_id) == len(prefix) + 8
    assert document_id == document_id_for_url(url)


def test_web_document_id_for_url_tells_urls_apart_but_not_fragments() -> None:
    ids = {document_id_for_url(url) for url in ("https://example.com/a?page=1", "https://example.com/a?page=2",
                                                "https://example.com/a-page-1")}
    assert len(ids) == 3
    assert document_id_for_url("https://example.com/a#top") == document_id_for_url("https://example.com/a")
