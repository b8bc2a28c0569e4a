"""A story's timeline: the dates things happened on, each with the sentences that report it.

Dates come from the annotation stage's resolved time expressions (when it
happened, not when it was reported): every sentence with a time expression
resolved to a date is a source for that date. A sentence with no date of its own
also supports a day when it says what the story's dated sentences say happened
that day (IDF-weighted term cosine at least ``settings.attach_similarity``) and its
article was published on that day or at most ``settings.attach_days`` after.

How many dates: all of them (days, months and years, background included) when
the story names at most ``AUTO_DATES`` and no number is asked for; otherwise the
best-scored days (``dates.score_days``: how many articles date something to the day,
and how many are published on it or the day after) within ``period``: ``dates`` of
them (the ``timeline_dates`` setting) or, when that is 0,
``max(AUTO_DATES, articles // AUTO_ARTICLES_PER_DATE)``. The period is by default
from ``settings.background_days`` before the first publication (earlier dates are
background) to the last publication (later dates had not happened yet).

Each date is summed up by its ``sentences_per_date`` (``timeline_sentences``) most
central sources, verbatim (``summary``), none nearly repeating another of the
timeline, the first one dating the day itself when any does. With a ``query`` only
articles that match it count for choosing dates, and only sentences that match it
may sum a date up; a date with no such sentence is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import SettingsError
from ..link.similarity import TermWeights
from ..model import Annotation, Article, Sentence, SourceSpan, TimelineEntry
from ..settings import Settings
from .dates import score_days
from .evidence import Mention, attach_undated, explicit_mentions, period_end, publication_range
from .query import Query, parse_query
from .summary import ANNOUNCED_FACTOR, choose_sentences, rank_sentences

__all__ = ["AUTO_DATES", "TimelineDay", "build_timeline", "period_end", "publication_range", "select_timeline"]

#: A story that names at most this many dates gets them all; a larger one gets its best
#: ``max(AUTO_DATES, articles // AUTO_ARTICLES_PER_DATE)`` days, unless told how many.
AUTO_DATES = 30
AUTO_ARTICLES_PER_DATE = 20
#: Sentences are attached to twice as many candidate days as asked for, and this many
#: more, in case some candidates have no sentence that may sum them up.
SPARE_DAYS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineDay:
    """A timeline entry with every sentence chosen to sum its date up, best first
    (``summary[0]`` is ``entry.summary_source``), and the date's score (0 when the
    timeline keeps every date)."""

    entry: TimelineEntry
    summary: tuple[SourceSpan, ...]
    score: float


def build_timeline(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights,
                   settings: Settings, *, dates: int | None = None, sentences_per_date: int | None = None,
                   query: str | Sequence[str] | Query | None = None,
                   period: tuple[date, date] | None = None) -> tuple[TimelineEntry, ...]:
    """The timeline of one story (or of any set of articles): entries oldest first, background marked.

    Needs annotations whose time expressions are resolved (relative ones of undated
    articles through ``link.infer_publication_windows``). ``dates``,
    ``sentences_per_date`` and ``query`` default to the settings ``timeline_dates``
    (0: automatic, see the module docstring), ``timeline_sentences`` and ``query``;
    ``period`` (first and last day) is the span a shortened timeline's days are chosen
    from, by default from ``settings.background_days`` before the first publication
    to the last one.
    """
    return tuple(day.entry for day in select_timeline(articles, annotations, weights, settings, dates=dates,
                                                       sentences_per_date=sentences_per_date, query=query,
                                                       period=period))


def select_timeline(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights,
                    settings: Settings, *, dates: int | None = None, sentences_per_date: int | None = None,
                    query: str | Sequence[str] | Query | None = None,
                    period: tuple[date, date] | None = None) -> tuple[TimelineDay, ...]:
    """``build_timeline``, with every summary sentence of each date and the date's score."""
    count = settings.timeline_dates if dates is None else dates
    per_date = settings.timeline_sentences if sentences_per_date is None else sentences_per_date
    if count < 0:
        raise SettingsError("timeline_dates", f"must be 0 (automatic) or more, not {count!r}")
    if per_date < 1:
        raise SettingsError("timeline_sentences", f"must be at least 1, not {per_date!r}")
    parsed = parse_query(settings.query if query is None else query)
    by_id = {article.id: article for article in articles}
    sentences = {(a.id, s.index): s for a in articles for s in annotations[a.id].sentences}
    texts: dict[tuple[str, int], str] = {}

    def text_of(article_id: str, index: int) -> str:
        key = (article_id, index)
        if key not in texts:
            sentence = sentences[key]
            texts[key] = by_id[article_id].text[sentence.start:sentence.end]
        return texts[key]

    matched: dict[tuple[str, int], bool] = {}

    def matches(article_id: str, index: int) -> bool:
        if parsed is None:
            return True
        key = (article_id, index)
        if key not in matched:
            matched[key] = parsed.matches(text_of(*key))
        return matched[key]

    relevant = {a.id for a in articles if parsed is None or parsed.matches(a.text)}
    buckets = explicit_mentions(articles, annotations, weights)
    # Dates that articles matching the query name; a date none of whose sentences matches
    # is left out below, when it has no sentence that may sum it up.
    candidates = {value: mentions for value, mentions in buckets.items()
                  if any(mention.article_id in relevant for mention in mentions)}
    if count == 0 and len(candidates) > AUTO_DATES:
        count = max(AUTO_DATES, len(articles) // AUTO_ARTICLES_PER_DATE)
    if count == 0:
        scores = {value: 0.0 for value in candidates}
        order = sorted(candidates)
        keep = None
    else:
        scores = score_days(articles, candidates, relevant.__contains__)
        first, last = period or _default_period(articles, settings)
        order = sorted((value for value in scores if first is None or first.isoformat() <= value <= last.isoformat()),
                       key=lambda value: (-scores[value], value))
        keep = set(order[:2 * count + SPARE_DAYS])
    attached = attach_undated(articles, annotations, weights, buckets, settings, keep=keep)

    dates_in: dict[tuple[str, int], int] = {}
    for article in articles:
        for time in annotations[article.id].times:
            if time.value is not None:
                key = (article.id, time.sentence)
                dates_in[key] = dates_in.get(key, 0) + 1
    position = {article.id: index for index, article in enumerate(articles)}
    vectors: dict[tuple[str, int], dict[str, float]] = {}

    def vector_of(article_id: str, index: int) -> dict[str, float]:
        key = (article_id, index)
        if key not in vectors:
            vectors[key] = weights.vector(sentences[key].terms)
        return vectors[key]

    background_before = _background_before(articles, settings)
    chosen: list[dict[str, float]] = []
    days = []
    for value in order:
        if count and len(days) == count:
            break
        unique: dict[tuple[str, int], Mention] = {}
        for mention in sorted(buckets[value] + attached.get(value, []),
                              key=lambda m: (position[m.article_id], m.sentence, not m.explicit)):
            unique.setdefault((mention.article_id, mention.sentence), mention)
        ranked = rank_sentences(list(unique.values()), text_of, sentences, dates_in, weights, matches,
                                _announced(by_id, value))
        picked = choose_sentences(ranked, per_date, chosen, text_of, vector_of)
        if not picked and ranked:
            picked = [ranked[0][1]]
        if not picked:
            continue
        summary = tuple(_span(by_id[m.article_id], sentences[(m.article_id, m.sentence)]) for m in picked)
        sources = tuple(_span(by_id[a], sentences[(a, s)]) for a, s in unique)
        background = background_before is not None and period_end(value) < background_before
        reports = len({by_id[source.article_id].canonical_id for source in sources})
        entry = TimelineEntry(date=value, background=background, summary=summary[0].text, summary_source=summary[0],
                              sources=sources, independent_reports=reports, summary_sources=summary)
        days.append(TimelineDay(entry=entry, summary=summary, score=scores.get(value, 0.0)))
    return tuple(sorted(days, key=lambda day: day.entry.date))


def _announced(by_id: Mapping[str, Article], value: str) -> Callable[[Mention], float]:
    """The factor of a mention of ``value``: ``ANNOUNCED_FACTOR`` if its article came out before that day."""
    day = period_end(value)

    def factor(mention: Mention) -> float:
        published = publication_range(by_id[mention.article_id])
        return ANNOUNCED_FACTOR if published is not None and published[1] < day else 1.0

    return factor


def _default_period(articles: Sequence[Article], settings: Settings) -> tuple[date | None, date | None]:
    """From ``settings.background_days`` before the first publication to the last one."""
    ranges = [rng for article in articles if (rng := publication_range(article)) is not None]
    if not ranges:
        return None, None
    return min(r[0] for r in ranges) - timedelta(days=settings.background_days), max(r[1] for r in ranges)


def _background_before(articles: Sequence[Article], settings: Settings) -> date | None:
    """Dates before this are background: ``background_days`` before the story's first publication
    date (its first inferred window's start when none of its articles is dated: a window
    spans the whole story, and would push the line back to the story's first happening)."""
    starts = [article.published for article in articles if article.published is not None] or \
        [rng[0] for article in articles if (rng := publication_range(article)) is not None]
    return min(starts) - timedelta(days=settings.background_days) if starts else None


def _span(article: Article, sentence: Sentence) -> SourceSpan:
    return SourceSpan(article_id=article.id, start=sentence.start, end=sentence.end,
                      text=article.text[sentence.start:sentence.end])
