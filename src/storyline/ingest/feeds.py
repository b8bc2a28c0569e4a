"""RSS and Atom feeds: bytes in, one ``RawDocument`` (or ``Rejected``) per item out.

feedparser only ever parses bytes given to it here (wrapped in a stream, so it
never treats them as a URL or a file name); fetching is ``fetch.fetch_all``'s job.

Rule for full content: an item whose longest body (``content:encoded``, Atom
``<content>``, or the summary/``<description>``, which some feeds fill with the
whole article) has at least ``FULL_CONTENT_WORDS`` (150) words of text, once
its tags are stripped, is read from the feed as it is; any other item with a
link is read from its linked page, fetched; an item without a link is read from
whatever content it has, however short; one with no content and no link is
rejected.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import PurePath
from typing import Any

import feedparser

from ..model import RawDocument, Rejected
from ..settings import Settings
from .fetch import FEED_TYPES, Fetched, FetchLimits, fetch_all, is_url, media_type
from .web import document_id_for_url, page_document

__all__ = ["FULL_CONTENT_WORDS", "Feed", "FeedItem", "has_full_content", "is_feed", "parse_feed", "read_feed",
           "words_of_html"]

STAGE = "ingest"
#: An item body with at least this many words is a whole article; shorter ones are
#: summaries ("teasers"), and the item's linked page is fetched instead.
FULL_CONTENT_WORDS = 150

_FEED_START = re.compile(
    rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss|feed|rdf:RDF)\b",
    re.IGNORECASE | re.DOTALL,
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One item (RSS ``<item>``, Atom ``<entry>``) as the feed gives it.

    ``content`` is the full-content HTML (``content:encoded`` or Atom
    ``<content>``, the longest if several); ``summary`` the RSS ``<description>``
    or Atom ``<summary>``. ``published`` is an ISO 8601 string when the feed's
    date could be read as one (RFC 822 dates keep their own UTC offset), else the
    feed's text as it is.
    """

    link: str | None
    title: str | None
    published: str | None
    author: str | None
    content: str | None
    summary: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A parsed feed: where it came from, its title and link, and its items in feed order."""

    source: str
    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]


def is_feed(data: bytes, content_type: str | None) -> bool:
    """Whether a response (or file) is an RSS or Atom feed.

    True for the feed content types (``application/rss+xml``,
    ``application/atom+xml``, ``application/rdf+xml``, ``application/xml``,
    ``text/xml``), or when the bytes start, after a byte-order mark, whitespace,
    an XML declaration, comments and a doctype, with ``<rss``, ``<feed`` or ``<rdf:RDF``.
    """
    if media_type(content_type) in FEED_TYPES:
        return True
    head = data[:4096]
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return bool(_FEED_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def words_of_html(markup: str) -> int:
    """How many words of text ``markup`` holds once its tags are stripped."""
    return len(html.unescape(_TAG.sub(" ", markup)).split())


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _published(entry: Any) -> str | None:
    """The item's publication (else update) date: ISO 8601 when it is an RFC 822 date, else as written."""
    raw = _text(entry.get("published")) or _text(entry.get("updated"))
    if raw is None:
        return None
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return parsedate_to_datetime(raw).isoformat()
    return raw


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    return _text(detail.get("name")) or _text(entry.get("author"))


def _content(entry: Any) -> str | None:
    """The longest full-content body of the item, as HTML (plain text is escaped into a paragraph)."""
    bodies = []
    for part in entry.get("content") or ():
        value = _text(part.get("value"))
        if value:
            plain = part.get("type") == "text/plain"
            bodies.append(f"<p>{html.escape(value)}</p>" if plain else value)
    return max(bodies, key=len, default=None)


def _item(entry: Any) -> FeedItem:
    return FeedItem(link=_text(entry.get("link")), title=_text(entry.get("title")), published=_published(entry),
                    author=_author(entry), content=_content(entry), summary=_text(entry.get("summary")))


def _bozo_reason(error: Any) -> str:
    if isinstance(error, xml.sax.SAXParseException):
        return f"line {error.getLineNumber()}, column {error.getColumnNumber()}: {error.getMessage()}"
    return str(error) or type(error).__name__


def parse_feed(data: bytes, source: str, *, content_type: str | None = None) -> Feed | Rejected:
    """The feed in ``data`` (read or fetched from ``source``), or why it is not one.

    A feed with an XML error that feedparser recovers from, and that has items, is
    read; one with no items is rejected: ``invalid feed: <the XML error>``,
    ``invalid feed: not RSS or Atom ...`` or ``empty feed: it has no items``. ``content_type``
    lends its charset, if it names one; a URL ``source`` is the base for
    relative links.
    """
    headers = {}
    if "charset" in (content_type or "").lower():
        headers["content-type"] = content_type
    if is_url(source):
        headers["content-location"] = source
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        looks_like_a_feed = bool(parsed.get("version")) or is_feed(data, None)
        if parsed.get("bozo") and looks_like_a_feed:
            reason = f"invalid feed: {_bozo_reason(parsed.get('bozo_exception'))}; check that it is RSS or Atom XML"
        elif not looks_like_a_feed:
            reason = "invalid feed: not RSS or Atom (no <rss>, <feed> or <rdf:RDF> root element)"
        else:
            reason = "empty feed: it has no items"
        return Rejected(source=source, stage=STAGE, reason=reason)
    return Feed(source=source, title=_text(parsed.feed.get("title")), link=_text(parsed.feed.get("link")),
                items=tuple(_item(entry) for entry in parsed.entries))


def _body(item: FeedItem) -> str | None:
    """The longest body the item carries: its full content or its summary."""
    return max((body for body in (item.content, item.summary) if body), key=len, default=None)


def has_full_content(item: FeedItem) -> bool:
    """Whether the item carries the whole article (``FULL_CONTENT_WORDS`` or more words)."""
    body = _body(item)
    return body is not None and words_of_html(body) >= FULL_CONTENT_WORDS


def _item_page(item: FeedItem, body: str) -> str:
    """The item's HTML body as a page of its own, so HTML cleaning reads it like any article page."""
    title = html.escape(item.title or "")
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body><article>\n{body}\n</article></body></html>\n")


def _item_id(item: FeedItem, feed: Feed, number: int) -> str:
    if item.link and is_url(item.link):
        return document_id_for_url(item.link)
    base = document_id_for_url(feed.source) if is_url(feed.source) else PurePath(feed.source).stem
    return f"{base}-item-{number}"


def _content_document(item: FeedItem, body: str, feed: Feed, number: int, source: str) -> RawDocument:
    return RawDocument(id=_item_id(item, feed, number), source=source, kind="html", content=_item_page(item, body),
                       title=item.title, url=item.link, outlet=feed.title, author=item.author,
                       published=item.published)


def _linked_document(result: Fetched | Rejected, item: FeedItem, feed: Feed, source: str) -> RawDocument | Rejected:
    """The item's linked page, fetched, with the item's metadata."""
    if isinstance(result, Rejected):
        return Rejected(source=source, stage=result.stage, reason=f"{item.link}: {result.reason}")
    if is_feed(result.body, result.content_type):
        return Rejected(source=source, stage=STAGE,
                        reason=f"{result.final_url}: the item links to a feed, not to an article page")
    return page_document(result, source, title=item.title, outlet=feed.title, author=item.author,
                         published=item.published)


def read_feed(data: bytes, source: str, settings: Settings, *, content_type: str | None = None,
              limits: FetchLimits | None = None) -> Iterator[RawDocument | Rejected]:
    """Each item of the feed in ``data`` as a document, in feed order.

    Needs: the feed's bytes and where they came from (a URL or a path). Adds:
    ``RawDocument(kind="html")`` records with the item's title, link, publication
    date, author and the feed's title as outlet; their ``source`` is
    ``SOURCE#item-N`` (N counts from 1). Items with full content are read from the
    feed (see the module's rule); the others are fetched from their links with
    ``fetch_all`` (concurrently, cached; ``limits`` shares the concurrency limits
    of a fetch already running). ``content_type`` is the feed's HTTP header, if
    fetched. A feed that cannot be parsed is one ``Rejected``; an item that cannot
    be read is its own.
    """
    feed = parse_feed(data, source, content_type=content_type)
    if isinstance(feed, Rejected):
        yield feed
        return
    to_fetch = [item.link for item in feed.items if item.link and not has_full_content(item)]
    with contextlib.closing(fetch_all(to_fetch, settings, limits=limits)) as fetched:
        for number, item in enumerate(feed.items, start=1):
            item_source = f"{source}#item-{number}"
            body = _body(item)
            if item.link and not has_full_content(item):
                yield _linked_document(next(fetched), item, feed, item_source)
            elif body is not None:
                yield _content_document(item, body, feed, number, item_source)
            else:
                yield Rejected(source=item_source, stage=STAGE,
                               reason="the item has no link and no content: nothing to read")
