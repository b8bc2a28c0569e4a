"""RSS and Atom feeds (ingest/feeds.py, web.read_feed_file): parsing, full content, linked pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.clean import clean_article
from storyline.ingest.feeds import FULL_CONTENT_WORDS, Feed, is_feed, parse_feed, read_feed
from storyline.ingest.web import document_id_for_url, read_feed_file
from storyline.model import Article, RawDocument, Rejected
from storyline.settings import Settings

from .webserver import DATA, WebServer, web_server  # noqa: F401

RSS = DATA / "feed.rss"
ATOM = DATA / "feed.atom"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = {"cache_dir": str(tmp_path / "cache"), "fetch_timeout": 2.0}
    return Settings(**(values | overrides))


def rss(*items: str, title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed with ``items`` (each the inside of an ``<item>``)."""
    body = "".join(f"<item>{item}</item>\n" for item in items)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
            f"<channel><title>{title}</title><link>https://example.com/</link>\n{body}</channel></rss>\n").encode()


def words(n: int) -> str:
    """``<p>`` paragraphs holding exactly ``n`` words."""
    return "".join(f"<p>{' '.join(['word'] * min(10, n - start))}</p>" for start in range(0, n, 10))


# -- is_feed --


@pytest.mark.parametrize("content_type", ["application/rss+xml", "application/atom+xml; charset=utf-8",
                                          "application/xml", "text/xml", "Application/RSS+XML"])
def test_feeds_is_feed_by_content_type(content_type: str) -> None:
    assert is_feed(b"", content_type)


@pytest.mark.parametrize("data", [
    b"<rss version='2.0'><channel/></rss>",
    b'\xef\xbb\xbf  <?xml version="1.0"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>',
    b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="x"/>',
    b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n<rss version="0.91"/>',
    "<?xml version='1.0' encoding='utf-16'?><rss/>".encode("utf-16"),
])
def test_feeds_is_feed_by_its_first_element(data: bytes) -> None:
    assert is_feed(data, "text/html")


@pytest.mark.parametrize(("data", "content_type"), [
    (b"<!DOCTYPE html><html><body><p>rss</p></body></html>", "text/html"),
    (b"<?xml version='1.0'?><urlset/>", None),
    (b"<rsstuff/>", None),
    (b"", None),
])
def test_feeds_is_feed_refuses_other_documents(data: bytes, content_type: str | None) -> None:
    assert not is_feed(data, content_type)


# -- parse_feed --


def test_feeds_parse_rss_items() -> None:
    feed = parse_feed(RSS.read_bytes(), str(RSS))
    assert isinstance(feed, Feed)
    assert (feed.title, feed.link) == ("Coastal Herald - Local", "http://storyline.test/local")
    first = feed.items[0]
    assert first.link == "http://storyline.test/article/1"
    assert first.title == "Harbour bridge closed after storm damages supports"
    assert first.published == "2024-03-04T08:15:00+01:00"  # RFC 822 date as ISO 8601, its own offset kept
    assert first.author == "Maria Jensen"
    assert first.summary == "Engineers found cracks in two supports after Sunday's storm."
    assert first.content is None


def test_feeds_parse_atom_full_content() -> None:
    feed = parse_feed(ATOM.read_bytes(), str(ATOM))
    assert isinstance(feed, Feed) and len(feed.items) == 2
    first = feed.items[0]
    assert first.link == "https://observer.example.org/2024/03/ferry-night-crossings"
    assert (first.published, first.author) == ("2024-03-14T07:30:00+01:00", "Sofie Berg")
    assert first.content is not None and first.content.startswith("<p>The ferry company that links")
    assert first.summary == "Ferries will run all night while the harbour bridge is closed."


def test_feeds_parse_keeps_a_date_it_cannot_read_as_written() -> None:
    feed = parse_feed(rss("<link>https://example.com/a</link><pubDate>around Easter 2024</pubDate>"), "f.rss")
    assert isinstance(feed, Feed) and feed.items[0].published == "around Easter 2024"


def test_feeds_parse_rejects_invalid_xml() -> None:
    result = parse_feed((DATA / "invalid.rss").read_bytes(), "invalid.rss")
    assert isinstance(result, Rejected)
    assert (result.source, result.stage) == ("invalid.rss", "ingest")
    assert result.reason.startswith("invalid feed: line 5, column 21: not well-formed")


def test_feeds_parse_reads_a_feed_with_a_recoverable_error() -> None:
    data = rss("<title>Bridge&nbsp;reopens</title><link>https://example.com/a</link>")  # &nbsp; is not XML
    feed = parse_feed(data, "f.rss")
    assert isinstance(feed, Feed)
    assert feed.items[0].link == "https://example.com/a"


@pytest.mark.parametrize(("data", "reason"), [
    ((DATA / "article-1.html").read_bytes(), "invalid feed: not RSS or Atom"),
    (rss(), "empty feed: it has no items"),
])
def test_feeds_parse_rejects_what_has_no_items(data: bytes, reason: str) -> None:
    result = parse_feed(data, "f.xml")
    assert isinstance(result, Rejected) and result.reason.startswith(reason)


# -- read_feed: items with full content --


def test_feeds_read_full_content_items_from_the_feed(tmp_path: Path) -> None:
    documents = list(read_feed(ATOM.read_bytes(), "observer.atom", make_settings(tmp_path)))
    assert all(isinstance(document, RawDocument) for document in documents) and len(documents) == 2
    first = documents[0]
    assert first.id == document_id_for_url("https://observer.example.org/2024/03/ferry-night-crossings")
    assert (first.source, first.kind) == ("observer.atom#item-1", "html")
    assert (first.title, first.outlet, first.author, first.published) == (
        "Ferry company adds night crossings during bridge closure", "Northport Observer", "Sofie Berg",
        "2024-03-14T07:30:00+01:00")
    assert first.url == "https://observer.example.org/2024/03/ferry-night-crossings"
    assert "<article>\n<p>The ferry company that links" in first.content
    assert not (tmp_path / "cache").exists()  # nothing was fetched


def test_feeds_full_content_item_cleans_into_an_article(tmp_path: Path) -> None:
    document = next(read_feed(ATOM.read_bytes(), "observer.atom", make_settings(tmp_path)))
    article = clean_article(document, Settings())
    assert isinstance(article, Article)
    assert article.text.startswith("The ferry company that links the old town of Northport")
    assert (article.title, article.published) == ("Ferry company adds night crossings during bridge closure",
                                                   date(2024, 3, 14))


@pytest.mark.parametrize(("count", "fetched"), [(FULL_CONTENT_WORDS - 1, True), (FULL_CONTENT_WORDS, False)])
def test_feeds_full_content_means_at_least_the_word_threshold(web_server: WebServer, tmp_path: Path,
                                                              count: int, fetched: bool) -> None:
    item = f"<link>{web_server.url('/article/1')}</link><content:encoded><![CDATA[{words(count)}]]></content:encoded>"
    (document,) = list(read_feed(rss(item), "f.rss", make_settings(tmp_path)))
    assert isinstance(document, RawDocument)
    assert web_server.requests["/article/1"] == (1 if fetched else 0)
    assert ("Harbour bridge closed" in document.content) is fetched


# -- read_feed: items read from their linked pages --


def test_feeds_read_fetches_linked_pages_with_the_item_metadata(web_server: WebServer, tmp_path: Path) -> None:
    feed_url = web_server.url("/feed.rss")
    data = RSS.read_bytes().replace(b"http://storyline.test", web_server.base.encode())
    documents = list(read_feed(data, feed_url, make_settings(tmp_path)))
    assert [web_server.requests[path] for path in ("/article/1", "/article/2")] == [1, 1]
    first = documents[0]
    assert isinstance(first, RawDocument)
    assert first.id == document_id_for_url(web_server.url("/article/1"))
    assert (first.source, first.url) == (f"{feed_url}#item-1", web_server.url("/article/1"))
    assert (first.title, first.outlet, first.author, first.published) == (
        "Harbour bridge closed after storm damages supports", "Coastal Herald - Local", "Maria Jensen",
        "2024-03-04T08:15:00+01:00")
    assert "Anne Holm, the council's head of infrastructure" in first.content


def test_feeds_read_rejects_an_item_whose_page_cannot_be_fetched(web_server: WebServer, tmp_path: Path) -> None:
    missing = web_server.url("/missing")
    items = (f"<title>Gone</title><link>{missing}</link>", f"<link>{web_server.url('/article/2')}</link>")
    results = list(read_feed(rss(*items), "f.rss", make_settings(tmp_path)))
    assert isinstance(results[0], Rejected)
    assert (results[0].source, results[0].stage) == ("f.rss#item-1", "fetch")
    assert results[0].reason.startswith(f"{missing}: HTTP 404 Not Found")
    assert isinstance(results[1], RawDocument)


def test_feeds_read_rejects_an_item_that_links_to_a_feed(web_server: WebServer, tmp_path: Path) -> None:
    (result,) = list(read_feed(rss(f"<link>{web_server.url('/feed.atom')}</link>"), "f.rss", make_settings(tmp_path)))
    assert isinstance(result, Rejected) and "links to a feed" in result.reason


# -- read_feed: items with neither --


def test_feeds_read_rejects_an_item_without_link_or_content(tmp_path: Path) -> None:
    results = list(read_feed(rss("<title>Only a title</title>"), "f.rss", make_settings(tmp_path)))
    assert results == [Rejected(source="f.rss#item-1", stage="ingest",
                                reason="the item has no link and no content: nothing to read")]


def test_feeds_read_uses_short_content_of_an_item_without_link(tmp_path: Path) -> None:
    (document,) = list(read_feed(rss("<description>Bridge reopens on Friday.</description>"), "news/f.rss",
                                 make_settings(tmp_path)))
    assert isinstance(document, RawDocument)
    assert (document.id, document.url) == ("f-item-1", None)
    assert "Bridge reopens on Friday." in document.content


# -- read_feed_file --


def test_feeds_read_feed_file(tmp_path: Path) -> None:
    documents = list(read_feed_file(ATOM, make_settings(tmp_path)))
    assert [document.source for document in documents] == [f"{ATOM}#item-1", f"{ATOM}#item-2"]


def test_feeds_read_feed_file_respects_max_file_bytes(tmp_path: Path) -> None:
    (result,) = list(read_feed_file(ATOM, make_settings(tmp_path, max_file_bytes=1000)))
    assert isinstance(result, Rejected) and "max_file_bytes=1,000" in result.reason


def test_feeds_read_feed_file_rejects_other_xml(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://example.com/</loc></url></urlset>')
    (result,) = list(read_feed_file(path, make_settings(tmp_path)))
    assert isinstance(result, Rejected) and result.reason.startswith("invalid feed: not RSS or Atom")
