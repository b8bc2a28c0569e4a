"""Article extraction: the body text and metadata of one HTML page.

``extract_article`` runs trafilatura on every page, and readability-lxml, a second
extractor with a different algorithm, only on pages where trafilatura's result
looks doubtful; a measured rule (``needs_second_opinion``, ``combine``) then
decides which text to keep. Metadata comes from ``html_metadata``.

The rule has three parts, none of which looks at page ids, sites or languages:

1. **Headline.** trafilatura often returns the headline as the first line; the
   headline is metadata (``Extraction.title``), so leading lines that repeat the
   page's title, ``og:title`` or an ``<h1>`` are dropped.
2. **Too little.** When readability's text is over ``LONGER_FACTOR`` (2) times as
   long as trafilatura's and holds at least ``LONGER_CONTAINS`` (90%) of its
   4-grams, trafilatura found one part of a longer article (a body split over
   several containers): readability's text is used.
3. **Edges.** When at least ``EDGES_AGREE`` (half) of readability's 4-grams are in
   trafilatura's text (the two found the same article), trafilatura's leading
   and trailing lines that readability does not have are dropped: related-link
   lists, teasers, standfirsts, "about the company" paragraphs, reprint notices.
   Lines in the middle are kept: readability drops embedded posts and tables
   that belong to the article, and gold texts keep them.

readability-lxml costs 11 ms a page here (18 ms as released, see
``_readability_document``), as much again as trafilatura ``fast``, so it runs
only when trafilatura's result disagrees with the page's paragraph markup
(``needs_second_opinion``): under ``LOW_PARAGRAPH_SHARE`` (0.5) or over
``HIGH_PARAGRAPH_SHARE`` (1.1) of the text of the page's ``<p>`` elements, or a
list among its top-level blocks. Neighbouring thresholds give the same F1 (low
0.4-0.6 and high 1.05-1.15: 0.9733-0.9738, asking on 25-31% of the pages), so
the rule is not fitted to a few pages; below 0.4 it misses the pages of part 2.

Measured on the Article Extraction Benchmark (``bench/aeb.py --variants``: 181
pages, the benchmark's 4-gram F1; trafilatura 2.3.1, readability-lxml 0.9; one
process on the 2-core development machine with one other busy process, best of 3):

=================================================  =====  =====  =====  =====  =======
variant                                            F1     P      R      acc.   pages/s
=================================================  =====  =====  =====  =====  =======
trafilatura ``extract()`` (AEB README row)         0.960  0.942  0.978  0.293  65
trafilatura ``favor_precision=True``               0.964  0.958  0.971  0.337  62
trafilatura ``fast=True``, as extracted            0.962  0.946  0.979  0.298  92
readability-lxml alone                             0.954  0.935  0.974  0.298  91
fast, headline dropped: (1)                        0.966  0.953  0.979  0.414
(1)+(2), readability on every page                 0.969  0.953  0.986  0.414
(1)+(3), readability on every page                 0.973  0.968  0.979  0.475
(1)+(2)+(3), readability on every page             0.976  0.967  0.985  0.475
(1)+(2)+(3), readability when asked (27%): this    0.973  0.962  0.985  0.436  58
  asked without the list test (20%)                0.973  0.960  0.985  0.436
  asked without the low share (21%)                0.970  0.962  0.979  0.436
  asked without the high share (21%)               0.972  0.958  0.986  0.436
=================================================  =====  =====  =====  =====  =======

The bootstrap standard deviation of each F1 is 0.004-0.007.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

import regex
from lxml import etree
from lxml.html import HTMLParser, HtmlElement, document_fromstring, fragment_fromstring

from storyline.clean.html_metadata import PageMetadata, page_language, read_page_metadata
from storyline.errors import StorylineError

#: HTML longer than this (characters) is cut before extraction: trafilatura's time
#: grows faster than linearly with the size of the tree (measured: 0.3 s for 1 MB,
#: 0.7 s for 2 MB, 3 s for 5 MB of paragraphs), so a 50 MB page would take
#: minutes. The largest AEB page is 1.5 MB. Scripts, styles and comments are
#: taken out first, so only pages with over 2 MB of markup lose any.
MAX_HTML_CHARS = 2_000_000

#: readability runs when trafilatura's text is less than this share ...
LOW_PARAGRAPH_SHARE = 0.5
#: ... or more than this share of the text of the page's ``<p>`` elements.
HIGH_PARAGRAPH_SHARE = 1.1
#: readability's text replaces trafilatura's when it is this many times longer ...
LONGER_FACTOR = 2.0
#: ... and holds this share of trafilatura's 4-grams (it contains trafilatura's text).
LONGER_CONTAINS = 0.9
#: trafilatura's edges are trimmed to readability's when this share of
#: readability's 4-grams are in trafilatura's text (the two found the same article).
EDGES_AGREE = 0.5
#: A line of trafilatura's is in readability's text when this share of its
#: 4-grams are (lines under 4 words: when its words appear there in order).
LINE_IN_TEXT = 0.5
#: Leading lines checked against the headline.
MAX_HEADLINE_LINES = 3
#: An extraction whose longest line is shorter than this (characters other than
#: white space) is a menu, not an article: ``News / Sport / Weather``. In every
#: AEB gold article the longest line has at least 68 such characters.
MIN_LONGEST_LINE_CHARS = 40

_WORD = regex.compile(r"\w+")
_NOISE_END = {"script": "</script", "style": "</style", "noscript": "</noscript", "svg": "</svg",
              "template": "</template", "!--": "-->"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """What ``extract_article`` found in one HTML page.

    ``text`` is the article body, paragraphs separated by ``"\\n\\n"``, empty when
    the page holds no article. ``date`` is an ISO date and ``date_source`` says
    where it was found (``"html"``, ``"url"``). ``extractor`` names the extractor
    whose text this is: ``"trafilatura"``, ``"readability"``, or
    ``"trafilatura+readability"`` (trafilatura's lines, trimmed to readability's
    span); ``decision`` says which part of the rule chose it. ``notes`` record
    what was done to the input or went wrong (a cut page, a failed extractor).
    """

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    date_source: str | None = None
    sitename: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    extractor: str | None = None
    decision: str = ""
    notes: tuple[str, ...] = ()


# --- input size ------------------------------------------------------------------


def _without_noise(html: str) -> str:
    """``html`` without ``<script>``, ``<style>``, ``<svg>`` ... blocks and comments.

    A linear scan with ``str.find`` rather than a regular expression, whose
    backtracking on unclosed tags could take quadratic time on a hostile page.
    An unclosed block runs to the end of the page, as in a browser.
    """
    lower = html.lower()
    pieces: list[str] = []
    position = 0
    # The next start of each kind of block, found again only once passed: one
    # scan of the page per kind in all.
    upcoming = {tag: lower.find(f"<{tag}") for tag in _NOISE_END}
    while True:
        for tag, index in upcoming.items():
            if 0 <= index < position:
                upcoming[tag] = lower.find(f"<{tag}", position)
        starts = [(index, tag) for tag, index in upcoming.items() if index >= 0]
        if not starts:
            break
        index, tag = min(starts)
        pieces.append(html[position:index])
        end = lower.find(_NOISE_END[tag], index + len(tag) + 1)
        close = lower.find(">", end) if end >= 0 else -1
        position = len(html) if close < 0 else close + 1
    pieces.append(html[position:])
    return "".join(pieces)


def bound_html(html: str, limit: int = MAX_HTML_CHARS) -> tuple[str, tuple[str, ...]]:
    """``html`` no longer than ``limit`` characters, and a note when it had to be cut.

    Scripts, styles and comments go first (``_without_noise``); what is still too
    long is cut at ``limit``; lxml closes the open elements.
    """
    if len(html) <= limit:
        return html, ()
    size = len(html)
    html = _without_noise(html)
    if len(html) <= limit:
        return html, (f"html: page of {size:,} characters read without its scripts and styles",)
    return html[:limit], (f"html: page of {size:,} characters cut to its first {limit:,} characters "
                          "(without scripts and styles) before extraction",)


# --- the two extractors ----------------------------------------------------------


def _import_trafilatura() -> ModuleType:
    """trafilatura, imported on first need (it is slow to import and only HTML needs it)."""
    try:
        import trafilatura
    except ImportError as error:
        raise StorylineError(
            f"cannot clean HTML: trafilatura failed to import ({error}); "
            "install the missing dependency (for lxml 5.2 or later, lxml_html_clean: "
            "pip install 'lxml[html-clean]') and pin it in requirements.lock"
        ) from error
    return trafilatura


@dataclass(frozen=True, slots=True, kw_only=True)
class _Trafilatura:
    lines: tuple[str, ...]
    has_list: bool


def _load_tree(html: str) -> HtmlElement | None:
    """The page parsed once, by trafilatura's loader, for the metadata, the paragraph
    count and trafilatura itself (which copies it): a second parse would cost 1.5 ms
    a page. ``None`` when it is not HTML at all."""
    return _import_trafilatura().load_html(html)


def _run_trafilatura(tree: HtmlElement, url: str | None) -> _Trafilatura:
    """trafilatura's body lines (``fast``: its own readability/jusText fallbacks are ours to run)."""
    document = _import_trafilatura().bare_extraction(tree, url=url, fast=True, include_comments=False,
                                                     with_metadata=False)
    if document is None:
        return _Trafilatura(lines=(), has_list=False)
    body = getattr(document, "body", None)
    has_list = body is not None and body.find("list") is not None
    return _Trafilatura(lines=_lines(document.text or ""), has_list=has_list)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line)


#: Elements that start a new line of text in readability's HTML output.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
})


def html_lines(fragment: HtmlElement) -> tuple[str, ...]:
    """The text of an HTML fragment, one line per block element (``<p>``, ``<li>``, ``<h2>``, ...).

    lxml's ``text_content()`` runs paragraphs together, and html-text (what the
    benchmark's runner used) is not a dependency; this walk is the part of it we
    need. Only text is kept: attributes, scripts and styles never reach it.
    """
    pieces: list[str] = []

    def walk(element: HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            return
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if element.text and tag:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(fragment)
    return _lines("".join(pieces))


_DISPLAY_NONE = regex.compile(r"display\s*:\s*none", regex.IGNORECASE)


@lru_cache(maxsize=1)
def _readability_document() -> type:
    """readability-lxml's ``Document``, parsing pages without lxml_html_clean's ``Cleaner``.

    readability-lxml 0.9 parses the page again on each of its passes and runs
    ``Cleaner(javascript=True, ...)`` each time, which visits every link of the
    page to take out ``javascript:`` URLs: 40% of its time on AEB (18 ms a page;
    11 ms without). We keep only the text of its result, never markup or links,
    so here the parse drops what the ``Cleaner`` would (scripts, styles, ``<link>``,
    comments, processing instructions) with ``etree.strip_elements``, after the
    hidden elements readability itself drops. Its output was identical on all 181
    AEB pages; ``test_clean_extract`` compares the two on the fixture pages, so a
    readability-lxml release that changes ``_parse`` shows up there. Overriding a
    private method is the price of that speed: readability has no option for it.
    """
    from readability import Document

    class _Document(Document):  # type: ignore[misc]
        def _parse(self, input: str) -> HtmlElement:  # noqa: A002 (readability's name)
            doc = document_fromstring(input.encode("utf-8", "replace"), parser=HTMLParser(encoding="utf-8"))
            for element in doc.xpath("//*[@hidden]"):
                element.drop_tree()
            for element in doc.xpath("//*[@style]"):
                if _DISPLAY_NONE.search(element.get("style")):
                    element.drop_tree()
            etree.strip_elements(doc, "script", "style", "link", etree.Comment, etree.ProcessingInstruction,
                                 with_tail=False)
            self.encoding = None
            return doc

    return _Document


def _run_readability(html: str) -> tuple[str, ...]:
    """readability-lxml's article, as lines of text."""
    summary = _readability_document()(html).summary(html_partial=True)
    if not summary or not summary.strip():
        return ()
    return html_lines(fragment_fromstring(summary, create_parent="div"))


# --- the rule --------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingles(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    """The 4-grams of ``tokens``; fewer than 4 tokens make one shorter shingle."""
    if len(tokens) < 4:
        return {tuple(tokens)} if tokens else set()
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))


def _contained(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    """The share of ``part``'s 4-grams that are in ``whole``; 0 for an empty ``part``."""
    return len(part & whole) / len(part) if part else 0.0


def _chars(lines: Sequence[str]) -> int:
    """Characters other than white space: the size of a text, however it is laid out."""
    return sum(len(line) - line.count(" ") for line in lines)


def paragraph_chars(tree: HtmlElement | None) -> int:
    """Characters (other than white space) in the page's ``<p>`` elements."""
    if tree is None:
        return 0
    return sum(len("".join(p.text_content().split())) for p in tree.iter("p"))


def drop_headline(lines: Sequence[str], headlines: Sequence[str]) -> tuple[str, ...]:
    """``lines`` without leading lines that repeat one of ``headlines`` (same words, any case)."""
    keys = {tuple(_tokens(headline)) for headline in headlines} - {()}
    start = 0
    while start < min(len(lines), MAX_HEADLINE_LINES) and tuple(_tokens(lines[start])) in keys:
        start += 1
    return tuple(lines[start:])


def needs_second_opinion(lines: Sequence[str], page_paragraph_chars: int, has_list: bool, *,
                         low: float = LOW_PARAGRAPH_SHARE, high: float = HIGH_PARAGRAPH_SHARE,
                         lists: bool = True) -> str | None:
    """Why trafilatura's ``lines`` should be checked against readability, or ``None``.

    Its text is under ``LOW_PARAGRAPH_SHARE`` of the page's ``<p>`` text (it may
    have missed part of the article), over ``HIGH_PARAGRAPH_SHARE`` of it (it took
    text from outside the paragraphs: lists, teasers, navigation), or it has a
    top-level list (related links often are one). The keywords exist to measure
    the rule without one of its parts (``bench/aeb.py --variants``).
    """
    size = _chars(lines)
    if not size:
        return "trafilatura found no text"
    if page_paragraph_chars == 0:
        return "the page has no <p> text to compare with"
    share = size / page_paragraph_chars
    if share < low or share > high:
        return f"trafilatura has {share:.0%} of the page's paragraph text"
    if has_list and lists:
        return "trafilatura kept a list"
    return None


def _line_in(line: str, text_tokens: str, text_shingles: set[tuple[str, ...]]) -> bool:
    tokens = _tokens(line)
    if not tokens:
        return False
    if len(tokens) < 4:
        return f" {' '.join(tokens)} " in text_tokens
    return _contained(_shingles(tokens), text_shingles) >= LINE_IN_TEXT


def combine(trafilatura: Sequence[str], readability: Sequence[str], *, longer: bool = True,
            edges: bool = True) -> tuple[tuple[str, ...], str, str]:
    """The lines to keep from the two extractions, the extractor they come from, and why.

    See the module's docstring for the rule: readability's text when it holds
    trafilatura's and is over ``LONGER_FACTOR`` times longer; else trafilatura's
    lines trimmed at both ends to readability's when the two agree on the
    article; else trafilatura's. ``longer=False`` or ``edges=False`` turn one
    part off, to measure it.
    """
    if not readability:
        return tuple(trafilatura), "trafilatura", "readability found nothing"
    if not trafilatura:
        return tuple(readability), "readability", "trafilatura found nothing"
    t_tokens, r_tokens = _tokens("\n".join(trafilatura)), _tokens("\n".join(readability))
    t_shingles, r_shingles = _shingles(t_tokens), _shingles(r_tokens)
    if (longer and _chars(readability) > LONGER_FACTOR * _chars(trafilatura)
            and _contained(t_shingles, r_shingles) >= LONGER_CONTAINS):
        return tuple(readability), "readability", "readability has trafilatura's text and over twice as much"
    if not edges or _contained(r_shingles, t_shingles) < EDGES_AGREE:
        return tuple(trafilatura), "trafilatura", "the two extractors disagree; trafilatura kept"
    joined = f" {' '.join(r_tokens)} "
    inside = [_line_in(line, joined, r_shingles) for line in trafilatura]
    first = inside.index(True) if True in inside else 0
    last = len(inside) - inside[::-1].index(True) if True in inside else len(inside)
    if (first, last) == (0, len(trafilatura)):
        return tuple(trafilatura), "trafilatura", "readability agrees"
    return (tuple(trafilatura[first:last]), "trafilatura+readability",
            f"{first + len(trafilatura) - last} edge line(s) not in readability's article dropped")


# --- the stage function ------------------------------------------------------------


def _guarded(name: str, run: Callable[[], Any], default: Any, notes: list[str]) -> Any:
    """``run()``, or ``default`` with a note when the extractor fails on this page.

    The extractors parse untrusted markup; whatever breaks there is a property of
    this one page (it ends up without text, and is rejected by the caller with the
    note), never a reason to stop a build.
    """
    try:
        return run()
    except StorylineError:
        raise
    except Exception as error:  # noqa: BLE001
        notes.append(f"{name} failed on this page ({type(error).__name__}: {error})")
        return default


def extract_article(html: str, url: str | None = None) -> Extraction:
    """The article in an HTML page: its body text, by the rule above, and its metadata.

    ``url`` is where the page came from, when known (for the outlet, a date in the
    URL, and trafilatura's URL-specific rules). Pages over ``MAX_HTML_CHARS`` are
    cut first (``bound_html``). Never raises for a bad page: a page without an
    article gives an empty ``text`` and ``notes`` saying why. Raises
    ``StorylineError`` only when trafilatura cannot be imported.
    """
    html, cut = bound_html(html)
    notes: list[str] = list(cut)
    tree: HtmlElement | None = _guarded("the HTML parser", lambda: _load_tree(html), None, notes)
    if tree is None:
        notes.append("not an HTML page: the parser found no document in it")
        return Extraction(text="", url=url, decision="not HTML", notes=tuple(notes))
    metadata = _guarded("metadata", lambda: read_page_metadata(tree, url), PageMetadata(url=url), notes)
    found = _guarded("trafilatura", lambda: _run_trafilatura(tree, url), _Trafilatura(lines=(), has_list=False),
                     notes)
    lines = drop_headline(found.lines, metadata.headlines)
    reason = needs_second_opinion(lines, paragraph_chars(tree), found.has_list)
    extractor, decision = "trafilatura", "trafilatura's text matches the page's paragraphs"
    if reason is not None:
        readability = drop_headline(_guarded("readability", lambda: _run_readability(html), (), notes),
                                    metadata.headlines)
        lines, extractor, why = combine(lines, readability)
        decision = f"{reason}; {why}"
    if lines and max(_chars((line,)) for line in lines) < MIN_LONGEST_LINE_CHARS:
        notes.append(f"what the extractors found is {len(lines)} short line(s) such as {lines[0]!r}, "
                     "a menu rather than an article")
        lines, extractor = (), None
    text = "\n\n".join(lines)
    return Extraction(
        text=text,
        title=metadata.title,
        author=metadata.author,
        date=metadata.date,
        date_source=metadata.date_source,
        sitename=metadata.site_name,
        outlet=metadata.outlet,
        url=metadata.url,
        language=page_language(metadata.languages, text) if text else (metadata.languages or (None,))[0],
        extractor=extractor if text else None,
        decision=decision,
        notes=tuple(notes),
    )
