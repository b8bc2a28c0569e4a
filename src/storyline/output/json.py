"""``storyline.json``: the whole build as one JSON document (schema in docs/output.md)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..attribute.sources import single_outlet
from ..model import (Annotation, Article, BuildResult, Citation, Claim, ClaimMention, Event, Quote, SourceSpan, Story,
                     StoryQuote, TextSpan, TimeExpression, TimelineEntry, granularity_of)

SCHEMA_VERSION = 2


def _source(span: SourceSpan) -> dict[str, Any]:
    return {"article_id": span.article_id, "start": span.start, "end": span.end, "text": span.text}


def _time(time: TimeExpression) -> dict[str, Any]:
    return {"start": time.start, "end": time.end, "text": time.text, "value": time.value,
            "granularity": time.granularity, "relative": time.relative, "anchor": time.anchor, "kind": time.kind,
            "timex_type": time.timex_type, "timex": time.timex}


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def quote_dict(quote: Quote) -> dict[str, Any]:
    return {"kind": quote.kind, "speaker": quote.speaker, "speaker_type": quote.speaker_type,
            "source": _span(quote.source), "cue": _span(quote.cue), "sentence": quote.sentence,
            "text": quote.text, "content": [_span(segment) for segment in quote.content]}


def article_dict(article: Article, annotation: Annotation | None = None, added: str | None = None) -> dict[str, Any]:
    inferred = article.inferred
    times = annotation.times if annotation else ()
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "title": article.title,
        "author": article.author,
        "published": {
            "date": article.published.isoformat() if article.published else None,
            "source": article.published_source,
            "inferred": None if inferred is None else {
                "from": inferred.start.isoformat(), "to": inferred.end.isoformat(), "basis": inferred.basis},
            "evidence": [{"source": e.source, "text": e.text, "value": e.value, "status": e.status, "reason": e.reason}
                         for e in article.date_evidence],
            "content": None if article.content_time is None else {
                "from": article.content_time.start.isoformat(), "to": article.content_time.end.isoformat(),
                "basis": article.content_time.basis},
        },
        "added": added,
        "language": article.language,
        "extractor": article.extractor,
        "duplicate_of": article.duplicate_of,
        "duplicate_similarity": article.duplicate_similarity,
        "words": article.words,
        "text": article.text,
        "dates": [_time(time) for time in times],
        "quotes": [quote_dict(quote) for quote in annotation.quotes] if annotation else [],
        "removed": [{"text": removal.text, "rule": removal.rule} for removal in article.removed],
        "repairs": list(article.repairs),
    }


def entry_dict(entry: TimelineEntry, events: tuple[Event, ...] = ()) -> dict[str, Any]:
    return {
        "date": entry.date,
        "granularity": granularity_of(entry.date),
        "background": entry.background,
        "summary": entry.summary,
        "summary_source": _source(entry.summary_source),
        "summary_sources": [_source(span) for span in entry.summary_sources],
        "article_ids": list(entry.article_ids),
        "independent_reports": entry.independent_reports,
        "event_ids": [event.id for event in events if event.date == entry.date],
        "sources": [_source(span) for span in entry.sources],
    }


def story_quote_dict(quote: StoryQuote) -> dict[str, Any]:
    return {"speaker": quote.speaker, "speaker_type": quote.speaker_type, "kind": quote.kind, "cue": quote.cue,
            "text": quote.text, "article_ids": list(quote.article_ids), "independent_sources": quote.independent_sources,
            "sources": [_source(span) for span in quote.sources]}


def citation_dict(citation: Citation) -> dict[str, Any]:
    return {"article_id": citation.article_id, "cited": citation.cited, "kind": citation.kind,
            "original": citation.original, "start": citation.start, "end": citation.end, "text": citation.text,
            "sentence": citation.sentence}


def mention_dict(mention: ClaimMention) -> dict[str, Any]:
    return {"article_id": mention.article_id, "start": mention.start, "end": mention.end, "text": mention.text,
            "sentence": mention.sentence, "value": mention.value, "low": mention.low, "high": mention.high,
            "qualifier": mention.qualifier}


def claim_dict(claim: Claim) -> dict[str, Any]:
    return {"about": claim.about, "kind": claim.kind, "status": claim.status,
            "article_ids": list(claim.article_ids), "independent_sources": claim.independent_sources,
            "mentions": [mention_dict(mention) for mention in claim.mentions]}


def event_dict(event: Event) -> dict[str, Any]:
    return {"id": event.id, "date": event.date, "granularity": granularity_of(event.date) if event.date else None,
            "places": list(event.places), "participants": list(event.participants),
            "article_ids": list(event.article_ids), "independent_sources": event.independent_sources,
            "summary_source": _source(event.summary_source), "mentions": [_source(m) for m in event.mentions]}


def story_dict(story: Story, times: tuple[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": story.id,
        "created": times[0] if times else None,
        "updated": times[1] if times else None,
        "title": story.title,
        "title_article_id": story.title_article_id,
        "article_ids": list(story.article_ids),
        "related": list(story.related),
        "timeline": [entry_dict(entry, story.events) for entry in story.timeline],
        "events": [event_dict(event) for event in story.events],
        "claims": [claim_dict(claim) for claim in story.claims],
        "quotes": [story_quote_dict(quote) for quote in story.quotes],
        "citations": [citation_dict(citation) for citation in story.citations],
        "coverage": [{"outlet": row.outlet, "article_ids": list(row.article_ids), "entries": list(row.entries),
                      "claims": list(row.claims)} for row in story.coverage],
        "single_outlet": single_outlet(story),
    }


def result_dict(result: BuildResult) -> dict[str, Any]:
    """The JSON-ready form of a build: ``schema_version``, ``articles``, ``rejected``, ``stories``."""
    annotations = {annotation.article_id: annotation for annotation in result.annotations}
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "storyline", "version": __version__, "model": result.model},
        "stats": dict(result.stats),
        "articles": [article_dict(article, annotations.get(article.id), result.added.get(article.id)) for article in result.articles],
        "rejected": [{"source": r.source, "stage": r.stage, "reason": r.reason} for r in result.rejected],
        "stories": [story_dict(story, result.story_times.get(story.id)) for story in result.stories],
    }


def write_atomically(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_json(result: BuildResult, path: Path) -> None:
    data = json.dumps(result_dict(result), ensure_ascii=False, indent=1)
    write_atomically(Path(path), lambda p: p.write_text(data + "\n", encoding="utf-8"))
