"""A story's timeline: the dates things happened on, each with the sentences that report it.

Dates come from the annotation stage's resolved time expressions (when it
happened, not when it was reported): every sentence with a time expression
resolved to a date is a source for that date. A sentence with no date of its own
also supports a day when it says what the story's dated sentences say happened
that day (IDF-weighted term cosine at least ``settings.attach_similarity``) and its
article was published on that day or at most ``settings.attach_days`` after.
The summary of each date is its most central dated sentence, verbatim.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..link.similarity import TermWeights, add_vectors, cosine, dot, norm, unit
from ..model import Annotation, Article, Sentence, SourceSpan, TimelineEntry
from ..settings import Settings

#: Sentences longer than this many words make poor one-line summaries.
SUMMARY_WORDS = 45
QUOTE_MARKS = frozenset('"“‘«\'')
#: A sentence without a date joins a dated clause only if they share this many terms.
MIN_SHARED_TERMS = 2


@dataclass(frozen=True, slots=True)
class _Mention:
    article_id: str
    sentence: int
    explicit: bool
    vector: dict[str, float]


def period_end(value: str) -> date:
    """The last day of the year, month or day an ISO date string names."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def publication_range(article: Article) -> tuple[date, date] | None:
    """When the article was published: its date, or its inferred window, or ``None``."""
    if article.published is not None:
        return article.published, article.published
    if article.inferred is not None:
        return article.inferred.start, article.inferred.end
    return None


def _explicit_mentions(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                       weights: TermWeights) -> dict[str, list[_Mention]]:
    buckets: dict[str, list[_Mention]] = {}
    for article in articles:
        annotation = annotations[article.id]
        sentences = {s.index: s for s in annotation.sentences}
        for time in annotation.times:
            if time.value is None or time.sentence not in sentences:
                continue
            terms = time.clause_terms or sentences[time.sentence].terms
            buckets.setdefault(time.value, []).append(
                _Mention(article.id, time.sentence, True, weights.vector(terms)))
    return buckets


def _attach_undated(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights,
                    buckets: dict[str, list[_Mention]], settings: Settings) -> None:
    """Add sentences without a date of their own to the day they report on (see module docstring).

    A sentence joins the day whose dated clauses it is most similar to (its best
    match among them), if that similarity reaches ``settings.attach_similarity`` and
    they share at least ``MIN_SHARED_TERMS`` terms.
    """
    days = {value: date.fromisoformat(value) for value in buckets if len(value) == 10}
    lag = timedelta(days=settings.attach_days)
    for article in articles:
        published = publication_range(article)
        if published is None:
            continue
        annotation = annotations[article.id]
        dated = {time.sentence for time in annotation.times if time.value is not None}
        candidates = [(value, mention) for value, day in days.items()
                      if day <= published[1] and published[0] <= day + lag
                      for mention in buckets[value] if mention.explicit]
        for sentence in annotation.sentences:
            if sentence.index in dated or len(sentence.terms) < MIN_SHARED_TERMS:
                continue
            vector = weights.vector(sentence.terms)
            best = max(((cosine(vector, mention.vector), value) for value, mention in candidates
                        if len(vector.keys() & mention.vector.keys()) >= MIN_SHARED_TERMS), default=None)
            if best is not None and best[0] >= settings.attach_similarity:
                buckets[best[1]].append(_Mention(article.id, sentence.index, False, vector))


def _summary(mentions: list[_Mention], by_id: Mapping[str, Article], sentences: Mapping[tuple[str, int], Sentence],
             dates_in: Mapping[tuple[str, int], set[str]], weights: TermWeights) -> _Mention:
    """The dated sentence that best sums up what its date's sources say happened.

    Each explicit mention is compared with what the *other* articles say about the
    date (the sum of their unit-length mention vectors, so that every article weighs
    the same however many sentences it devotes), or with its own article's when it is
    the only one; then discounted by ``_summary_discount``.
    """
    explicit = [m for m in mentions if m.explicit]
    per_article: dict[str, dict[str, float]] = {}
    for mention in explicit:
        total = per_article.setdefault(mention.article_id, {})
        for term, weight in mention.vector.items():
            total[term] = total.get(term, 0.0) + weight
    centroids = {article_id: unit(vector) for article_id, vector in per_article.items()}
    everyone = add_vectors(centroids.values())
    everyone_squared = dot(everyone, everyone)
    # |everyone - own|, for comparing with the other articles without building their sum.
    others_norm = {article_id: math.sqrt(max(everyone_squared - 2 * dot(everyone, c) + dot(c, c), 0.0))
                   for article_id, c in centroids.items()}

    def score(mention: _Mention) -> float:
        key = (mention.article_id, mention.sentence)
        vector = weights.vector(sentences[key].terms)
        length = norm(vector)
        if len(centroids) > 1 and others_norm[mention.article_id] and length:
            own = centroids[mention.article_id]
            similarity = (dot(vector, everyone) - dot(vector, own)) / (length * others_norm[mention.article_id])
        else:
            similarity = cosine(vector, everyone)
        text = by_id[mention.article_id].text[sentences[key].start:sentences[key].end]
        return similarity * _summary_discount(text, sentences[key].index, len(dates_in[key]))

    # Ties go to the first in story order.
    return max(explicit, key=score)


def _summary_discount(text: str, position: int, dates: int) -> float:
    """Less for sentences that also date other things, that open with a quotation (reaction
    rather than report), that run long, or that come late in their article (news puts the
    main facts first)."""
    factor = 1.0 / max(1, dates)
    if text[:1] in QUOTE_MARKS:
        factor *= 0.5
    if len(text.split()) > SUMMARY_WORDS:
        factor *= 0.5
    return factor / (1 + 0.02 * position)


def _span(article: Article, sentence: Sentence) -> SourceSpan:
    return SourceSpan(article_id=article.id, start=sentence.start, end=sentence.end,
                      text=article.text[sentence.start:sentence.end])


def build_timeline(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights,
                   settings: Settings) -> tuple[TimelineEntry, ...]:
    """The timeline of one story: one entry per date, oldest first, background dates marked.

    Needs annotations whose time expressions are resolved (relative ones of undated
    articles through ``link.infer_publication_windows``).
    """
    buckets = _explicit_mentions(articles, annotations, weights)
    _attach_undated(articles, annotations, weights, buckets, settings)
    order = {article.id: position for position, article in enumerate(articles)}
    by_id = {article.id: article for article in articles}
    sentences = {(a.id, s.index): s for a in articles for s in annotations[a.id].sentences}
    starts = [rng[0] for article in articles if (rng := publication_range(article)) is not None]
    background_before = min(starts) - timedelta(days=settings.background_days) if starts else None
    dates_in: dict[tuple[str, int], set[str]] = {}
    for article in articles:
        for time in annotations[article.id].times:
            if time.value is not None:
                dates_in.setdefault((article.id, time.sentence), set()).add(time.value)

    entries = []
    for value in sorted(buckets):
        mentions = buckets[value]
        unique = {}
        for mention in sorted(mentions, key=lambda m: (order[m.article_id], m.sentence, not m.explicit)):
            unique.setdefault((mention.article_id, mention.sentence), mention)
        best = _summary(list(unique.values()), by_id, sentences, dates_in, weights)
        sources = tuple(_span(by_id[a], sentences[(a, s)]) for a, s in unique)
        summary = _span(by_id[best.article_id], sentences[(best.article_id, best.sentence)])
        background = background_before is not None and period_end(value) < background_before
        reports = len({by_id[source.article_id].canonical_id for source in sources})
        entries.append(TimelineEntry(date=value, background=background, summary=summary.text,
                                     summary_source=summary, sources=sources, independent_reports=reports))
    return tuple(entries)
