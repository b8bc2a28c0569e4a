"""Dating from the story: what a story's other articles say about when each was published.

Once stories are formed, an article's relative dates can be checked against the
happenings its story's other articles date. When another article dates a happening
("Iran on Saturday launched ..." in an article published on Tuesday 2024-04-16 is
2024-04-13), an article's "Saturday" that says the same thing is that day too, and
the article was published within a week after it (a bare weekday is the most recent
such day): a *link*, which bounds the article's publication.

- A **stated** publication date (not the input's metadata) that lies weeks outside the
  story's other publication dates and that its links put elsewhere (a scraper's
  timestamp of a later year) is ``contradicted``, with the reason; the next statement
  the links allow is used, else the article is undated and dated as below.
- A **dateline without a year** ("June 30 (UPI) --") takes the year that puts it
  nearest the story's publication dates.
- An **undated** article gets an inferred publication window: the one its links agree
  on (links to the story's dated articles, then, in further rounds, to the undated ones
  already dated by their links); else the span of the story (from its first happening to
  two weeks after its last publication), not before the latest day the article itself
  reports as past (``dating.content.not_before``); else, in a story without dates, the
  days after that day. Its relative dates are resolved when every day of the window gives
  them the same value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..link.similarity import TermWeights, norm
from ..model import Annotation, Article, DateEvidence, DateWindow, TimeExpression
from ..settings import Settings
from .content import content_time, not_before
from .expressions import rebase, relative_window, resolve_time_expression, time_expression, weekday_of
from .verdict import redecide, with_year

#: A stated date is contradicted by its links only when they put it further than this many
#: days outside the window they agree on (a week's weekday can be misread by one).
CONTRADICTION_DAYS = 2
#: A link at least this share of the threshold counts when it agrees with the stronger ones
#: (it narrows the window they leave; alone it would say too little).
CORROBORATING = 0.5
#: Undated articles are dated from one another in at most this many rounds.
LINK_ROUNDS = 3
#: A relative date is resolved in a window by trying every day of it, up to this many days
#: (beyond, only its two ends).
MAX_WINDOW_DAYS = 62
#: A link by a word that names no weekday ("yesterday", "today", "last night") needs this
#: many times the linking threshold: it fits any day of the story, a weekday one in seven.
DEICTIC_FACTOR = 2.0


@dataclass(frozen=True, slots=True)
class _Anchor:
    article_id: str
    day: date
    vector: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Link:
    """A relative date of the article read as a day another article dates: the article came out
    from ``day - days_before`` to ``day + days_after``."""

    time: TimeExpression
    day: date
    days_after: int
    similarity: float
    days_before: int = 0


class _Anchors:
    """The anchors of a story with an inverted index over their clause terms, so that the anchors
    similar to a clause are found without comparing it with every one."""

    def __init__(self, anchors: _Anchors) -> None:
        self.anchors = anchors
        self.norms = [norm(anchor.vector) for anchor in anchors]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for number, anchor in enumerate(anchors):
            for term, weight in anchor.vector.items():
                self.postings.setdefault(term, []).append((number, weight))

    def similar(self, vector: Mapping[str, float]) -> dict[int, float]:
        """The cosine of ``vector`` with every anchor that shares a term with it, by anchor number."""
        length = norm(vector)
        if not length:
            return {}
        products: dict[int, float] = {}
        for term, weight in vector.items():
            for number, other in self.postings.get(term, ()):
                products[number] = products.get(number, 0.0) + weight * other
        return {number: product / (length * self.norms[number]) for number, product in products.items()
                if self.norms[number]}


def _anchors(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights, *,
             require_published: bool = True) -> _Anchors:
    """Day-level dates that the story's dated articles resolved (or all of ``articles``, with
    ``require_published`` false), with the clause each dates."""
    anchors = []
    for article in articles:
        if require_published and article.published is None:
            continue
        for time in annotations[article.id].times:
            if time.value and len(time.value) == 10 and time.clause_terms:
                anchors.append(_Anchor(article.id, date.fromisoformat(time.value), weights.vector(time.clause_terms)))
    return _Anchors(anchors)


def _links(article_id: str, annotation: Annotation, anchors: _Anchors, weights: TermWeights,
           threshold: float) -> list[_Link]:
    """Relative expressions of an article matched to the happenings its story's other articles date.

    A past day ("on Friday") puts the publication in the week from that day on; a coming one
    ("will reopen on Monday") in the week before it. Weekday links down to ``CORROBORATING``
    of the threshold are returned; ``_window_from_links`` uses them only where they agree
    with the links above it."""
    links = []
    for time in annotation.times:
        if not time.relative or not time.clause_terms:
            continue
        weekday = weekday_of(time.text)
        future = time.tense == "future"
        if future and weekday is None:
            continue
        days_after = 0 if future else relative_window(time.text)
        if days_after is None:
            continue
        vector = weights.vector(time.clause_terms)
        # "yesterday" or "today" says less than "Saturday": any day of the story matches it
        needed = threshold if weekday is not None else DEICTIC_FACTOR * threshold
        floor = (CORROBORATING if weekday is not None else 1.0) * needed
        support: dict[date, list[float]] = {}
        for number, similarity in anchors.similar(vector).items():
            anchor = anchors.anchors[number]
            if similarity >= floor and anchor.article_id != article_id and \
                    (weekday is None or anchor.day.weekday() == weekday):
                support.setdefault(anchor.day, []).append(similarity)
        if support:
            # the day the most similar clauses date, summed: one article with a wrong date
            # does not outweigh the others that date the happening alike
            day = max(support, key=lambda d: (sum(support[d]), d))
            links.append(_Link(time, day, days_after, max(support[day]) / needed, 7 if future else 0))
    return links


def _window_from_links(links: list[_Link]) -> tuple[DateWindow | None, list[_Link]]:
    """The publication window the links agree on, strongest first: a link that contradicts
    stronger ones is dropped, and one below the threshold only narrows what others left."""
    start = end = None
    kept: list[_Link] = []
    for link in sorted(links, key=lambda link: -link.similarity):
        if link.similarity < 1.0 and start is None:
            break
        low, high = link.day - timedelta(days=link.days_before), link.day + timedelta(days=link.days_after)
        new_start = low if start is None else max(start, low)
        new_end = high if end is None else min(end, high)
        if new_start <= new_end:
            start, end = new_start, new_end
            kept.append(link)
    if not kept:
        return None, []
    described = ", ".join(sorted({f"{link.time.text!r} = {link.day.isoformat()}" for link in kept}))
    return DateWindow(start=start, end=end, basis=f"dated by the story's other articles: {described}"), kept


def _outside(day: date, window: DateWindow) -> int:
    """How many days ``day`` lies outside ``window`` (0 inside)."""
    return max((window.start - day).days, (day - window.end).days, 0)


def _contradiction(article: Article, annotation: Annotation, anchors: _Anchors, weights: TermWeights,
                   others: list[date], settings: Settings) -> tuple[DateWindow, list[_Link]] | None:
    """The links' window and links when they contradict the article's stated date, else ``None``.

    The links are those of the article's relative dates read without its stated date:
    its "Monday" is matched to the story's Mondays, whichever week. Only a stated date more
    than ``story_window_days`` outside the publication dates of the story's ``others`` is
    checked (a date that neither its words nor its story allow): inside them, a weekday
    recurs too often in a long story ("protests on Friday") to prove a date wrong."""
    used = next((e for e in article.date_evidence if e.status == "used"), None)
    if used is None or used.source == "metadata" or article.published is None or not others:
        return None
    span = DateWindow(start=min(others), end=max(others), basis="")
    if _outside(article.published, span) <= settings.story_window_days:
        return None  # within its story's dates: a weekday that recurs in a long story proves nothing
    window, kept = _window_from_links(_links(article.id, annotation, anchors, weights, settings.link_similarity))
    if window is None or _outside(article.published, window) <= CONTRADICTION_DAYS:
        return None
    return window, kept


def _contradict(article: Article, window: DateWindow, kept: list[_Link]) -> Article:
    """The article without the stated dates the story's window rules out (the first link as the reason)."""
    link = max(kept, key=lambda link: link.similarity)
    evidence = []
    for item in article.date_evidence:
        if item.day is not None and item.status != "contradicted" and item.source != "metadata" \
                and _outside(item.day, window) > CONTRADICTION_DAYS:
            resolved = resolve_time_expression(link.time.text, item.day).value
            reason = (f"the story dates {link.time.text!r} to {link.day.isoformat()} (so the article came out "
                      f"{window.start.isoformat()}..{window.end.isoformat()}); published {item.value} it would be "
                      f"{resolved}")
            item = replace(item, status="contradicted", reason=reason)
        evidence.append(item)
    used, decided = redecide(evidence)
    return replace(article, published=used.day if used else None, published_source=used.source if used else None,
                   date_evidence=decided)


def _dated_by_year(article: Article, story_days: list[date]) -> Article:
    """An undated article whose yearless dateline takes the year nearest the story's publication dates."""
    yearless = [e for e in article.date_evidence if e.value.startswith("--") and e.status != "contradicted"]
    if article.published is not None or not yearless or not story_days:
        return article
    middle = story_days[len(story_days) // 2]
    dated: DateEvidence = with_year(yearless[0], middle, "the story's publication dates")
    if dated.day is None:
        return article
    evidence = tuple(replace(dated, status="used") if e is yearless[0] else e for e in article.date_evidence)
    return replace(article, published=dated.day, published_source=dated.source, date_evidence=evidence)


def _story_span(articles: Sequence[Article], annotations: Mapping[str, Annotation], story_days: list[date],
                settings: Settings) -> tuple[date, date] | None:
    """When the story's undated articles may have come out: from its first happening (the earliest
    day its articles date, not counting background more than ``background_days`` before its
    first publication) to ``story_window_days`` after its last publication (a story stays
    open that long without news)."""
    if not story_days:
        return None
    earliest = story_days[0] - timedelta(days=settings.background_days)
    happenings = [date.fromisoformat(t.value) for a in articles for t in annotations[a.id].times
                  if t.value and len(t.value) == 10 and t.tense != "future"]
    first = min((day for day in happenings if earliest <= day <= story_days[0]), default=story_days[0])
    return first, story_days[-1] + timedelta(days=settings.story_window_days)


def _fallback_window(annotation: Annotation, span: tuple[date, date] | None, settings: Settings) -> DateWindow | None:
    """Without links: the story's span (``_story_span``), not before the article's own latest past
    date; or, in a story without dates (or one over before that date), the days after it."""
    own = not_before(annotation)
    if span:
        start, end = span
        basis = "while the story ran: from its first happening to two weeks after its last publication"
        if own is None or own <= end:
            if own and own > start:
                start, basis = own, basis + f", not before its own date {own.isoformat()}"
            return DateWindow(start=start, end=end, basis=basis)
    if own:
        return DateWindow(start=own, end=own + timedelta(days=settings.attach_days),
                          basis=f"the days after its own latest date {own.isoformat()}")
    return None


def _resolve_in_window(time: TimeExpression, window: DateWindow, earliest: date | None) -> TimeExpression:
    """``time`` resolved when every publication day of ``window`` gives it the same value (as the
    annotation stage would have resolved it, its clause's tense included). A bare weekday is
    not read as a day more than a day before ``earliest``, the earliest day the article's
    links date (the week before the happening the article reports is not its "Tuesday")."""
    days = (window.end - window.start).days + 1
    if days > MAX_WINDOW_DAYS:
        ends = (window.start, window.end)
    else:
        ends = tuple(window.start + timedelta(days=n) for n in range(days))
    values = {time_expression(time.text, time.start, time.end, time.sentence, day, time.clause_terms,
                              time.tense).value for day in ends}
    if earliest is not None and weekday_of(time.text) is not None:
        floor = (earliest - timedelta(days=1)).isoformat()
        values = {value for value in values if value is None or value >= floor}
    if len(values) == 1 and None not in values:
        return replace(time, value=values.pop(), anchor="inferred")
    return time


def infer_publication_windows(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotation],
    weights: TermWeights,
    settings: Settings,
) -> tuple[list[Article], dict[str, Annotation]]:
    """Date one story's articles from one another (see the module docstring). Returns the story's
    articles (checked, dated or given windows) and their annotations (relative dates resolved
    again where the publication changed)."""
    new_annotations = {article.id: annotations[article.id] for article in articles}
    checked = list(articles)
    # Contradictions one at a time, the stated date furthest from the story's others first: an
    # article with a wrong date makes wrong anchors, which must not contradict the right dates
    # of the others.
    for _ in range(len(checked)):
        anchors = _anchors(checked, new_annotations, weights)
        found = []
        for n, article in enumerate(checked):
            others = [a.published for a in checked if a.published is not None and a.id != article.id]
            contradiction = _contradiction(article, new_annotations[article.id], anchors, weights, others, settings)
            if contradiction is not None:
                middle = sorted(others)[len(others) // 2] if others else article.published
                found.append((abs((article.published - middle).days), _outside(article.published, contradiction[0]),
                              -n, n, contradiction))
        if not found:
            break
        *_, n, (window, kept) = max(found)
        before = checked[n]
        checked[n] = _contradict(before, window, kept)
        if checked[n].published != before.published:
            new_annotations[before.id] = replace(new_annotations[before.id],
                                                 times=rebase(new_annotations[before.id].times, checked[n].published))
    anchors = _anchors(checked, new_annotations, weights)
    story_days = sorted(a.published for a in checked if a.published is not None)
    span = _story_span(checked, new_annotations, story_days, settings)
    new_articles = []
    for article in checked:
        dated = _dated_by_year(article, story_days)
        if dated is not article:
            new_annotations[dated.id] = replace(new_annotations[dated.id],
                                                times=rebase(new_annotations[dated.id].times, dated.published))
        new_articles.append(dated)
    # Undated articles, in rounds: one dated by its links dates happenings in turn ("Tuesday"
    # = 2024-01-02), which may link another whose weekdays no dated article names.
    undated = [n for n, a in enumerate(new_articles) if a.published is None]
    unresolved = {new_articles[n].id: new_annotations[new_articles[n].id] for n in undated}
    sources = [a for a in new_articles if a.published is not None]
    for _ in range(LINK_ROUNDS):
        anchors = _anchors(sources, new_annotations, weights, require_published=False)
        linked_now = []
        for n in undated:
            article, annotation, by_links = _date_undated(checked[n], unresolved[checked[n].id], anchors, span,
                                                          weights, settings)
            new_articles[n], new_annotations[article.id] = article, annotation
            if by_links:
                linked_now.append(n)
        if not linked_now:
            break
        sources.extend(new_articles[n] for n in linked_now)
        undated = [n for n in undated if n not in linked_now]
    new_articles = [article if new_annotations[article.id] is annotations[article.id]
                    else replace(article, content_time=content_time(new_annotations[article.id]))
                    for article in new_articles]
    return new_articles, new_annotations


def _date_undated(article: Article, annotation: Annotation, anchors: _Anchors, span: tuple[date, date] | None,
                  weights: TermWeights, settings: Settings) -> tuple[Article, Annotation, bool]:
    """An undated article with its inferred window and its relative dates resolved in it, and
    whether its links (not only the story's span) gave the window."""
    window, links = _window_from_links(_links(article.id, annotation, anchors, weights, settings.link_similarity))
    by_links = window is not None
    if window is None:
        window = _fallback_window(annotation, span, settings)
    if window is None:
        return article, annotation, False
    linked = {id(link.time): link.day for link in links}
    earliest = min(linked.values(), default=None)
    times = tuple(
        replace(time, value=linked[id(time)].isoformat(), anchor="story") if id(time) in linked
        else _resolve_in_window(time, window, earliest) if time.value is None and time.relative
        else time
        for time in annotation.times
    )
    return replace(article, inferred=window), replace(annotation, times=times), by_links
