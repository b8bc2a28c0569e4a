"""The cross-source view of one story: its quotes with all their sources, the outlets its
articles cite, its claims labelled agree / compatible / conflict, who covers what, and
how many independent sources stand behind each timeline entry, quote and claim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..compare import compare_claims
from ..model import Annotation, Article, Quote, Story
from .matching import group_quotes
from .sources import Origins, coverage, mark_original, syndication_edges


_KIND_ORDER = {"direct": 0, "mixed": 1, "reported": 2}
#: Reported speech shorter than this many words is an object ("accused the government"),
#: not something a person said.
MIN_REPORTED_WORDS = 6


def said(quote: Quote) -> bool:
    """Whether an article's attribution belongs in the story's "who said what": quoted words,
    or reported speech of some length from a speaker who is not an outlet (an outlet's
    "according to Axios" is a citation, listed with the citations)."""
    if quote.speaker_type == "outlet":
        return False
    return quote.kind != "reported" or len(quote.text.split()) >= MIN_REPORTED_WORDS


def cross_check(story: Story, articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> Story:
    """``story`` with ``quotes``, ``citations``, ``claims`` and ``coverage`` filled in, and
    every timeline entry's ``independent_reports`` and event's ``independent_sources``
    counted by origin (see ``sources``).
    Quotes reported by the most articles come first, then direct before reported speech
    (each group in the order of the text).

    ``articles`` are the story's articles, with outlets as ``infer_outlets`` left them.
    """
    members = [annotations[a.id] for a in articles if a.id in annotations]
    by_id = {article.id: article for article in articles}
    origins = Origins(articles, annotations)

    quotes = tuple(replace(quote, independent_sources=origins.count(quote.sources))
                   for quote in group_quotes({a.article_id: [q for q in a.quotes if said(q)] for a in members}))
    quotes = tuple(sorted(quotes, key=lambda q: (-len(q.article_ids), _KIND_ORDER[q.kind])))
    citations = tuple(citation for annotation in members
                      for citation in mark_original(annotation.citations, by_id[annotation.article_id].outlet))
    citations += syndication_edges(articles)
    claims = tuple(
        replace(claim, independent_sources=origins.count(claim.mentions))
        for claim in compare_claims([mention for annotation in members for mention in annotation.claims],
                                    annotations={a.article_id: a for a in members},
                                    texts={a.id: a.text for a in articles},
                                    published={a.id: a.published or (a.inferred.start if a.inferred else None)
                                               for a in articles}))
    timeline = tuple(replace(entry, independent_reports=origins.count(entry.sources)) for entry in story.timeline)
    events = tuple(replace(event, independent_sources=origins.count(event.mentions)) for event in story.events)
    checked = replace(story, timeline=timeline, quotes=quotes, citations=citations, claims=claims, events=events)
    return replace(checked, coverage=coverage(checked, by_id))
