"""What every reader of web pages shares: URL tests, document ids, content types, decoding.

Pages come from the network (``web.py``, ``feeds.py``) and from web archives
(``warc.py``); both decode them and name them the same way, so that the same URL
gets the same document id however it was read.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

from .decode import DecodeError, decode_bytes

#: Content types of HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

#: How many characters of the URL path (and query) an id keeps, at most.
_SLUG_CHARS = 60
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jspx?|cgi|cfm)$", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_CHARSET_PARAMETER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, as browsers do.
_CHARSET_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
_UNICODE = ("utf-8", "utf-16", "utf-32")


def is_url(text: str) -> bool:
    """Whether ``text`` is an ``http://`` or ``https://`` URL with a host (and no whitespace)."""
    if not text or any(character.isspace() for character in text):
        return False
    try:
        parts = urlsplit(text)
        _port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def document_id_for_url(url: str) -> str:
    """A stable id for the page at ``url``: host, path slug and a short hash of the URL.

    ``https://www.example.com/news/2024/04/harbour-bridge.html?page=2#top`` gives
    ``example.com-news-2024-04-harbour-bridge-page-2-`` plus 8 hex digits of the
    SHA-1 of the URL without its fragment. Long paths keep their last 60
    characters (the most specific part); the hash keeps ids of different URLs apart.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    path = _PAGE_SUFFIX.sub("", parts.path)
    slug = _NOT_SLUG.sub("-", f"{path} {parts.query}".lower()).strip("-")
    if len(slug) > _SLUG_CHARS:
        slug = slug[-_SLUG_CHARS:].split("-", 1)[-1] or slug[-_SLUG_CHARS:]
    canonical = urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), fragment=""))
    digest = hashlib.sha1(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return "-".join(part for part in (host, slug, digest) if part)


def media_type(content_type: str | None) -> str:
    """``"text/html"`` for ``"Text/HTML; charset=utf-8"``; ``""`` for no content type."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The codec a ``Content-Type`` header's ``charset`` names, as browsers read it (Latin-1 is
    windows-1252); ``None`` when it names none that Python knows."""
    match = _CHARSET_PARAMETER.search(content_type or "")
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    return _CHARSET_ALIASES.get(name, name)


def looks_like_html(body: bytes) -> bool:
    """Whether ``body`` starts (after a byte-order mark, whitespace, an XML declaration and
    comments) like an HTML page."""
    return bool(_HTML_START.match(body[:4096].removeprefix(codecs.BOM_UTF8).lstrip()))


def decode_page(body: bytes, content_type: str | None) -> tuple[str, str]:
    """An HTML body as text, and the encoding used; raises ``DecodeError``.

    ``decode_bytes(body, html=True)`` decides first (byte-order mark, UTF-8, the
    page's ``<meta charset>``, detection). Unless it found a byte-order mark or
    valid UTF-8, the charset of the HTTP ``Content-Type`` header wins over the
    ``<meta>`` tag and detection when the body decodes with it, as in browsers,
    also where ``decode_bytes`` found no encoding that fits.
    """
    declared = header_charset(content_type)
    try:
        text, encoding = decode_bytes(body, html=True)
    except DecodeError as error:
        if declared and str(error).startswith("cannot decode"):
            try:
                return body.decode(declared), declared
            except UnicodeDecodeError:
                pass
        raise
    if declared and declared != encoding and not encoding.startswith(_UNICODE):
        try:
            return body.decode(declared), declared
        except UnicodeDecodeError:
            pass
    return text, encoding
