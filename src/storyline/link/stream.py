"""Stories from a stream: online, time-aware clustering that keeps look-alike events apart.

Articles arrive in publication order; each one joins the most similar open story
or starts a new one. Needs, per article: the content lemmas of its sentences
(``Sentence.terms``), its named entities and its resolved dates
(``Annotation.times``), and its publication date when known. Adds: a story key per
article (``StoryStream.add``).

What an article is, for clustering (``article_features``), from its first
``_LEAD_SENTENCES`` sentences:

* a bag of keys, IDF-weighted ((1 + log count) * smoothed IDF over the stream so
  far) and cut to the ``story_terms`` heaviest: its lemmas (the headline and lead,
  the first ``_HEAD_SENTENCES`` sentences, counting double) and, weighted
  ``story_entity_weight`` times more, its names (PERSON by surname, ORG, NORP,
  EVENT, GPE, LOC, FAC);
* the words of the places it names (GPE, LOC, FAC; "South Sudan" gives "sudan"),
  those named in the headline and lead or at least twice being its key places;
* the years of the full dates it names ("10 November 2011"), plus its
  publication year.

An article joins a story when, against the story's centroid (the sum of its
articles' unit vectors), all of these hold; else it starts a story:

* the cosine reaches ``story_similarity`` when the story is dated (an open dated
  story was active within the window of the article, or of the stream's clock for
  an undated article: that is evidence too), else the higher
  ``story_join_similarity`` (a story of undated articles has only its text);
* places agree: the article's key places include a place word of the story, when
  both have some (a school bombed in Gaza and a camp bombed in Yida share words,
  not places);
* years agree: when both have years, they share one or two are less than
  ``_YEAR_GAP`` apart (the same kind of event, years apart, is another event);
* time: when both are dated, the article is at most ``story_window_days`` after the
  story's latest article (and not that much before its first).

Among stories that pass, the most similar wins (ties: the older story). The
centroid is the precision device: an article must resemble the story as a whole,
not one member of it, so no chain of pairwise look-alikes can glue two events.

Bounded work and memory:

* a story idle for more than ``story_window_days`` (by publication dates seen in
  the stream) is closed: its state leaves the active set and the index;
* candidates come from an inverted index over the heaviest keys of the open
  stories' centroids, looked up with the article's heaviest keys, at most
  ``_CANDIDATES`` of them scored in full; centroids keep their ``_CENTROID_KEYS``
  heaviest keys;
* document frequencies (for the IDF) are halved every ``_DF_PERIOD`` articles,
  dropping the keys that fall to zero, so the vocabulary kept follows the stream.

Undated articles: an undated article is clustered at the stream's current time
(the latest publication date seen), as a live feed receives it; it does not move
the clock. ``group_stories`` processes the dated articles first, by date, then the
undated ones in input order, so each can join any story still open at the end.

Deterministic and incremental: the result depends only on the order of the
articles; ``state()`` is plain JSON-able data and ``StoryStream.from_state``
resumes from it, so a corpus processed in one go gives the same stories as the
same corpus processed in batches with a save and restore between them.

Hook for sentence embeddings: ``_Story.assess`` is the one place that compares an
article with a story; an embedding cosine would be added there, with a mean
embedding kept per story beside the centroid.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

import numpy as np

from ..dating.content import not_before
from ..dating.stated import dateline_end
from ..errors import SettingsError, StoreError
from ..model import Annotation, Article
from ..settings import Settings

#: Entity labels that name who and where; people are keyed by surname.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "EVENT"}) | _PLACE_LABELS
#: Open stories scored in full per article, at most.
_CANDIDATES = 16
#: Closed stories scored in full for a dated article that no open story takes, at most ...
_LATE_CANDIDATES = 8
#: ... and a key on more postings than this is skipped when looking candidates up.
_MAX_POSTINGS = 2_000
#: Keys of an article used to look up candidate stories.
_QUERY_KEYS = 24
#: Keys of a story's centroid put in the index.
_INDEX_KEYS = 40
#: A story's index keys are renewed after each of its first this many articles, then
#: after every this-many-th (a large story's heaviest keys change slowly).
_REINDEX_EVERY = 4
#: Keys a story's centroid keeps.
_CENTROID_KEYS = 200
#: Document frequencies are halved every this many articles.
_DF_PERIOD = 20_000
#: Version of ``StoryStream.state()``'s layout.
_STATE_VERSION = 2
#: An article is its first this many sentences (a news article's lead and body tell
#: the story; the rest is background, and costs time) ...
_LEAD_SENTENCES = 20
#: ... the lemmas of the first this many (headline, lead) counting this many times.
_HEAD_SENTENCES = 4
_HEAD_COUNT = 2
#: Two articles (or stories) disagree on years when all their years are at least this far apart.
_YEAR_GAP = 2
#: The clock is the this-many-th latest publication day seen, so that one article dated far
#: ahead of the others (a scraper's timestamp, a wrong year) cannot close every story.
_CLOCK_RANK = 3
#: A closed story keeps this many of its centroid's heaviest keys, and the archive at most
#: this many stories (the least recently active leave first).
_ARCHIVED_KEYS = 60
_ARCHIVE_MAX = 100_000
#: A dated article joins a story its date keeps it from (a long tail, or its own date is
#: wrong) from this cosine, or from ``story_similarity`` when the cosine of their names
#: reaches ``_LATE_NAMES``.
_LATE_SIMILARITY = 0.25
#: A story counts the days its articles date happenings to, keeping about this many.
_STORY_DAYS = 8
_LATE_NAMES = 0.5
#: Place words disagree but the names agree: the article's names (people, organisations,
#: places, events) and the story's have at least this cosine: the place words differ as
#: "England" and "UK", or "New York" and "California" for one bank's failure, do.
_NAMES_AGREE = 9.0


_weight = itemgetter(1)


def _hits_order(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the stream compares, for one article (see ``article_features``).

    ``keys`` counts lemmas and then (from ``names_from`` on), prefixed with ``@``,
    names; ``places`` are the words of the places named, ``key_places`` those named
    in the first ``_HEAD_SENTENCES`` sentences or at least twice; ``years`` the years
    of full dates named, plus the publication year; ``day`` the publication day as a
    proleptic ordinal, or ``None``; ``not_before`` the latest day it reports as past.
    """

    article_id: str
    day: int | None
    keys: dict[str, int]
    places: frozenset[str]
    key_places: frozenset[str]
    years: frozenset[int]
    names_from: int = 0
    #: The latest day the article names with a full date (not as the future), as an ordinal: it was
    #: published then or later, so it cannot belong to a story over long before.
    not_before: int | None = None
    #: The days (ordinals) it dates happenings to, not in the future ("the March 26 collapse").
    dated_days: frozenset[int] = frozenset()


def _name(text: str, label: str) -> str | None:
    name = " ".join(text.replace("’", "'").lower().split())
    if name.startswith("the "):
        name = name[4:]
    for suffix in (" 's", "'s", " '", "'"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    name = name.strip(" .,-\"'")
    if label == "PERSON" and " " in name:
        name = name.rsplit(" ", 1)[1]
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    return name


def article_features(article: Article, annotation: Annotation) -> ArticleFeatures:
    """The features ``StoryStream`` clusters on, from what annotation computed."""
    keys: dict[str, int] = {}
    for sentence in annotation.sentences[:_LEAD_SENTENCES]:
        add = _HEAD_COUNT if sentence.index < _HEAD_SENTENCES else 1
        for term in sentence.terms:
            keys[term] = keys.get(term, 0) + add
    names_from = len(keys)
    places: dict[str, int] = {}
    filed_from = dateline_end(article.text)
    for entity in annotation.entities:
        if entity.label not in _NAME_LABELS or entity.sentence >= _LEAD_SENTENCES:
            continue
        name = _name(entity.text, entity.label)
        if name is None:
            continue
        key = "@" + name
        keys[key] = keys.get(key, 0) + 1
        if entity.label in _PLACE_LABELS and entity.end > filed_from:
            for word in _place_words(name):
                places[word] = places.get(word, 0) + (2 if entity.sentence < _HEAD_SENTENCES else 1)
    published = publication_day(article)
    # An undated article's years are those its headline and lead name: further down, a full
    # date is as often background ("the last bank to fail, on October 23, 2020") as its own.
    last = len(annotation.sentences) if published is not None else _HEAD_SENTENCES
    years = {int(t.value[:4]) for t in annotation.times
             if t.value and len(t.value) == 10 and t.anchor == "absolute" and t.value[:4].isdigit()
             and t.sentence < last}
    if published is not None:
        years.add(published.year)
    # a dated article is placed by its date; the days it names may lie ahead ("the June 30 deadline")
    earliest = not_before(annotation) if published is None else None
    dated_days = frozenset(date.fromisoformat(t.value).toordinal() for t in annotation.times
                           if t.value and len(t.value) == 10 and t.tense != "future" and t.value[:4].isdigit())
    return ArticleFeatures(article_id=article.id, day=published.toordinal() if published else None,
                           keys=keys, places=frozenset(places), key_places=frozenset(w for w, n in places.items() if n >= 2),
                           years=frozenset(years), names_from=names_from,
                           not_before=earliest.toordinal() if earliest else None, dated_days=dated_days)


_PLACE_FILLER = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                           "northeast", "northwest", "southeast", "southwest", "central", "new", "city", "county",
                           "state", "province", "street", "island", "the", "of", "and", "united", "st", "mount",
                           "mt", "lake", "river", "gulf", "sea", "ocean", "bay", "district", "region", "road",
                           "avenue", "high", "great", "upper", "lower", "saint", "fort", "port", "san", "los", "las",
                           "el", "al", "de", "la"})


def _place_words(name: str) -> list[str]:
    return [w for w in name.replace("-", " ").replace(".", " ").split() if len(w) > 1 and w not in _PLACE_FILLER]


def story_key(first_article_id: str) -> str:
    """A story's key: derived from the id of the article that started it."""
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:10]


class _Story:
    """An open story: its centroid and what its articles agree on."""

    __slots__ = ("number", "key", "size", "first_day", "last_day", "active_day", "centroid", "norm", "name_norm",
                 "places", "years", "indexed", "days")

    def __init__(self, number: int, key: str) -> None:
        self.number = number
        self.key = key
        self.size = 0
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.active_day: int | None = None
        self.centroid: dict[str, float] = {}
        self.norm = 0.0
        self.name_norm: float | None = None  # the norm of the centroid's names, computed when first needed
        self.places: dict[str, int] = {}
        self.years: dict[int, int] = {}
        #: How many of its articles date a happening to each day (the ``_STORY_DAYS`` most dated).
        self.days: dict[int, int] = {}
        self.indexed: tuple[str, ...] = ()

    def assess(self, vector: dict[str, float], names: float, features: ArticleFeatures,
               window: int) -> tuple[float, float, bool]:
        """The article against the story: its cosine with the centroid (-1 when they disagree on
        places or years, or on time beyond what a date error can explain: the article dated
        long before the story began, or reporting as past a day long after its end), the
        cosine of their names when it was needed (-1 otherwise), and whether the article's
        date is more than ``window`` days after the story's last one. ``names`` is the norm
        of the article's name weights."""
        day = features.day
        if day is not None and self.last_day is not None and self.first_day - day > window:
            return -1.0, 0.0, False
        if features.not_before is not None and self.last_day is not None and \
                features.not_before - self.last_day > window:
            return -1.0, 0.0, False
        if features.years and self.years and features.years.isdisjoint(self.years) and \
                min(abs(a - b) for a in features.years for b in self.years) >= _YEAR_GAP:
            return -1.0, 0.0, False
        centroid = self.centroid
        shared = vector.keys() & centroid.keys()
        name_cosine = -1.0  # not computed yet: only a place disagreement or a late join needs it
        if features.key_places and self.places and features.key_places.isdisjoint(self.places):
            name_cosine = self.name_cosine(vector, names, shared)
            if name_cosine < _NAMES_AGREE:
                return -1.0, name_cosine, False
        # fsum is exactly rounded, so the order of the shared keys (a set's) cannot change the result
        product = math.fsum([vector[key] * centroid[key] for key in shared])
        late = day is not None and self.last_day is not None and day - self.last_day > window
        return (product / self.norm if self.norm else 0.0), name_cosine, late

    def name_cosine(self, vector: dict[str, float], names: float, shared: set[str] | None = None) -> float:
        """The cosine of the article's names with the story's (the ``@`` keys only); ``names`` is
        the norm of the article's name weights."""
        centroid = self.centroid
        if shared is None:
            shared = vector.keys() & centroid.keys()
        product = math.fsum([vector[key] * centroid[key] for key in shared if key[0] == "@"])
        if product <= 0.0:
            return 0.0
        if self.name_norm is None:
            self.name_norm = math.sqrt(math.fsum([w * w for key, w in centroid.items() if key[0] == "@"]))
        return product / (names * self.name_norm)

    def absorb(self, vector: dict[str, float], features: ArticleFeatures, clock: int | None) -> None:
        self.size += 1
        centroid = self.centroid
        for key, weight in vector.items():
            centroid[key] = centroid.get(key, 0.0) + weight
        if len(centroid) > 2 * _CENTROID_KEYS:
            kept = heapq.nlargest(_CENTROID_KEYS, centroid.items(), key=_weight)
            self.centroid = centroid = dict(kept)
        self.norm = math.hypot(*centroid.values())
        self.name_norm = None
        for place in sorted(features.places):
            self.places[place] = self.places.get(place, 0) + 1
        for year in sorted(features.years):
            self.years[year] = self.years.get(year, 0) + 1
        if features.dated_days:
            for day in sorted(features.dated_days):
                self.days[day] = self.days.get(day, 0) + 1
            if len(self.days) > 2 * _STORY_DAYS:
                self.days = dict(sorted(self.days.items(), key=lambda item: (-item[1], item[0]))[:_STORY_DAYS])
        day = features.day
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)
        active = day if day is not None and (clock is None or day > clock) else clock
        if active is not None:
            self.active_day = active if self.active_day is None else max(self.active_day, active)

    def defining_days(self) -> set[int]:
        """The days most of its articles date happenings to: the story's defining happening."""
        if not self.days:
            return set()
        most = max(self.days.values())
        return {day for day, n in self.days.items() if n == most and n >= 2}

    def compact(self, keys: int) -> None:
        """Keep only the ``keys`` heaviest keys of the centroid (a closed story's summary)."""
        if len(self.centroid) > keys:
            self.centroid = dict(heapq.nlargest(keys, self.centroid.items(), key=_weight))
            self.norm = math.hypot(*self.centroid.values())
            self.name_norm = None

    def index_keys(self) -> tuple[str, ...]:
        top = heapq.nlargest(_INDEX_KEYS, self.centroid.items(), key=_weight)
        return tuple(sorted(key for key, _ in top))

    def to_data(self) -> dict[str, Any]:
        return {"number": self.number, "key": self.key, "size": self.size, "first_day": self.first_day,
                "last_day": self.last_day, "active_day": self.active_day,
                "centroid": [[k, w] for k, w in self.centroid.items()],
                "places": [[k, n] for k, n in self.places.items()], "years": [[k, n] for k, n in self.years.items()],
                "days": [[k, n] for k, n in self.days.items()],
                "indexed": list(self.indexed)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> _Story:
        story = cls(int(data["number"]), str(data["key"]))
        story.size = int(data["size"])
        story.first_day, story.last_day, story.active_day = data["first_day"], data["last_day"], data["active_day"]
        story.centroid = {str(k): float(w) for k, w in data["centroid"]}
        story.norm = math.hypot(*story.centroid.values())
        story.indexed = tuple(str(k) for k in data["indexed"])
        story.places = {str(k): int(n) for k, n in data["places"]}
        story.years = {int(k): int(n) for k, n in data["years"]}
        story.days = {int(k): int(n) for k, n in data["days"]}
        return story


class StoryStream:
    """Online story clustering: ``add`` articles in publication order, get each one's story key.

    Only stories active within ``settings.story_window_days`` of the latest
    publication date seen are kept; ``state()`` / ``from_state`` save and resume.
    """

    def __init__(self, settings: Settings) -> None:
        for name in ("story_similarity", "story_join_similarity"):
            if not 0.0 <= getattr(settings, name) <= 1.0:
                raise SettingsError(name, f"must be between 0 and 1, not {getattr(settings, name)!r}")
        if settings.story_entity_weight <= 0:
            raise SettingsError("story_entity_weight", f"must be above 0, not {settings.story_entity_weight!r}")
        if settings.story_terms < 1:
            raise SettingsError("story_terms", f"must be at least 1, not {settings.story_terms!r}")
        self.settings = settings
        self._window = settings.story_window_days
        self._threshold = settings.story_join_similarity
        self._dated_threshold = settings.story_similarity
        self._entity_weight = settings.story_entity_weight
        self._max_keys = settings.story_terms
        self._archive_days = settings.story_archive_days
        self._clock: int | None = None
        self._latest: list[int] = []  # the _CLOCK_RANK latest publication days seen, oldest first
        self._seen = 0
        self._df: Counter[str] = Counter()
        self._n = 0
        self._next = 0
        self._stories: dict[int, _Story] = {}
        self._index: dict[str, set[int]] = {}
        self._archive: dict[int, _Story] = {}
        self._archive_index: dict[str, set[int]] = {}

    # --- the stream -------------------------------------------------------------

    def add(self, article: Article, annotation: Annotation) -> str:
        """Cluster one article; returns the key of the story it joined or started."""
        return self.add_features(article_features(article, annotation))

    def add_features(self, features: ArticleFeatures) -> str:
        """``add`` for features already computed (``article_features``)."""
        if features.day is not None:
            self._see(features.day)
        vector = self._vector(features.keys, features.names_from)
        names = math.sqrt(math.fsum([w * w for key, w in vector.items() if key[0] == "@"])) or 1.0
        assessed: dict[int, tuple[float, float, bool]] = {}
        query = heapq.nlargest(_QUERY_KEYS, vector.items(), key=_weight)
        open_candidates = self._candidates(query, self._index, self._stories)
        if features.day is None:
            # nothing dates an undated article against a story: open and closed ones compete
            closed = self._candidates(query, self._archive_index, self._archive)
            best = self._best(open_candidates + closed, vector, names, features, assessed, timed=True)
        else:
            best = self._best(open_candidates, vector, names, features, assessed, timed=True)
            if best is None:
                late = open_candidates + self._candidates(query, self._archive_index, self._archive, _LATE_CANDIDATES)
                best = self._best(late, vector, names, features, assessed, timed=False)
        if best is not None and best.number in self._archive:
            self._reopen(best)
        if best is None:
            best = _Story(self._next, story_key(features.article_id))
            self._next += 1
            self._stories[best.number] = best
        best.absorb(vector, features, self._clock)
        self._reindex(best)
        self._seen += 1
        if self._seen % _DF_PERIOD == 0:
            self._age()
        return best.key

    def _best(self, candidates: list[_Story], vector: dict[str, float], names: float, features: ArticleFeatures,
              assessed: dict[int, tuple[float, float, bool]], timed: bool) -> _Story | None:
        """The most similar candidate that passes the vetoes and its threshold (ties: the older).

        Open stories (``timed``): ``story_similarity`` for a dated story, the higher
        ``story_join_similarity`` for one of undated articles. Closed stories: an undated
        article (nothing dates it against the story) as open ones. A dated article that no
        open story takes may join a story its date keeps it from (a long tail of the
        story, or an article whose date is wrong: the story's dating then judges it) from
        ``_LATE_SIMILARITY``, or from ``story_similarity`` when their names agree
        (``_LATE_NAMES``) or the article dates the story's defining happening to its day
        (``_Story.defining_days``: "the March 26 collapse" of the bridge, weeks later)."""
        best: _Story | None = None
        best_score = -1.0
        late = not timed and features.day is not None
        for story in candidates:
            if story.number not in assessed:
                assessed[story.number] = story.assess(vector, names, features, self._window)
            score, name_cosine, too_late = assessed[story.number]
            if timed and too_late:
                continue
            if story.last_day is None:
                threshold = self._threshold
            elif late:
                threshold = self._dated_threshold
                if score < _LATE_SIMILARITY and features.dated_days.isdisjoint(story.defining_days()) and \
                        (name_cosine if name_cosine >= 0 else story.name_cosine(vector, names)) < _LATE_NAMES:
                    continue
            else:
                threshold = self._dated_threshold
            if score >= threshold and (score > best_score or (score == best_score and story.number < best.number)):
                best, best_score = story, score
        return best

    def _reopen(self, story: _Story) -> None:
        """Move a closed story back among the open ones."""
        del self._archive[story.number]
        self._unindex(story, self._archive_index)
        self._stories[story.number] = story
        for key in story.indexed:
            self._index.setdefault(key, set()).add(story.number)
        if self._clock is not None:
            story.active_day = max(story.active_day or self._clock, self._clock)

    @staticmethod
    def _unindex(story: _Story, index: dict[str, set[int]]) -> None:
        for key in story.indexed:
            postings = index.get(key)
            if postings is None:
                continue
            postings.discard(story.number)
            if not postings:
                del index[key]

    @property
    def closed_stories(self) -> int:
        """How many closed stories are kept (in the archive)."""
        return len(self._archive)

    @property
    def open_stories(self) -> int:
        """How many stories are open (in the active set)."""
        return len(self._stories)

    # --- state ------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything needed to resume, as plain JSON-able data."""
        return {"version": _STATE_VERSION, "clock": self._clock, "latest": list(self._latest), "seen": self._seen,
                "n": self._n,
                "next": self._next, "df": [[k, n] for k, n in self._df.items()],
                "stories": [story.to_data() for story in self._stories.values()],
                "archive": [story.to_data() for story in self._archive.values()]}

    @classmethod
    def from_state(cls, data: Mapping[str, Any], settings: Settings) -> StoryStream:
        """A stream that goes on from ``state()``'s data."""
        if not isinstance(data, Mapping) or data.get("version") != _STATE_VERSION:
            version = data.get("version") if isinstance(data, Mapping) else None
            raise StoreError("story stream state", f"layout version {version!r} is not {_STATE_VERSION}; "
                             "rebuild the stories from the articles")
        stream = cls(settings)
        try:
            stream._clock, stream._seen, stream._n, stream._next = \
                data["clock"], int(data["seen"]), int(data["n"]), int(data["next"])
            stream._latest = [int(day) for day in data["latest"]]
            stream._df = Counter({str(k): int(n) for k, n in data["df"]})
            for item in data["stories"]:
                story = _Story.from_data(item)
                stream._stories[story.number] = story
                for key in story.indexed:
                    stream._index.setdefault(key, set()).add(story.number)
            for item in data["archive"]:
                story = _Story.from_data(item)
                stream._archive[story.number] = story
                for key in story.indexed:
                    stream._archive_index.setdefault(key, set()).add(story.number)
        except (KeyError, TypeError, ValueError) as error:
            raise StoreError("story stream state", f"is damaged ({type(error).__name__}: {error}); "
                             "rebuild the stories from the articles") from None
        return stream

    # --- internals --------------------------------------------------------------

    def _vector(self, keys: Mapping[str, int], names_from: int) -> dict[str, float]:
        """The article's unit vector: (1 + log count) * IDF, names weighted more, heaviest keys only.

        The IDF is scikit-learn's smoothed one over the articles seen so far, this one included.
        """
        if not keys:
            self._n += 1
            return {}
        df = self._df
        df.update(keys.keys())  # Counter.update counts each key once, in C
        self._n += 1
        names = list(keys)
        seen = np.fromiter(map(df.__getitem__, names), dtype=np.float64, count=len(names))
        counts = np.fromiter(keys.values(), dtype=np.float64, count=len(names))
        weights = (math.log(self._n + 1) + 1.0 - np.log1p(seen)) * (1.0 + np.log(counts))
        weights[names_from:] *= self._entity_weight
        order = np.argsort(-weights, kind="stable")[: self._max_keys]
        top = weights[order]
        top /= math.sqrt(float(top @ top)) or 1.0
        return dict(zip([names[i] for i in order.tolist()], top.tolist()))

    def _candidates(self, query: list[tuple[str, float]], index: dict[str, set[int]],
                    stories: dict[int, _Story], count: int = _CANDIDATES) -> list[_Story]:
        """The ``count`` stories of ``index`` that share the most weight of the article's ``query`` keys."""
        if not index:
            return []
        hits: dict[int, float] = {}
        for key, weight in query:
            postings = index.get(key, ())
            if len(postings) > _MAX_POSTINGS:
                continue  # a key this many closed stories have tells none of them apart
            for number in postings:
                hits[number] = hits.get(number, 0.0) + weight
        if len(hits) > count:
            numbers = [n for n, _ in heapq.nsmallest(count, hits.items(), key=_hits_order)]
        else:
            numbers = sorted(hits)
        return [stories[n] for n in numbers]

    def _reindex(self, story: _Story) -> None:
        """Index the story under its centroid's heaviest keys: after each of its first
        ``_REINDEX_EVERY`` articles, then after every ``_REINDEX_EVERY``-th."""
        if story.size > _REINDEX_EVERY and story.size % _REINDEX_EVERY:
            return
        keys = story.index_keys()
        if keys == story.indexed:
            return
        old, new = set(story.indexed), set(keys)
        index = self._index
        for key in old - new:
            postings = index[key]
            postings.discard(story.number)
            if not postings:
                del index[key]
        for key in new - old:
            index.setdefault(key, set()).add(story.number)
        story.indexed = keys

    def _see(self, day: int) -> None:
        """Count a publication day; move the clock when the ``_CLOCK_RANK``-th latest one moves
        (before that many days are seen, the clock is the earliest of them)."""
        latest = self._latest
        if len(latest) == _CLOCK_RANK and day <= latest[0]:
            return
        latest.append(day)
        latest.sort()
        if len(latest) > _CLOCK_RANK:
            del latest[0]
        if self._clock is None or latest[0] > self._clock:
            self._advance(latest[0])

    def _advance(self, day: int) -> None:
        """Move the clock to ``day``: close the stories idle for longer than the window (they
        go to the archive) and forget the closed ones idle for longer than
        ``story_archive_days``."""
        if self._clock is None:
            for story in self._stories.values():
                if story.active_day is None:
                    story.active_day = day
        self._clock = day
        horizon = day - self._window
        closed = [story for story in self._stories.values()
                  if story.active_day is not None and story.active_day < horizon]
        for story in closed:
            self._unindex(story, self._index)
            del self._stories[story.number]
            story.compact(_ARCHIVED_KEYS)
            self._archive[story.number] = story
            for key in story.indexed:
                self._archive_index.setdefault(key, set()).add(story.number)
        forgotten = [story for story in self._archive.values() if story.active_day < day - self._archive_days]
        if len(self._archive) - len(forgotten) > _ARCHIVE_MAX:
            by_age = sorted(self._archive.values(), key=lambda story: (story.active_day, story.number))
            forgotten = by_age[:len(self._archive) - _ARCHIVE_MAX]
        for story in forgotten:
            self._unindex(story, self._archive_index)
            del self._archive[story.number]

    def _age(self) -> None:
        """Halve the document frequencies, forgetting keys that fall to zero."""
        self._df = Counter({key: n // 2 for key, n in self._df.items() if n > 1})
        self._n //= 2


def publication_day(article: Article) -> date | None:
    """The date a stream places an article at: its publication date, else the end of its inferred window."""
    return article.published or (article.inferred.end if article.inferred else None)
