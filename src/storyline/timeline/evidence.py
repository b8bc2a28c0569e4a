"""What a story's articles say about each date: the evidence dates are chosen and summarised from.

Every sentence with a time expression resolved to a date is a *mention* of that
date (``_Mention`` with ``explicit=True``). A sentence with no date of its own also
supports a day when it says what the story's dated clauses say happened that day
(``attach_undated``): those are the ``explicit=False`` mentions.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from ..link.similarity import TermWeights
from ..model import Annotation, Article, Sentence
from ..settings import Settings

#: A sentence without a date joins a dated clause only if they share this many terms.
MIN_SHARED_TERMS = 2


@dataclass(frozen=True, slots=True)
class Mention:
    """A sentence that reports what happened on a date: it dates it (``explicit``), or says
    what the sentences that date it say (attached)."""

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


def explicit_mentions(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                      weights: TermWeights) -> dict[str, list[Mention]]:
    """Every resolved date, with the sentences that date it (the clause it modifies as the vector)."""
    buckets: dict[str, list[Mention]] = {}
    for article in articles:
        annotation = annotations[article.id]
        indexes = {s.index for s in annotation.sentences}
        sentences = {s.index: s for s in annotation.sentences}
        for time in annotation.times:
            if time.value is None or time.sentence not in indexes:
                continue
            terms = time.clause_terms or sentences[time.sentence].terms
            buckets.setdefault(time.value, []).append(Mention(article.id, time.sentence, True, weights.vector(terms)))
    return buckets


def _matrix(vectors: Sequence[Mapping[str, float]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Rows of unit-length vectors over ``vocabulary`` (grown as new terms come)."""
    indptr, indices, data = [0], [], []
    for vector in vectors:
        length = sum(w * w for w in vector.values()) ** 0.5 or 1.0
        for term, weight in vector.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            data.append(weight / length)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
                             shape=(len(vectors), max(len(vocabulary), 1)))


def attach_undated(articles: Sequence[Article], annotations: Mapping[str, Annotation], weights: TermWeights,
                   buckets: Mapping[str, list[Mention]], settings: Settings,
                   keep: set[str] | None = None) -> dict[str, list[Mention]]:
    """Sentences without a date of their own, by the day they report on.

    A sentence joins the day whose dated clauses it is most similar to (its best match
    among the explicit mentions of days on or before its article's publication and at
    most ``settings.attach_days`` before it), if that IDF-weighted cosine reaches
    ``settings.attach_similarity`` and they share at least ``MIN_SHARED_TERMS`` terms.
    Only days in ``keep`` (all days when ``None``) are returned.
    """
    days = {value: date.fromisoformat(value) for value in buckets if len(value) == 10}
    rows = [(value, mention) for value in sorted(days) for mention in buckets[value] if mention.explicit]
    attached: dict[str, list[Mention]] = {}
    if not rows:
        return attached
    vocabulary: dict[str, int] = {}
    mentions = _matrix([mention.vector for _, mention in rows], vocabulary)
    row_days = np.array([days[value].toordinal() for value, _ in rows])
    lag = timedelta(days=settings.attach_days).days

    groups: dict[tuple[date, date], list[tuple[Article, Sentence, dict[str, float]]]] = {}
    for article in articles:
        published = publication_range(article)
        if published is None:
            continue
        annotation = annotations[article.id]
        dated = {time.sentence for time in annotation.times if time.value is not None}
        for sentence in annotation.sentences:
            if sentence.index not in dated and len(set(sentence.terms)) >= MIN_SHARED_TERMS:
                groups.setdefault(published, []).append((article, sentence, weights.vector(sentence.terms)))
    for (first, last), members in groups.items():
        window = np.flatnonzero((row_days <= last.toordinal()) & (row_days + lag >= first.toordinal()))
        if window.size == 0:
            continue
        candidates = mentions[window]
        undated = _matrix([vector for _, _, vector in members], vocabulary)
        width = max(candidates.shape[1], undated.shape[1])
        candidates = _resize(candidates, width)
        undated = _resize(undated, width)
        similarity = (undated @ candidates.T).tocsr()
        shared = ((undated > 0).astype(np.int32) @ (candidates > 0).astype(np.int32).T).tocsr()
        similarity = similarity.multiply(shared >= MIN_SHARED_TERMS).tocsr()
        for i, (article, sentence, vector) in enumerate(members):
            start, end = similarity.indptr[i], similarity.indptr[i + 1]
            if start == end:
                continue
            values = similarity.data[start:end]
            best = int(np.argmax(values))
            if values[best] < settings.attach_similarity:
                continue
            value = rows[window[similarity.indices[start + best]]][0]
            if keep is None or value in keep:
                attached.setdefault(value, []).append(Mention(article.id, sentence.index, False, vector))
    return attached


def _resize(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    if matrix.shape[1] == width:
        return matrix
    matrix = matrix.copy()
    matrix.resize((matrix.shape[0], width))
    return matrix
