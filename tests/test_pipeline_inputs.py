"""One build from every kind of input at once: each ends up as an article or a rejected entry."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from storyline.pipeline import build
from storyline.settings import Settings

from .conftest import EXAMPLES
from .test_ingest_warc import PAGES, Fetch, write_warc
from .webserver import DATA as WEB_DATA
from .webserver import WebServer, web_server  # noqa: F401

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Ferries resume night crossings | Harbour Post</title>
<meta property="og:site_name" content="Harbour Post"></head>
<body><nav>Home | News | Sport</nav><article><h1>Ferries resume night crossings</h1>
<p>Night ferries across the harbour resumed on Monday after a two-week suspension, the operator said.</p>
<p>Repairs to the landing stage were finished ahead of schedule, and the first crossing left at 11 p.m.</p>
<script>alert("not article text")</script></article><footer>Contact us</footer></body></html>"""


def test_pipeline_reads_every_kind_of_input_into_one_build(tmp_path: Path, web_server: WebServer, nlp) -> None:  # noqa: F811
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "004_660aa0207cf8ca2e.txt", folder / "article.txt")
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "dump.jsonl").write_text(
        json.dumps({"headline": "Blinken urges restraint", "body": (EXAMPLES / "002_36824e98bd146f7f.txt")
                    .read_text(encoding="utf-8"), "date": "2024-04-14"}) + "\n{broken\n", encoding="utf-8")
    write_warc(folder / "crawl.warc.gz", [PAGES[0], Fetch("https://example.com/logo.png", b"\x89PNG", content_type="image/png")])
    feed = (WEB_DATA / "feed.atom").read_bytes().replace(b"http://storyline.test", web_server.url("").rstrip("/").encode())
    (folder / "news.atom").write_bytes(feed)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    url_list = tmp_path / "urls.txt"
    url_list.write_text(f"# two pages\n{web_server.url('/article/2')}\nnot a url\n", encoding="utf-8")
    stdin = io.BytesIO(json.dumps({"id": "piped", "body": "Officials said the talks in Vienna would resume "
                                   "on Tuesday after a week of consultations."}).encode())

    settings = Settings(cache_dir=str(tmp_path / "cache"), fetch_timeout=2.0, jsonl_fields="text=body,title=headline,published=date")
    result = build([str(folder), web_server.url("/article/1"), web_server.url("/missing"), "-"], settings,
                   url_lists=[url_list], stdin=stdin, nlp=nlp)

    articles = {a.source: a for a in result.articles}
    rejected = {r.source: r.reason for r in result.rejected}
    assert not set(articles) & set(rejected)
    expected = {str(folder / "article.txt"), str(folder / "page.html"), f"{folder / 'dump.jsonl'}:1",
                f"{folder / 'dump.jsonl'}:2", str(folder / "notes.pdf"), web_server.url("/article/1"),
                web_server.url("/missing"), web_server.url("/article/2"), f"{url_list}:3"}
    assert expected <= set(articles) | set(rejected)
    assert any(s.startswith(f"{folder / 'crawl.warc.gz'}#") for s in articles)
    assert "-:1" in articles
    assert str(folder / "crawl.warc.gz") in rejected and "image/png" in rejected[str(folder / "crawl.warc.gz")]
    assert any(s.startswith(f"{folder / 'news.atom'}#item-") for s in articles)
    assert "invalid JSON" in rejected[f"{folder / 'dump.jsonl'}:2"]
    assert "unsupported file type" in rejected[str(folder / "notes.pdf")]
    assert "404" in rejected[web_server.url("/missing")]
    assert "not an http(s) URL" in rejected[f"{url_list}:3"]

    html = articles[str(folder / "page.html")]
    assert html.title == "Ferries resume night crossings" and html.outlet == "Harbour Post"
    assert html.extractor and "alert(" not in html.text and "Contact us" not in html.text
    jsonl = articles[f"{folder / 'dump.jsonl'}:1"]
    assert jsonl.title == "Blinken urges restraint" and jsonl.published.isoformat() == "2024-04-14"
    assert articles["-:1"].id == "piped"
    assert result.stats["documents"] == len(result.articles) + sum(r.stage == "clean" for r in result.rejected)


def test_pipeline_offline_inputs_never_touch_the_network(tmp_path: Path, monkeypatch, nlp) -> None:
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError(f"network used: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", PAGES[:2])
    shutil.copy(EXAMPLES / "001_81ede3fef93b7c6c.txt", tmp_path / "axios.txt")
    result = build([str(tmp_path)], Settings(cache_dir=str(tmp_path / "cache")), nlp=nlp)
    assert len(result.articles) == 4 and not result.rejected
    assert not (tmp_path / "cache").exists()
