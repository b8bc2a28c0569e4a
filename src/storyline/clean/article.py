"""The cleaning stage: one ``RawDocument`` in, one ``Article`` (or ``Rejected``) out."""

from __future__ import annotations

from dataclasses import dataclass
from storyline.clean.boilerplate import remove_boilerplate, split_paragraphs
from storyline.clean.extract import extract_article
from storyline.clean.metadata import take_author_bio, take_byline, take_title
from storyline.clean.repair import repair_text
from storyline.dating.stated import find_wire_dateline, parse_date_text, take_date_prefix, take_datelines
from storyline.dating.verdict import stated_verdict
from storyline.model import Article, DateEvidence, RawDocument, Rejected
from storyline.settings import Settings

STAGE = "clean"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Body:
    """The text to clean and the metadata its container gave (the JSONL record, the HTML)."""

    text: str
    title: str | None
    author: str | None
    evidence: tuple[DateEvidence, ...] = ()
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


def _metadata_date(raw: RawDocument) -> tuple[tuple[DateEvidence, ...], tuple[str, ...]]:
    """The RawDocument's own ``published`` value as evidence, with a note if it is unreadable."""
    if not raw.published or not raw.published.strip():
        return (), ()
    day = parse_date_text(raw.published)
    if day is None:
        return (), (f"published: metadata value {raw.published!r} is not a date; ignored",)
    return (DateEvidence(source="metadata", text=raw.published.strip(), value=day.isoformat()),), ()


def _text_body(raw: RawDocument) -> _Body:
    evidence, notes = _metadata_date(raw)
    return _Body(text=raw.content, title=_tidy(raw.title), author=_tidy(raw.author), evidence=evidence, notes=notes)


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
    evidence, notes = _metadata_date(raw)
    page_day = parse_date_text(extraction.date) if extraction.date else None
    if page_day is not None:
        url = raw.url or extraction.url
        text = url if extraction.date_source == "url" and url else extraction.date
        evidence += (DateEvidence(source=extraction.date_source or "html", text=text, value=page_day.isoformat()),)
    return _Body(
        text=extraction.text,
        title=_tidy(raw.title) or _tidy(extraction.title),
        author=_tidy(raw.author) or _tidy(extraction.author),
        evidence=evidence,
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
    dated_lines, dateline_evidence, dateline_removed = take_datelines(boilerplate.lines)
    bio = take_author_bio(dated_lines)
    title = take_title(bio.lines, body.title)
    removed = (prefix_removed + byline.removed + boilerplate.removed + dateline_removed
               + bio.removed + title.removed)

    evidence = list(body.evidence)
    if prefix_date is not None:
        evidence.append(DateEvidence(source="prefix", text=prefix_removed[0].text, value=prefix_date.isoformat()))
    evidence.extend(dateline_evidence)
    wire = find_wire_dateline(title.lines)
    if wire is not None:
        evidence.append(wire)
    published, published_source, date_evidence = stated_verdict(evidence)

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
        date_evidence=date_evidence,
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
