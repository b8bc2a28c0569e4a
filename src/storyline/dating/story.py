"""Dating articles that carry no publication date, from their story.

An undated article's relative dates ("on Saturday", "overnight") cannot be
resolved on their own. But when the same happening is dated by another article of
the story ("Iran on Saturday launched ..." in an article published on Tuesday
2024-04-16 is 2024-04-13), the undated article's "Saturday" that says the same
thing is that day too - and the article must have been published within a week
after it (a bare weekday is the most recent such day). Those links give the
article an inferred publication window; its other relative dates are resolved
when both ends of the window agree on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .expressions import relative_window, resolve_time_expression, weekday_of
from ..model import Annotation, Article, DateWindow, TimeExpression
from ..settings import Settings
from ..link.similarity import TermWeights, cosine


@dataclass(frozen=True, slots=True)
class _Anchor:
    day: date
    vector: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Link:
    time: TimeExpression
    day: date
    days_after: int
    similarity: float


def _anchors(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights) -> list[_Anchor]:
    """Day-level dates that the story's dated articles resolved, with the clause each dates."""
    anchors = []
    for article in articles:
        if article.published is None:
            continue
        for time in annotations[article.id].times:
            if time.value and len(time.value) == 10 and time.clause_terms:
                anchors.append(_Anchor(date.fromisoformat(time.value), weights.vector(time.clause_terms)))
    return anchors


def _links(annotation: Annotation, anchors: list[_Anchor], weights: TermWeights, threshold: float) -> list[_Link]:
    """Relative expressions of an undated article matched to the story's dated happenings."""
    links = []
    for time in annotation.times:
        if time.value is not None or not time.relative or not time.clause_terms:
            continue
        days_after = relative_window(time.text)
        if days_after is None:
            continue
        weekday = weekday_of(time.text)
        vector = weights.vector(time.clause_terms)
        scored = [(cosine(vector, anchor.vector), anchor.day) for anchor in anchors
                  if weekday is None or anchor.day.weekday() == weekday]
        if scored:
            similarity, day = max(scored, key=lambda pair: (pair[0], pair[1]))
            if similarity >= threshold:
                links.append(_Link(time, day, days_after, similarity))
    return links


def _window_from_links(links: list[_Link]) -> tuple[DateWindow | None, list[_Link]]:
    """The publication window all links agree on; links that contradict stronger ones are dropped."""
    start = end = None
    kept: list[_Link] = []
    for link in sorted(links, key=lambda link: -link.similarity):
        low, high = link.day, link.day + timedelta(days=link.days_after)
        new_start = low if start is None else max(start, low)
        new_end = high if end is None else min(end, high)
        if new_start <= new_end:
            start, end = new_start, new_end
            kept.append(link)
    if not kept:
        return None, []
    described = ", ".join(sorted({f"{link.time.text!r} = {link.day.isoformat()}" for link in kept}))
    return DateWindow(start=start, end=end, basis=f"dated by the story's other articles: {described}"), kept


def _fallback_window(article: Article, annotation: Annotation, story: Sequence[Article],
                     settings: Settings) -> DateWindow | None:
    """Without links: the span of the story's publication dates, not before the article's own latest
    explicit date; or, in a story without dates, the days after that explicit date."""
    own = [date.fromisoformat(t.value) for t in annotation.times
           if t.value and not t.relative and len(t.value) == 10]
    published = sorted(a.published for a in story if a.published is not None)
    if published:
        start, end = published[0], published[-1]
        basis = "publication dates of the story's other articles"
        latest_own = max((day for day in own if day <= end), default=None)
        if latest_own and latest_own > start:
            start, basis = latest_own, basis + f", not before its own date {latest_own.isoformat()}"
        return DateWindow(start=start, end=end, basis=basis)
    if own:
        latest = max(own)
        return DateWindow(start=latest, end=latest + timedelta(days=settings.attach_days),
                          basis=f"the days after its own latest date {latest.isoformat()}")
    return None


def _resolve_in_window(time: TimeExpression, window: DateWindow) -> TimeExpression:
    early = resolve_time_expression(time.text, window.start)
    late = resolve_time_expression(time.text, window.end)
    if early.value is not None and early.value == late.value:
        return replace(time, value=early.value, anchor="inferred")
    return time


def infer_publication_windows(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotation],
    weights: TermWeights,
    settings: Settings,
) -> tuple[list[Article], dict[str, Annotation]]:
    """For one story: give each undated article an inferred publication window and resolve its
    relative dates with it. Returns the story's articles (dated ones unchanged) and their
    annotations."""
    anchors = _anchors(articles, annotations, weights)
    new_articles, new_annotations = [], {article.id: annotations[article.id] for article in articles}
    for article in articles:
        annotation = annotations[article.id]
        if article.published is not None:
            new_articles.append(article)
            continue
        window, links = _window_from_links(_links(annotation, anchors, weights, settings.link_similarity))
        if window is None:
            window = _fallback_window(article, annotation, articles, settings)
        if window is None:
            new_articles.append(article)
            continue
        linked = {id(link.time): link.day for link in links}
        times = tuple(
            replace(time, value=linked[id(time)].isoformat(), anchor="story") if id(time) in linked
            else _resolve_in_window(time, window) if time.value is None and time.relative
            else time
            for time in annotation.times
        )
        new_articles.append(replace(article, inferred=window))
        new_annotations[article.id] = replace(annotation, times=times)
    return new_articles, new_annotations
