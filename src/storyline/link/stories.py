"""Stories: articles that report on the same happening.

``group_stories`` runs the stream clusterer (``link.stream.StoryStream``) over a
finished set of articles: the dated ones in publication order, then the undated
ones in input order (each can join any story still open by then). See
``link.stream`` for how an article joins a story, and why look-alike events of
different places, years or weeks stay apart.

Then, in batch only, fragments are merged (``merge_fragments``): a stream leaves
small stories behind (an article that came before its story had formed, one that
fell just under the threshold), mostly when articles are undated. Each story of
at most ``story_merge_size`` articles may merge with another story when their
average-linkage similarity (the mean cosine over their pairs of articles, with
IDF over the whole batch) reaches ``story_merge_similarity`` and they do not
disagree on places, years or time (the stream's vetoes, read per story: its key
places are those key to at least half its articles). Merges go best first
(agglomerative); candidates come from an inverted index over the stories'
heaviest keys, so the work grows with the number of stories, not its square.
Two stories both larger than the fragment size never merge: the stream's
centroid test is what keeps look-alike events apart, and this pass does not
overrule it. ``storyline add`` re-runs ``group_stories`` over all articles, so
batch and incremental builds still agree.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence

import regex

from ..clean.boilerplate import is_prompt
from ..errors import SettingsError
from ..model import Annotation, Article
from ..settings import Settings
from .similarity import exact_dot, heaviest_first
from .stream import _YEAR_GAP, ArticleFeatures, StoryStream, article_features, publication_day, story_key

_LIVE = regex.compile(r"^(?:live(?:\s+(?:updates?|blog|coverage))?|as\s+it\s+happened)\b\s*[:|–—-]", regex.IGNORECASE)
#: Heaviest keys of a story's summed vector put in the merge (and relate) index ...
_INDEX_KEYS = 40
#: ... the keys of a fragment looked up in it ...
_QUERY_KEYS = 24
#: ... and the stories scored in full per fragment, at most.
_CANDIDATES = 16


def _terms(annotation: Annotation) -> list[str]:
    return [term for sentence in annotation.sentences for term in sentence.terms]


def stream_order(articles: Sequence[Article]) -> list[int]:
    """Positions of ``articles`` in the order a stream takes them: dated ones by date (ties in
    input order), then undated ones in input order."""
    days = [publication_day(article) for article in articles]
    dated = sorted((i for i, day in enumerate(days) if day is not None), key=lambda i: (days[i], i))
    return dated + [i for i, day in enumerate(days) if day is None]


def group_stories(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                  settings: Settings) -> list[tuple[str, ...]]:
    """Article ids grouped into stories, each in input order; stories ordered by their first article.

    Needs each article's ``Annotation`` (sentence terms, entities, resolved dates) and
    its publication date when known; clusters them with ``StoryStream`` in
    ``stream_order``.
    """
    if not 0.0 <= settings.story_merge_similarity <= 1.0:
        raise SettingsError("story_merge_similarity",
                            f"must be between 0 and 1, not {settings.story_merge_similarity!r}")
    if settings.story_merge_size < 0:
        raise SettingsError("story_merge_size", f"must be 0 or more, not {settings.story_merge_size!r}")
    stream = StoryStream(settings)
    features: list[ArticleFeatures | None] = [None] * len(articles)
    keys: list[str] = [""] * len(articles)
    for i in stream_order(articles):
        features[i] = article_features(articles[i], annotations[articles[i].id])
        keys[i] = stream.add_features(features[i])
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    positions = list(groups.values())
    if settings.story_merge_size > 0 and len(positions) > 1:
        positions = merge_fragments(positions, features, settings)
    return [tuple(articles[i].id for i in members) for members in positions]


def article_vectors(features: Sequence[ArticleFeatures], settings: Settings) -> list[dict[str, float]]:
    """Each article's unit vector as the stream builds it ((1 + log count) * smoothed IDF, names
    ``story_entity_weight`` times more, the ``story_terms`` heaviest keys), with the IDF taken over
    all of ``features`` at once."""
    df: Counter[str] = Counter()
    for item in features:
        df.update(item.keys.keys())
    base = math.log(len(features) + 1) + 1.0
    vectors = []
    for item in features:
        weights = {}
        for position, (key, count) in enumerate(item.keys.items()):
            weight = (base - math.log1p(df[key])) * (1.0 + math.log(count))
            weights[key] = weight * settings.story_entity_weight if position >= item.names_from else weight
        top = sorted(weights.items(), key=heaviest_first)[: settings.story_terms]
        norm = math.sqrt(math.fsum(w * w for _, w in top)) or 1.0
        vectors.append({key: w / norm for key, w in top})
    return vectors


class _Profile:
    """A story as the merge pass sees it: its articles, summed vectors, places, years and days."""

    __slots__ = ("members", "total", "places", "key_places", "years", "first_day", "last_day", "indexed")

    def __init__(self, members: list[int], features: Sequence[ArticleFeatures],
                 vectors: Sequence[Mapping[str, float]]) -> None:
        self.members = members
        self.total: Counter[str] = Counter()
        self.places: Counter[str] = Counter()
        self.key_places: Counter[str] = Counter()
        self.years: Counter[int] = Counter()
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.indexed: tuple[str, ...] = ()
        for i in members:
            self._add(features[i], vectors[i])

    def _add(self, item: ArticleFeatures, vector: Mapping[str, float]) -> None:
        self.total.update(vector)
        self.places.update(item.places)
        self.key_places.update(item.key_places)
        self.years.update(item.years)
        if item.day is not None:
            self.first_day = item.day if self.first_day is None else min(self.first_day, item.day)
            self.last_day = item.day if self.last_day is None else max(self.last_day, item.day)

    def absorb(self, other: _Profile) -> None:
        self.members = sorted(self.members + other.members)
        self.total.update(other.total)
        self.places.update(other.places)
        self.key_places.update(other.key_places)
        self.years.update(other.years)
        for day in (other.first_day, other.last_day):
            if day is not None:
                self.first_day = day if self.first_day is None else min(self.first_day, day)
                self.last_day = day if self.last_day is None else max(self.last_day, day)

    def index_keys(self, count: int) -> tuple[str, ...]:
        return tuple(sorted(k for k, _ in heapq.nsmallest(count, self.total.items(), key=heaviest_first)))

    def main_places(self) -> set[str]:
        """Places key to at least half of the story's articles."""
        return {place for place, n in self.key_places.items() if 2 * n >= len(self.members)}

    def disagrees(self, other: _Profile, window: int) -> bool:
        """The stream's vetoes, story against story: places, years, time."""
        mine, theirs = self.main_places(), other.main_places()
        if mine and theirs and mine.isdisjoint(other.places) and theirs.isdisjoint(self.places):
            return True
        if self.years and other.years and self.years.keys().isdisjoint(other.years.keys()) and \
                min(abs(a - b) for a in self.years for b in other.years) >= _YEAR_GAP:
            return True
        if self.last_day is not None and other.last_day is not None and \
                (other.first_day - self.last_day > window or self.first_day - other.last_day > window):
            return True
        return False

    def linkage(self, other: _Profile) -> float:
        """Average linkage: the mean cosine over the pairs of their articles."""
        return exact_dot(self.total, other.total) / (len(self.members) * len(other.members))


def merge_fragments(groups: Sequence[Sequence[int]], features: Sequence[ArticleFeatures],
                    settings: Settings) -> list[list[int]]:
    """Merge stories of at most ``story_merge_size`` articles into the story they resemble most
    (see the module docstring). ``groups`` hold positions in ``features``; returns the groups,
    merged ones under the position of their earlier story, ordered by first position."""
    vectors = article_vectors(features, settings)
    cap, threshold, window = settings.story_merge_size, settings.story_merge_similarity, settings.story_window_days
    profiles = [_Profile(list(members), features, vectors) for members in groups]
    version = [0] * len(profiles)
    alive = [True] * len(profiles)
    index: dict[str, set[int]] = {}

    def reindex(number: int) -> None:
        profile = profiles[number]
        keys = profile.index_keys(_INDEX_KEYS)
        for key in set(profile.indexed) - set(keys):
            index[key].discard(number)
        for key in keys:
            index.setdefault(key, set()).add(number)
        profile.indexed = keys

    def unindex(number: int) -> None:
        for key in profiles[number].indexed:
            index[key].discard(number)

    heap: list[tuple[float, int, int, int, int]] = []
    queued_by: dict[int, set[int]] = {}  # story -> fragments that queued a pair with it

    def push_candidates(number: int) -> None:
        """Queue the fragment's best partners that pass the vetoes and the threshold."""
        profile = profiles[number]
        hits: dict[int, float] = {}
        for key, weight in heapq.nsmallest(_QUERY_KEYS, profile.total.items(), key=heaviest_first):
            for other in index.get(key, ()):
                if other != number:
                    hits[other] = hits.get(other, 0.0) + weight
        best = heapq.nsmallest(_CANDIDATES, hits.items(), key=lambda item: (-item[1], item[0]))
        for other, _ in best:
            if profile.disagrees(profiles[other], window):
                continue
            score = profile.linkage(profiles[other])
            if score >= threshold:
                a, b = min(number, other), max(number, other)
                heapq.heappush(heap, (-score, a, b, version[a], version[b]))
                queued_by.setdefault(other, set()).add(number)

    for number in range(len(profiles)):
        reindex(number)
    for number, profile in enumerate(profiles):
        if len(profile.members) <= cap:
            push_candidates(number)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        if version[a] != version_a or version[b] != version_b:
            continue  # a side has grown since: its fresh candidates were queued then
        if min(len(profiles[a].members), len(profiles[b].members)) > cap:
            continue
        profiles[a].absorb(profiles[b])
        alive[b] = False
        unindex(b)
        version[a] += 1
        reindex(a)
        if len(profiles[a].members) <= cap:
            push_candidates(a)
        # fragments that had queued b (or a, before it grew) look again
        for number in sorted((queued_by.pop(a, set()) | queued_by.pop(b, set())) - {a, b}):
            if alive[number] and len(profiles[number].members) <= cap:
                push_candidates(number)
    merged = [profiles[n].members for n in range(len(profiles)) if alive[n]]
    return sorted(merged, key=lambda members: members[0])



def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for a story: derived from its first article's id (the stream's ``story_key``)."""
    return story_key(article_ids[0])


def story_title(articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> tuple[str | None, str | None]:
    """The title of the story's most typical titled article (most terms shared with the others),
    with that article's id; ``(None, None)`` when no article has a title.

    A live page's title ("Live updates: Follow the latest news on ...") names the page, not
    the story: such titles are taken only when no other article has a title."""
    titled = [a for a in articles if a.title]
    if not titled:
        return None, None
    term_sets = {a.id: set(_terms(annotations[a.id])) for a in articles}

    def rank(article: Article) -> tuple[bool, int]:
        own = term_sets[article.id]
        return (not is_page_title(article.title),
                sum(len(own & term_sets[other.id]) for other in articles if other.id != article.id))

    best = max(titled, key=rank)
    return best.title, best.id


def is_page_title(title: str) -> bool:
    """A title that names a page rather than a happening: a live page's ("Live updates: ...",
    "LIVE: ...") or one that prompts the reader ("... Follow the latest news on ...")."""
    head, _, tail = title.partition(":")
    return bool(_LIVE.match(title)) or is_prompt(title) or (bool(tail) and is_prompt(tail.strip()))
