"""Read articles from the web: URLs, ``--urls`` files and feed files, into ``RawDocument`` records.

Needs: URLs the user gave (or a feed file) and ``Settings``. Adds: one
``RawDocument(kind="html")`` per HTML page, with ``url`` the page's final URL
after redirects; a feed is expanded into its items (``feeds.read_feed``).
Everything that cannot become a document is a ``Rejected`` record naming the URL
(or ``FILE:LINE``) and why.

Document ids come from the URL (``document_id_for_url``): the same URL always
gives the same id, so a rebuild keeps its ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import RawDocument, Rejected
from ..settings import Settings
from .decode import DecodeError, decode_bytes
from .fetch import Fetched, FetchLimits, fetch_all
from .pages import HTML_TYPES, decode_page, document_id_for_url, is_url, looks_like_html, media_type
from .readers import read_bytes

__all__ = ["decode_page", "document_id_for_url", "is_url", "page_document", "read_feed_file",
           "read_url_list", "read_urls"]

STAGE = "ingest"


def page_document(fetched: Fetched, source: str, *, title: str | None = None, outlet: str | None = None,
                  author: str | None = None, published: str | None = None) -> RawDocument | Rejected:
    """A fetched HTML page as a ``RawDocument(kind="html")``; anything else is ``Rejected``.

    Needs: a ``Fetched`` response that is not a feed. The id comes from the final
    URL; ``source`` names where the URL came from; the keyword arguments are
    metadata from a container (a feed item).
    """
    kind = media_type(fetched.content_type)
    if kind not in HTML_TYPES and not (kind == "" and looks_like_html(fetched.body)):
        what = f"the content type is {kind!r}" if kind else "there is no content type and the body is not HTML"
        return Rejected(source=source, stage=STAGE,
                        reason=f"{fetched.final_url} is not an HTML page or a feed: {what}")
    try:
        text, _encoding = decode_page(fetched.body, fetched.content_type)
    except DecodeError as error:
        return Rejected(source=source, stage=STAGE, reason=f"{fetched.final_url}: {error}")
    return RawDocument(id=document_id_for_url(fetched.final_url), source=source, kind="html", content=text,
                       url=fetched.final_url, title=title, outlet=outlet, author=author, published=published)


def read_urls(urls: list[str], settings: Settings) -> Iterator[RawDocument | Rejected]:
    """Every URL in ``urls`` fetched and read, in order.

    Needs: http(s) URLs. Adds: an HTML page becomes one document (``source`` the
    URL as given, ``url`` the final URL); a feed becomes its items' documents
    (``feeds.read_feed``, its items fetched within the same concurrency limits);
    any other response, and every fetch failure, a ``Rejected``.
    """
    # feeds imports this module (document ids, page documents), so it is imported here.
    from .feeds import is_feed, read_feed

    limits = FetchLimits(settings)
    for result in fetch_all(urls, settings, limits=limits):
        if isinstance(result, Rejected):
            yield result
        elif is_feed(result.body, result.content_type):
            yield from read_feed(result.body, result.url, settings, content_type=result.content_type,
                                 limits=limits)
        else:
            yield page_document(result, result.url)


def read_url_list(path: Path) -> tuple[list[str], list[Rejected]]:
    """The URLs of a ``--urls FILE``: one per line; blank lines and lines starting with ``#`` are skipped.

    A line that is not an http(s) URL is a ``Rejected`` with source ``FILE:LINE``;
    a file that cannot be read or decoded is one ``Rejected`` naming the file.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [Rejected(source=str(path), stage=STAGE,
                             reason=f"cannot read the URL list: {error.strerror or error}")]
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as error:
        return [], [Rejected(source=str(path), stage=STAGE, reason=f"cannot read the URL list: {error}")]
    urls: list[str] = []
    rejected: list[Rejected] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if is_url(entry):
            urls.append(entry)
        else:
            rejected.append(Rejected(source=f"{path}:{number}", stage=STAGE,
                                     reason=f"not an http(s) URL: {entry[:200]!r}; give one URL per line "
                                     "(lines starting with # are comments)"))
    return urls, rejected


def read_feed_file(path: Path, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """An ``.rss``, ``.atom`` or ``.xml`` feed file: its items as documents (``feeds.read_feed``).

    Files larger than ``max_file_bytes`` are rejected unread. Items without full
    content are fetched from their links, as for a feed URL.
    """
    from .feeds import read_feed  # see read_urls

    data = read_bytes(path, settings)
    if isinstance(data, Rejected):
        yield data
        return
    yield from read_feed(data, str(path), settings)
