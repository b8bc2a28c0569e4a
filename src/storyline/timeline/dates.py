"""Which days belong on a shortened timeline: how much the story's articles say about each.

A day is important when many articles report on it: they date something to it ("on
Tuesday", "April 20"), and articles come out on it or the day after (first reports).
Each *article* counts once per day however many of its sentences date it, a
syndicated copy counts with its original, and only articles that match the query
(when there is one) count at all.

    score(day) = mentions + PUBLISHED_WEIGHT * published

- ``mentions``: the articles that date something to the day, each weighted by
  ``1 + RETROSPECT_WEIGHT * log2(1 + days between the day and the article)`` (a day
  still recalled weeks later mattered), an article dating its own publication day
  ("today", "on Tuesday" in Tuesday's paper) counting only ``SELF_WEIGHT``: it is
  also counted as published;
- ``published``: the articles published on the day or the day after;
- a day that only one article dates scores ``SINGLE_FACTOR`` of that.

Measured on Timeline17 (``bench/t17.py``, Date-F1 of the top-l days): mention counts
carry nearly all of the signal; the weights move Date-F1 by about 0.01 either way,
as did counting only the sentences that match the query, sentence position, counts
of outlets, explicit against relative expressions, agreement between the articles'
clauses, local burst normalisation and spreading the days out in time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from ..model import Article
from .evidence import Mention, publication_range

#: An article dating its own publication day counts this much (it is also a publication).
SELF_WEIGHT = 0.5
#: How much more a mention counts for each doubling of its distance from the publication date.
RETROSPECT_WEIGHT = 0.25
#: How much an article published on the day (or the day after) counts, against one that dates it.
PUBLISHED_WEIGHT = 0.5
#: The score of a day that only one article dates is multiplied by this.
SINGLE_FACTOR = 0.5


def score_days(articles: Sequence[Article], buckets: Mapping[str, list[Mention]],
               relevant: Callable[[str], bool]) -> dict[str, float]:
    """The score of every day-level date in ``buckets`` (see the module docstring).

    ``relevant(article_id)`` says whether an article may count (it matches the query).
    """
    by_id = {article.id: article for article in articles}
    published_on: dict[date, set[str]] = {}
    for article in articles:
        published = publication_range(article)
        if published is not None and published[0] == published[1] and relevant(article.id):
            published_on.setdefault(published[0], set()).add(article.canonical_id)
    scores = {}
    for value, mentions in buckets.items():
        if len(value) != 10:
            continue
        day = date.fromisoformat(value)
        weight_of: dict[str, float] = {}
        for mention in mentions:
            if not mention.explicit or not relevant(mention.article_id):
                continue
            article = by_id[mention.article_id]
            published = publication_range(article)
            if published is not None and published[0] == published[1] == day:
                weight = SELF_WEIGHT
            elif published is not None:
                weight = 1 + RETROSPECT_WEIGHT * math.log2(1 + abs((published[0] - day).days))
            else:
                weight = 1.0
            key = article.canonical_id
            weight_of[key] = max(weight_of.get(key, 0.0), weight)
        first_reports = published_on.get(day, set()) | published_on.get(day + timedelta(days=1), set())
        score = sum(weight_of.values()) + PUBLISHED_WEIGHT * len(first_reports)
        if len(weight_of) <= 1:
            score *= SINGLE_FACTOR
        scores[value] = score
    return scores

