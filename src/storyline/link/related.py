"""Related stories: look-alikes kept apart, a second level above stories.

Two stories are related when they tell the same kind of happening (two bombings of
shelters, two earthquakes, two title fights of one boxer) but were kept apart, by
the stream or by the merge pass, because they differ in place, year, time or
simply in what the articles said. ``relate_stories`` compares stories by their
vocabulary only: the cosine of their lemma centroids (each article's lemmas
weighted as the stream weighs them, (1 + log count) * IDF over all the articles
given, names left out, unit length, summed per story) must reach
``story_related_similarity``; there is no place, year or time veto, since those
are what make look-alikes different stories. Each story keeps its
``story_related_count`` most similar look-alikes.

Needs: the stories (groups of article ids, as ``group_stories`` returns them), the
articles and their annotations (sentence lemmas). Adds: for each story id
(``link.stories.story_id``), the ids of its related stories, most similar first.
Candidates come from an inverted index over the stories' heaviest lemmas, so the
work grows with the number of stories, not its square. Deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..errors import SettingsError
from ..model import Annotation, Article
from ..settings import Settings
from .similarity import exact_dot, heaviest_first
from .stories import article_vectors, story_id
from .stream import article_features

#: Heaviest lemmas of a story's centroid put in the index ...
_INDEX_KEYS = 40
#: ... the lemmas of a story looked up in it ...
_QUERY_KEYS = 24
#: ... and the stories scored in full per story, at most.
_CANDIDATES = 32


def relate_stories(groups: Sequence[tuple[str, ...]], articles: Sequence[Article],
                   annotations: Mapping[str, Annotation], settings: Settings) -> dict[str, tuple[str, ...]]:
    """For each story of ``groups`` (by ``story_id``), the ids of its look-alike stories, most
    similar first (ties: the earlier story), at most ``story_related_count``; an empty tuple
    when it has none. Articles of ``groups`` missing from ``articles`` are left out."""
    if not 0.0 <= settings.story_related_similarity <= 1.0:
        raise SettingsError("story_related_similarity",
                            f"must be between 0 and 1, not {settings.story_related_similarity!r}")
    if settings.story_related_count < 0:
        raise SettingsError("story_related_count", f"must be 0 or more, not {settings.story_related_count!r}")
    ids = [story_id(group) for group in groups]
    related: dict[str, tuple[str, ...]] = {sid: () for sid in ids}
    if settings.story_related_count == 0 or len(groups) < 2:
        return related
    by_id = {article.id: article for article in articles}
    members = [[a for a in group if a in by_id] for group in groups]
    order = [a for group in members for a in group]
    lemmas = []
    for article_id in order:
        features = article_features(by_id[article_id], annotations[article_id])
        lemma_keys = dict(list(features.keys.items())[: features.names_from])
        lemmas.append(replace(features, keys=lemma_keys, names_from=len(lemma_keys)))
    vectors = dict(zip(order, article_vectors(lemmas, settings)))
    centroids: list[dict[str, float]] = []
    for group in members:
        total: Counter[str] = Counter()
        for article_id in group:
            total.update(vectors[article_id])
        norm = math.sqrt(math.fsum(w * w for w in total.values())) or 1.0
        centroids.append({key: w / norm for key, w in total.items()})
    index: dict[str, list[int]] = {}
    for number, centroid in enumerate(centroids):
        for key, _ in heapq.nsmallest(_INDEX_KEYS, centroid.items(), key=heaviest_first):
            index.setdefault(key, []).append(number)
    threshold, count = settings.story_related_similarity, settings.story_related_count
    for number, centroid in enumerate(centroids):
        hits: dict[int, float] = {}
        for key, weight in heapq.nsmallest(_QUERY_KEYS, centroid.items(), key=heaviest_first):
            for other in index.get(key, ()):
                if other != number:
                    hits[other] = hits.get(other, 0.0) + weight
        candidates = heapq.nsmallest(_CANDIDATES, hits.items(), key=lambda item: (-item[1], item[0]))
        scored = [(exact_dot(centroid, centroids[other]), other) for other, _ in candidates]
        best = heapq.nsmallest(count, [(-s, other) for s, other in scored if s >= threshold])
        related[ids[number]] = tuple(ids[other] for _, other in best)
    return related
