"""What an article's own text says about when it was written and what it reports.

Runs after annotation, per article, before stories are formed:

- ``check_stated``: a stated publication date is impossible when the text reports as
  past a happening it dates (with its year) more than a day after it ("the strike on
  April 20, 2024 killed ..." in an article stated to be of April 2). The statement is
  then ``contradicted``, the next statement that the text allows is used, and the
  article's relative dates are resolved again against it (or left open).
- ``content_time``: the span of the days the article dates things to (its happenings);
- ``not_before``: the latest full date it names, not as the future: it was published on
  that day or after.

A year-less dateline ("June 30 (UPI) --") of an article without other statements gets
its year from the full dates of its text when they decide it (the nearest such day).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model import Annotation, Article, DateEvidence, DateWindow, TimeExpression
from .expressions import rebase
from .verdict import redecide, with_year

#: An article reporting as past a day at most this many days after its stated date is still
#: consistent with it (time zones, a date line written the next morning).
SLACK_DAYS = 1


def _full_days(annotation: Annotation) -> list[tuple[date, TimeExpression]]:
    """Days named with their year ("Jan. 3, 2024", "2024-01-03") in clauses not about the future."""
    found = []
    for time in annotation.times:
        if time.anchor == "absolute" and time.value and len(time.value) == 10 and time.tense != "future":
            found.append((date.fromisoformat(time.value), time))
    return found


def _reported_days(annotation: Annotation) -> list[tuple[date, TimeExpression]]:
    """Every day-level date of clauses not about the future, however it was resolved."""
    return [(date.fromisoformat(t.value), t) for t in annotation.times
            if t.value and len(t.value) == 10 and t.tense != "future" and t.timex_type != "DURATION"]


def not_before(annotation: Annotation) -> date | None:
    """The latest day the article names with a full date outside a clause about the future: it
    was published on or after it."""
    return max((day for day, _ in _full_days(annotation)), default=None)


def content_time(annotation: Annotation) -> DateWindow | None:
    """From the earliest to the latest day the article dates something to (not the future)."""
    days = sorted(day for day, _ in _reported_days(annotation))
    if not days:
        return None
    described = f"{len(days)} dated mention{'s' if len(days) != 1 else ''}"
    return DateWindow(start=days[0], end=days[-1], basis=f"the days its text dates ({described})")


def _impossible(evidence: DateEvidence, annotation: Annotation) -> str | None:
    """Why ``evidence`` cannot be the publication date: the text reports as past a day after it."""
    day = evidence.day
    if day is None:
        return None
    later = [(reported, time) for reported, time in _full_days(annotation)
             if time.tense == "past" and (reported - day).days > SLACK_DAYS]
    if not later:
        return None
    reported, time = max(later, key=lambda pair: pair[0])
    return f"the text reports {time.text!r} ({reported.isoformat()}) as past"


def check_stated(article: Article, annotation: Annotation) -> tuple[Article, Annotation]:
    """The article with its statements checked against its own text (see the module docstring),
    and its annotation, its relative dates resolved again when the publication date changed.
    Metadata of the input is the user's own and is not second-guessed."""
    evidence = list(article.date_evidence)
    if not evidence:
        return article, annotation
    changed = False
    for index, item in enumerate(evidence):
        if item.source == "metadata" or item.status == "contradicted":
            continue
        reason = _impossible(item, annotation)
        if reason:
            evidence[index] = replace(item, status="contradicted", reason=reason)
            changed = True
    if article.published is None:
        full = [day for day, _ in _full_days(annotation)]
        for index, item in enumerate(evidence):
            if item.value.startswith("--") and full:
                dated = with_year(item, max(full), "the text's own dates")
                if not dated.value.startswith("--") and not _impossible(dated, annotation):
                    evidence[index] = dated
                    changed = True
    if not changed:
        return article, annotation
    used, decided = redecide(evidence)
    published = used.day if used else None
    checked = replace(article, published=published, published_source=used.source if used else None,
                      date_evidence=decided)
    if published != article.published:
        annotation = replace(annotation, times=rebase(annotation.times, published))
    return checked, annotation


def date_article(article: Article, annotation: Annotation) -> tuple[Article, Annotation]:
    """``check_stated``, then the article's ``content_time``."""
    article, annotation = check_stated(article, annotation)
    return replace(article, content_time=content_time(annotation)), annotation


__all__ = ["check_stated", "content_time", "date_article", "not_before"]
