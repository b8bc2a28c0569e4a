"""Metadata of an HTML page: title, author, publication date, outlet, language, URL.

Each finder is a small function over a parsed page (``parse_html``) or a string,
usable on its own; ``read_page_metadata`` runs them all. What a page declares in
its markup comes first (``<meta>`` tags, JSON-LD, ``<html lang>``); the URL is the
fallback, and the text rules of ``clean.metadata`` (datelines, bylines) run later
on the extracted text anyway.

Libraries do the hard parts: htmldate finds dates in markup, tldextract splits
host names with its bundled public-suffix list (never fetched), py3langid
identifies the language of a text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

import regex
from lxml.html import HTMLParser, HtmlElement, document_fromstring

# --- parsing ---------------------------------------------------------------------


def parse_html(html: str) -> HtmlElement:
    """The page as an lxml tree.

    Raises ``ValueError`` (lxml's ``ParserError`` is one) for a string that holds no
    markup at all. A page that declares its encoding in an XML prolog is parsed
    from UTF-8 bytes, as lxml refuses such declarations in ``str`` input.
    """
    try:
        return document_fromstring(html)
    except ValueError as error:
        if "encoding declaration" not in str(error):
            raise
    return document_fromstring(html.encode("utf-8", "replace"), parser=HTMLParser(encoding="utf-8"))


def _squash(value: str | None) -> str | None:
    """``value`` on one line, runs of white space as one space; ``None`` when empty."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def meta_values(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty ``content`` of every ``<meta>``, by lower-case name.

    ``name``, ``property``, ``itemprop`` and ``http-equiv`` all count as names
    (``og:title``, ``author``, ``content-language``).
    """
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = _squash(element.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), content)
    return values


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, flattening lists and ``@graph``."""
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _json_objects(value["@graph"])


def json_ld(tree: HtmlElement) -> tuple[dict[str, Any], ...]:
    """The objects of the page's ``application/ld+json`` scripts; unreadable ones are skipped.

    Publishers' JSON-LD is often broken (trailing commas, HTML inside); such a
    block says nothing we could use, so it is left out rather than failing the page.
    """
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            objects.extend(_json_objects(json.loads(script.text)))
        except ValueError:
            continue
    return tuple(objects)


_ARTICLE_TYPES = regex.compile(r"Article|Posting|Report|Blog", regex.IGNORECASE)


def _article_objects(objects: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON-LD objects that describe an article (``NewsArticle``, ``BlogPosting``, ...)."""
    found = []
    for item in objects:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            found.append(item)
    return found


def _names(value: Any) -> list[str]:
    """The names in a JSON-LD ``author``/``publisher`` value: a string, an object or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


# --- outlet ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _domain_splitter() -> Any:
    """tldextract with its bundled public-suffix snapshot: no download, no cache files."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def registered_domain(url: str | None) -> str | None:
    """The registrable domain of ``url``: ``https://www.bbc.co.uk/news/x`` gives ``bbc.co.uk``.

    A host without a public suffix (``localhost``, an IP address) is returned as
    it is; ``None`` for a URL without a host.
    """
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    parts = _domain_splitter()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host


def site_name(meta: dict[str, str], objects: Iterable[dict[str, Any]] = ()) -> str | None:
    """The name the page gives its site: ``og:site_name``, ``application-name`` or the JSON-LD publisher."""
    for key in ("og:site_name", "application-name", "twitter:site:name"):
        if meta.get(key):
            return meta[key]
    for item in _article_objects(objects):
        for name in _names(item.get("publisher")):
            if _squash(name):
                return _squash(name)
    return None


def outlet_name(site: str | None, url: str | None) -> str | None:
    """The outlet: the page's site name when it has one, else the URL's registered domain."""
    return _squash(site) or registered_domain(url)


# --- title -------------------------------------------------------------------------

_TITLE_SEPARATOR = regex.compile(r"\s+[|\-–—·•»:]\s+|\s*[|·•»]\s*|:\s+")
_NOT_ALPHANUMERIC = regex.compile(r"[\W_]+")


def _key(value: str) -> str:
    """``value`` in lower case without spaces or punctuation, to compare names."""
    return _NOT_ALPHANUMERIC.sub("", value.casefold())


#: Words that may go with a site's name in a title without being part of a
#: headline: ``BBC News``, ``The Hill``, ``Guardian Online``.
_SITE_WORDS = frozenset({
    "the", "news", "online", "com", "net", "org", "couk", "uk", "us", "tv", "radio", "media",
    "digital", "live", "today", "daily", "magazine", "blog", "sport", "sports", "world",
})


def registered_label(domain: str) -> str | None:
    """The name part of a domain: ``www.bbc.co.uk`` gives ``bbc``."""
    return _domain_splitter()(domain).domain or None


def _site_keys(names: Iterable[str | None]) -> set[str]:
    """Comparison keys for a site: each of its names, and a domain's name without its suffix."""
    keys = set()
    for name in names:
        if not name:
            continue
        keys.add(_key(name))
        if "." in name and " " not in name:  # a domain: bbc.co.uk -> bbc
            keys.add(_key(registered_label(name) or ""))
    return {key for key in keys if len(key) >= 2}


def _names_site(segment: str, keys: set[str]) -> bool:
    """Whether a title segment is the site's name: ``BBC News`` for ``bbc``, ``The Hill`` for ``The Hill``.

    The segment must be the name, or the name with only words like ``news``,
    ``the``, ``online`` around it (``_SITE_WORDS``): ``BBC reporter arrested``
    does not name ``bbc``.
    """
    words = [_key(word) for word in segment.split()]
    words = [word for word in words if word]
    if not words:
        return False
    for site in keys:
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                if "".join(words[start:end]) == site and all(
                        word in _SITE_WORDS for word in words[:start] + words[end:]):
                    return True
    return False


def strip_site_name(title: str, names: Iterable[str | None]) -> str:
    """``title`` without a site name before or after a separator.

    ``Storm hits coast | Daily Planet``, ``Storm hits coast - BBC News`` and
    ``Daily Planet: Storm hits coast`` give ``Storm hits coast`` when ``names``
    holds the site's name or domain (``Daily Planet``, ``bbc.co.uk``). A segment is
    cut only when it names the site, so a headline with a dash or a colon of its
    own (``Biden: 'We will rebuild'``) keeps it.
    """
    title = _squash(title) or ""
    keys = _site_keys(names)
    if not keys:
        return title
    changed = True
    while changed:
        changed = False
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            break
        last, first = separators[-1], separators[0]
        if _names_site(title[last.end():], keys) and title[:last.start()].strip():
            title, changed = title[:last.start()].strip(), True
        elif _names_site(title[:first.start()], keys) and title[first.end():].strip():
            title, changed = title[first.end():].strip(), True
    return title


def page_title(tree: HtmlElement, meta: dict[str, str], objects: Iterable[dict[str, Any]],
               site_names: Iterable[str | None]) -> str | None:
    """The headline: ``og:title``, ``twitter:title``, JSON-LD ``headline``, ``<title>`` or ``<h1>``,
    without the site's name (``strip_site_name``).

    When only ``<title>`` is there and it is an ``<h1>`` of the page with more
    around it (``Harbour Gazette: Fleet returns early``, site name unknown), the
    ``<h1>`` is the headline.
    """
    names = list(site_names)
    candidates = [meta.get("og:title"), meta.get("twitter:title")]
    candidates += [item.get("headline") for item in _article_objects(objects)]
    for candidate in candidates:
        if isinstance(candidate, str) and _squash(candidate):
            return strip_site_name(candidate, names) or None
    headings = [text for text in (_squash(h.text_content()) for h in tree.iter("h1")) if text]
    title = _squash(tree.findtext(".//title"))
    if title:
        title = strip_site_name(title, names)
        for heading in headings:
            if heading != title and len(heading) >= 10 and (title.startswith(heading) or title.endswith(heading)):
                return heading
        return title
    return headings[0] if headings else None


# --- author ------------------------------------------------------------------------

_AUTHOR_PREFIX = regex.compile(
    # "By", "Written by", "View all posts by", "Analysis by"; "Author:", "Von", "Par", "Por"
    r"^(?:(?:\p{L}+\s+){0,3}?by|authors?|reporter|von|par|por)\s*:?\s+",
    regex.IGNORECASE,
)
# What follows a name: "| Staff writer", "; Reuters", " - correspondent", ". Sputnik"
# (a full stop after a word of three letters or more, so "Bruce Y. Lee" stays whole).
_AUTHOR_END = regex.compile(r"\s*(?:[|;•·/]|\s[-–—]\s|(?<=\p{L}{3})\.\s+(?=\p{Lu}))\s*")
_AUTHOR_AND = regex.compile(r"\s+(?:and|und|et)\s+|\s*&\s*", regex.IGNORECASE)
_SLUG = regex.compile(r"^[\p{L}]+(?:[-_.][\p{L}]+)+$")
_NAME_CHARACTERS = regex.compile(r"^[\p{L}][\p{L}\p{M}'’.\- ]*$")
_MAX_NAME_WORDS = 5


def _from_url(value: str) -> str | None:
    """A name from an author page URL: ``https://x.com/author/jane-doe/`` gives ``Jane Doe``."""
    segments = [segment for segment in urlsplit(value).path.split("/") if segment]
    if not segments:
        return None
    slug = unquote(segments[-1]).rsplit(".", 1)[0] if segments[-1].endswith((".html", ".htm")) \
        else unquote(segments[-1])
    if not _SLUG.match(slug):
        return None
    return " ".join(part.capitalize() for part in regex.split(r"[-_.]", slug))


def _tidy_name(name: str) -> str | None:
    """A name, if ``name`` looks like one, in title case when it was all upper or lower case."""
    name = name.strip(" .,:;\"'“”")
    if not name or len(name.split()) > _MAX_NAME_WORDS or not _NAME_CHARACTERS.match(name):
        return None
    if (name.isupper() and " " in name) or name.islower():  # JANE DOE, jane doe; not AFP
        name = " ".join(part.capitalize() for part in name.split())
    return name


def clean_author(value: str | None) -> str | None:
    """An author's name without page furniture, or ``None`` when ``value`` holds none.

    ``View all posts by Jane Doe``, ``By Jane Doe``, ``Jane Doe, Reuters``,
    ``Jane Doe | Staff writer`` and ``https://example.com/author/jane-doe`` all give
    ``Jane Doe``. Several authors are joined as in a byline: ``Jane Doe and John
    Roe``; ``Jane Doe, John Roe and Ann Poe``.
    """
    value = _squash(value)
    if not value:
        return None
    if regex.match(r"^(?:https?://|www\.)\S+$", value, regex.IGNORECASE):
        return _from_url(value if "//" in value else f"//{value}")
    if "@" in value and " " not in value:  # an e-mail address or a social handle
        return None
    value = _AUTHOR_PREFIX.sub("", value, count=1)
    value = _AUTHOR_END.split(value, maxsplit=1)[0]
    *listed, last = _AUTHOR_AND.split(value)
    parts = [part for chunk in listed for part in chunk.split(",")] + [last.split(",")[0]]
    names = [name for name in (_tidy_name(part) for part in parts) if name]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def page_author(tree: HtmlElement, meta: dict[str, str], objects: Iterable[dict[str, Any]]) -> str | None:
    """The author(s): JSON-LD ``author``, ``<meta name=author>`` and its kin, or a ``rel=author`` link.

    Each candidate goes through ``clean_author``; the first that gives a name wins.
    """
    candidates: list[str] = []
    for item in _article_objects(objects):
        names = [name for name in (_squash(n) for n in _names(item.get("author"))) if name]
        if names:
            candidates.append(" and ".join(names) if len(names) <= 2
                              else ", ".join(names[:-1]) + " and " + names[-1])
    for key in ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "twitter:creator"):
        if meta.get(key):
            candidates.append(meta[key])
    candidates += [link.text_content() for link in tree.xpath("//a[@rel='author']")[:1]]
    for candidate in candidates:
        name = clean_author(candidate)
        if name:
            return name
    return None


# --- publication date --------------------------------------------------------------

_URL_DATE = regex.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:([/_.-])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))(?!\d)"
)


def url_date(url: str | None) -> str | None:
    """The publication day a URL carries (``/2024/04/16/``, ``/2024-04-16-``, ``20240416``), as ISO.

    ``None`` when the URL has no full date, or the numbers make no calendar day.
    """
    if not url:
        return None
    path = urlsplit(url).path if "//" in url else url
    for match in _URL_DATE.finditer(path):
        year = int(match[1])
        month, day = (int(match[3]), int(match[4])) if match[2] else (int(match[5]), int(match[6]))
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


#: A URL date this many days or more from the page's own date overrides it. On
#: AEB, 46 pages have a full date in the URL: htmldate agreed on 34, was one day
#: later on 9 and earlier on 1 (UTC timestamps of evening stories: the URL has the
#: outlet's local day), and years off on 2 (a date of another item on the page).
URL_DATE_OVERRIDE_DAYS = 1


def html_date(tree: HtmlElement) -> str | None:
    """The publication date the markup gives, by htmldate, as ISO (``2024-04-16``).

    ``extensive_search=False, original_date=True``: measured on the 46 AEB pages
    with a date in the URL, this agreed with it on 34 (``original_date=False``:
    30), in 0.7 ms a page (``extensive_search=True``: 17.6 ms, same agreement).
    ``url=""`` keeps htmldate from reading the URL itself, so that a date from
    the URL is reported as such (``page_date``).
    """
    from htmldate import find_date

    # htmldate parses untrusted markup; a failure there means "no date found".
    try:
        return find_date(tree, url="", extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001
        return None


def page_date(tree: HtmlElement | None, url: str | None) -> tuple[str | None, str | None]:
    """The publication date and where it came from: ``("2024-04-16", "html")`` or ``(..., "url")``.

    The page's own date (``html_date``), unless the URL carries a full date at
    least ``URL_DATE_OVERRIDE_DAYS`` away from it (the URL holds the outlet's
    local day, the markup often a UTC time); else the URL's date; else
    ``(None, None)``.
    """
    found = html_date(tree) if tree is not None else None
    from_url = url_date(url)
    if from_url and (found is None or abs((date.fromisoformat(found[:10]) - date.fromisoformat(from_url)).days)
                     >= URL_DATE_OVERRIDE_DAYS):
        return from_url, "url"
    return (found[:10], "html") if found else (None, None)


# --- language ----------------------------------------------------------------------

_LANGUAGE_TAG = regex.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_LEGACY_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
#: py3langid reads this many first characters: on AEB's gold texts 500 give the
#: same language as 3,000 on all 181 pages, in 0.3 ms instead of 2 (it reads byte by byte).
DETECTION_SAMPLE_CHARS = 500
#: Texts shorter than this (characters) are not trusted to overrule a declaration.
MIN_DETECTION_CHARS = 200
#: py3langid's normalised probability needed to overrule a declaration.
MIN_DETECTION_PROBABILITY = 0.95


def language_code(tag: str | None) -> str | None:
    """The ISO 639-1 code of a language tag: ``en-US``, ``en_GB``, ``EN`` give ``en``."""
    match = _LANGUAGE_TAG.match((tag or "").strip())
    if not match:
        return None
    code = match[1].lower()
    return _LEGACY_CODES.get(code, code)


def declared_languages(tree: HtmlElement, meta: dict[str, str]) -> tuple[str, ...]:
    """The languages the page declares: ``<html lang>``, ``og:locale``, ``content-language``, in order."""
    tags = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"), tree.get("xml:lang"),
            meta.get("og:locale"), meta.get("content-language")]
    return tuple(dict.fromkeys(code for code in map(language_code, tags) if code))


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded on first use (about 0.7 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """The language of ``text`` by py3langid (ISO 639-1) and its probability; ``(None, 0.0)`` for no text."""
    sample = text[:DETECTION_SAMPLE_CHARS]
    if not sample.strip():
        return None, 0.0
    code, probability = _language_identifier().classify(sample)
    return language_code(code), float(probability)


def page_language(declared: tuple[str, ...], text: str) -> str | None:
    """The article's language: what its text says when that is clear, else what the page declares.

    On AEB the declaration was wrong on 4 of 158 pages that have one (an English
    ``lang`` on German pages, a German ``lang`` on English ones); py3langid was
    right on all of them. So a text of at least ``MIN_DETECTION_CHARS`` whose
    language is identified with probability ``MIN_DETECTION_PROBABILITY`` decides;
    otherwise the first declaration; otherwise the detection, however unsure.
    """
    detected, probability = detect_language(text)
    if detected and len(text) >= MIN_DETECTION_CHARS and probability >= MIN_DETECTION_PROBABILITY:
        return detected
    return declared[0] if declared else detected


# --- all of it -------------------------------------------------------------------


def canonical_url(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    """The page's own URL: ``<link rel=canonical>`` or ``og:url``, when absolute."""
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            href = _squash(link.get("href"))
            if href and href.lower().startswith(("http://", "https://")):
                return href
    value = meta.get("og:url")
    return value if value and value.lower().startswith(("http://", "https://")) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMetadata:
    """What an HTML page and its URL say about the article, before its text is read."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    date_source: str | None = None
    site_name: str | None = None
    outlet: str | None = None
    url: str | None = None
    languages: tuple[str, ...] = ()
    #: Strings a headline line at the top of the body may repeat: the cleaned
    #: title, ``og:title``, the whole ``<title>`` and the ``<h1>`` headings.
    headlines: tuple[str, ...] = ()


def read_page_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Every metadata finder of this module on one parsed page.

    ``url`` is where the page was fetched from, when known; otherwise the page's
    canonical URL stands in for it (for the outlet and a date in the URL).
    """
    meta = meta_values(tree)
    objects = json_ld(tree)
    page_url = url or canonical_url(tree, meta)
    site = site_name(meta, objects)
    title = page_title(tree, meta, objects, (site, registered_domain(page_url)))
    date_value, date_source = page_date(tree, page_url)
    headings = [heading.text_content() for heading in tree.iter("h1")][:3]
    headlines = [title, meta.get("og:title"), meta.get("twitter:title"), tree.findtext(".//title"), *headings]
    return PageMetadata(
        title=title,
        author=page_author(tree, meta, objects),
        date=date_value,
        date_source=date_source,
        site_name=site,
        outlet=outlet_name(site, page_url),
        url=page_url,
        languages=declared_languages(tree, meta),
        headlines=tuple(dict.fromkeys(h for h in map(_squash, headlines) if h)),
    )


__all__ = [
    "PageMetadata",
    "canonical_url",
    "clean_author",
    "declared_languages",
    "detect_language",
    "html_date",
    "json_ld",
    "language_code",
    "meta_values",
    "outlet_name",
    "page_author",
    "page_date",
    "page_language",
    "page_title",
    "parse_html",
    "read_page_metadata",
    "registered_domain",
    "site_name",
    "strip_site_name",
    "url_date",
]
