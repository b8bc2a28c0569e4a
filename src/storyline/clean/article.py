"""The cleaning stage: one ``RawDocument`` in, one ``Article`` (or ``Rejected``) out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storyline.clean.boilerplate import remove_boilerplate, split_paragraphs
from storyline.clean.extract import extract_article
from storyline.clean.metadata import (
    parse_date_text,
    take_author_bio,
    take_byline,
    take_date_prefix,
    take_datelines,
    take_title,
)
from storyline.clean.repair import repair_text
from storyline.model import Article, RawDocument, Rejected
from storyline.settings import Settings

STAGE = "clean"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Body:
    """The text to clean and the metadata its container gave (the JSONL record, the HTML)."""

    text: str
    title: str | None
    author: str | None
    published: date | None
    published_source: str | None
    notes: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    extractor: str | None = None


def _tidy(value: str | None) -> str | None:
    """A metadata string repaired like the text, on one line; ``None`` when empty."""
    if not value or not value.strip():
        return None
    repaired, _ = repair_text(value)
    return " ".join(repaired.split()) or None


def _metadata_date(raw: RawDocument) -> tuple[date | None, tuple[str, ...]]:
    """The RawDocument's own ``published`` value as a date, with a note if it is unreadable."""
    if not raw.published or not raw.published.strip():
        return None, ()
    day = parse_date_text(raw.published)
    if day is None:
        return None, (f"published: metadata value {raw.published!r} is not a date; ignored",)
    return day, ()


def _text_body(raw: RawDocument) -> _Body:
    published, notes = _metadata_date(raw)
    return _Body(
        text=raw.content,
        title=_tidy(raw.title),
        author=_tidy(raw.author),
        published=published,
        published_source="metadata" if published else None,
        notes=notes,
    )


def _html_body(raw: RawDocument) -> _Body | Rejected:
    """The article text and metadata ``extract_article`` finds in an HTML page.

    What the RawDocument itself says (title, author, published, outlet, URL: a
    feed's or a JSONL record's fields) wins over what the page says.
    """
    extraction = extract_article(raw.content, raw.url)
    if not extraction.text.strip():
        why = f" ({'; '.join(extraction.notes)})" if extraction.notes else ""
        return Rejected(
            source=raw.source,
            stage=STAGE,
            reason="no article text found in the HTML page; check that it is an article page "
                   "(not an index, a login wall or a script-rendered page), or save its text instead" + why,
        )
    published, notes = _metadata_date(raw)
    source = "metadata" if published else None
    if published is None and extraction.date:
        published = parse_date_text(extraction.date)
        source = extraction.date_source if published else None
    return _Body(
        text=extraction.text,
        title=_tidy(raw.title) or _tidy(extraction.title),
        author=_tidy(raw.author) or _tidy(extraction.author),
        published=published,
        published_source=source,
        notes=notes + extraction.notes,
        outlet=_tidy(raw.outlet) or _tidy(extraction.outlet),
        url=raw.url or extraction.url,
        language=extraction.language,
        extractor=extraction.extractor,
    )


def _reject(raw: RawDocument, reason: str) -> Rejected:
    return Rejected(source=raw.source, stage=STAGE, reason=reason)


def _build(raw: RawDocument, body: _Body, settings: Settings) -> Article | Rejected:
    """Run the text rules on ``body`` and build the Article."""
    text, repairs = repair_text(body.text)
    text, prefix_date, prefix_removed = take_date_prefix(text)
    lines = split_paragraphs(text)
    byline = take_byline(lines)
    boilerplate = remove_boilerplate(byline.lines)
    datelines = take_datelines(boilerplate.lines)
    bio = take_author_bio(datelines.lines)
    title = take_title(bio.lines, body.title)
    removed = (prefix_removed + byline.removed + boilerplate.removed + datelines.removed
               + bio.removed + title.removed)

    published, published_source = body.published, body.published_source
    for day, source in ((prefix_date, "prefix"), (datelines.value, "dateline")):
        if published is None and day is not None:
            published, published_source = day, source

    cleaned = "\n\n".join(title.lines)
    if not cleaned:
        return _reject(raw, f"no article text left after cleaning: all {len(removed)} pieces of text "
                            "were boilerplate or metadata (navigation, captions, datelines, ...); "
                            "check that the input is an article and not an index or navigation page")
    count = len(cleaned.split())
    if count < settings.min_words:
        return _reject(raw, f"only {count} word{'s' if count != 1 else ''} of article text after "
                            f"cleaning, fewer than min_words={settings.min_words}; check the input, "
                            "or lower the min_words setting for very short texts")
    return Article(
        id=raw.id,
        source=raw.source,
        text=cleaned,
        title=title.value,
        author=body.author or byline.value or bio.value,
        outlet=body.outlet or raw.outlet,
        url=body.url or raw.url,
        published=published,
        published_source=published_source,
        removed=removed,
        repairs=body.notes + repairs,
        language=body.language,
        extractor=body.extractor,
    )


def clean_article(raw: RawDocument, settings: Settings) -> Article | Rejected:
    """Clean one document into an Article: body text without boilerplate, and its metadata.

    Needs: a ``RawDocument`` of kind ``text``, ``jsonl`` (metadata fields may be set)
    or ``html`` (a whole page, extracted by ``clean.extract.extract_article``:
    trafilatura, and readability-lxml where trafilatura's result is doubtful);
    ``settings.min_words``.
    Adds: the repaired body (``repair_text``) without page furniture
    (``remove_boilerplate``), one paragraph per line joined by blank lines;
    ``title``, ``author`` and ``published`` from the container, else from the
    page's markup or URL (HTML), else from the text (``date`` prefix, dateline,
    headline, byline, author bio); for HTML also ``outlet``, ``language`` and
    ``extractor``; a ``Removal`` for every piece of text taken out and a note for
    every repair.
    Returns ``Rejected`` (never raises) for an empty or too short text, an HTML page
    without article text, or an unknown kind. Raises ``StorylineError`` only when
    the HTML extractor cannot be imported, a broken installation.
    """
    if not raw.content or not raw.content.strip():
        return _reject(raw, "the document is empty; check that the file or record has text")
    if raw.kind in ("text", "jsonl"):
        body: _Body | Rejected = _text_body(raw)
    elif raw.kind == "html":
        body = _html_body(raw)
    else:
        return _reject(raw, f"unknown input kind {raw.kind!r}; expected 'text', 'jsonl' or 'html'")
    if isinstance(body, Rejected):
        return body
    return _build(raw, body, settings)
