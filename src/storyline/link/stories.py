"""Stories: articles that report on the same developing story.

A deliberately simple grouping: two articles are linked when the cosine of their
TF-IDF term vectors reaches ``settings.story_similarity`` and, when both are dated,
they were published at most ``settings.story_window_days`` apart; stories are the
connected groups. It compares all pairs, which is fine for thousands of articles,
not for a stream of millions (time-aware, incremental clustering is its own stage).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Annotation, Article
from ..settings import Settings


def _terms(annotation: Annotation) -> list[str]:
    return [term for sentence in annotation.sentences for term in sentence.terms]


def _identity(terms: list[str]) -> list[str]:
    return terms


def group_stories(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                  settings: Settings) -> list[tuple[str, ...]]:
    """Article ids grouped into stories, each in input order; stories ordered by their first article."""
    if not articles:
        return []
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    documents = [_terms(annotations[article.id]) for article in articles]
    if len(articles) > 1 and any(documents):
        matrix = TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit_transform(documents)
        similar = (matrix @ matrix.T).tocoo()
        for i, j, value in zip(similar.row, similar.col, similar.data):
            if i >= j or value < settings.story_similarity:
                continue
            first, second = articles[i].published, articles[j].published
            if first and second and abs((first - second).days) > settings.story_window_days:
                continue
            parent[root(i)] = root(j)
    groups: dict[int, list[str]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(root(i), []).append(article.id)
    return [tuple(ids) for ids in groups.values()]


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for a story: derived from its first article's id."""
    return "story-" + hashlib.sha1(article_ids[0].encode("utf-8")).hexdigest()[:10]


def story_title(articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> tuple[str | None, str | None]:
    """The title of the story's most typical titled article (most terms shared with the others),
    with that article's id; ``(None, None)`` when no article has a title."""
    titled = [a for a in articles if a.title]
    if not titled:
        return None, None
    term_sets = {a.id: set(_terms(annotations[a.id])) for a in articles}

    def shared(article: Article) -> int:
        own = term_sets[article.id]
        return sum(len(own & term_sets[other.id]) for other in articles if other.id != article.id)

    best = max(titled, key=shared)
    return best.title, best.id
