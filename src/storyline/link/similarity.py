"""Comparing what sentences and clauses say: IDF-weighted bags of content lemmas.

The annotation stage reduces every sentence, and every clause that a time
expression modifies, to its content lemmas (``Sentence.terms``,
``TimeExpression.clause_terms``). Two of them talk about the same happening when
they share rare terms, which the cosine of their IDF-weighted term vectors measures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Vector = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class TermWeights:
    """Inverse document frequencies, with the weight of the rarest term for unseen ones."""

    idf: Mapping[str, float]
    unseen: float

    def vector(self, terms: Iterable[str]) -> dict[str, float]:
        counts = Counter(terms)
        return {term: count * self.idf.get(term, self.unseen) for term, count in counts.items()}


def term_weights(documents: Iterable[Sequence[str]]) -> TermWeights:
    """Smoothed IDF (as scikit-learn computes it) of the terms of ``documents``."""
    frequency: Counter[str] = Counter()
    n = 0
    for terms in documents:
        n += 1
        frequency.update(set(terms))
    idf = {term: math.log((1 + n) / (1 + df)) + 1.0 for term, df in frequency.items()}
    return TermWeights(idf=idf, unseen=math.log(1 + n) + 1.0)


def add_vectors(vectors: Iterable[Vector]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    return total


def dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def exact_dot(a: Vector, b: Vector) -> float:
    """The dot product, exactly rounded (``math.fsum``): the result does not depend on the
    order of the keys, so clusterings built on it are the same in every process."""
    if len(a) > len(b):
        a, b = b, a
    return math.fsum([w * b[k] for k, w in a.items() if k in b])


def heaviest_first(item: tuple[str, float]) -> tuple[float, str]:
    """Sort key of a vector's ``(term, weight)`` items: heaviest first, ties by term."""
    return -item[1], item[0]


def norm(vector: Vector) -> float:
    return math.sqrt(sum(weight * weight for weight in vector.values()))


def unit(vector: Vector) -> dict[str, float]:
    length = norm(vector) or 1.0
    return {term: weight / length for term, weight in vector.items()}


def cosine(a: Vector, b: Vector) -> float:
    if not a or not b:
        return 0.0
    product = dot(a, b)
    return product / (norm(a) * norm(b)) if product else 0.0
