"""Near-duplicates: syndicated copies, reprints and re-posts of one article.

``mark_duplicates`` is the stage. It needs cleaned articles (``Article.text``,
``Article.published``) and adds ``duplicate_of`` and ``duplicate_similarity`` to
every article that repeats an earlier one; later stages count the two as one report.

How two articles are compared
    Each text becomes a set of *shingles*: runs of ``SHINGLE_WORDS`` (5)
    consecutive normalised words (NFKC, case-folded, dashes and slashes read as
    spaces, other punctuation and symbols deleted, so ``U.S.`` and ``US`` agree).
    On the bundled examples (scores as defined below), a syndicated copy of example
    004 scores 0.903 and a copy of that copy 0.853, while the closest two different
    reports of the same event (000 and 001, both on the April 1 strike, both citing
    Axios) score 0.025. The gap between the two is widest with 5-grams (and 6-grams):
    with single words the look-alikes score 0.54, with 2-grams 0.21, with 3-grams
    0.09, while longer shingles lose more of a copy to each edited word. A text of
    fewer than five words is one shingle, the whole text, so it equals only an
    identical text; a text with no words at all is never a duplicate.

    The *score* of a pair is the larger of

    - their Jaccard similarity, ``|A ∩ B| / |A ∪ B|``, and
    - the containment of the smaller set in the larger, ``|A ∩ B| / min(|A|, |B|)``,
      when the smaller has at least ``MIN_CONTAINED_SHINGLES`` shingles,

    computed exactly from the two shingle sets (as 32-bit shingle hashes). Containment
    finds the reprint that keeps only the first paragraphs of a long wire story,
    whose Jaccard similarity falls with its length; the floor keeps a two-line brief
    from being a copy of every longer article that happens to repeat it. A pair is a
    duplicate when its score reaches ``Settings.duplicate_threshold`` (and it shares
    at least one shingle).

Finding the pairs without comparing all of them
    Each shingle set gets a MinHash (datasketch, ``NUM_PERM`` permutations, seed
    ``SEED``). A ``MinHashLSH`` index at the threshold proposes pairs whose Jaccard
    similarity may reach it, and a ``MinHashLSHEnsemble`` index proposes pairs
    whose containment may reach it. Both are tuned to miss little (false negatives
    weigh ``LSH_WEIGHTS[1]``), because every proposed pair is checked exactly.
    Time and memory grow with the number of articles, not with the number of pairs:
    on 10,000 synthetic articles of 200 to 900 words, about 2.4 ms and 65 KB per
    article (55 KB of it the Ensemble index), and 3,800 false candidates (0.008% of
    the pairs), rejected in well under a second.

Who is the original
    Articles are taken from the earliest published to the latest (unknown dates
    last, ties in input order); each joins the group found earlier that it links to
    best, when that link reaches the threshold (ties go to the earlier original),
    and otherwise starts a group of its own. A link to a group is the article's
    score against the group's original or its Jaccard similarity to a copy already
    in the group, so a copy of a copy joins the first original even after it has
    drifted below the threshold from it. Containment links only to the original
    itself, and groups never merge, so a long round-up that holds two different
    stories joins one of them and does not bridge the two. Each group's original is
    its earliest article; every copy names the original itself, never another copy,
    and its ``duplicate_similarity`` is its own score against that original, rounded
    to three decimals (below the threshold only for a copy that joined through a copy).
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import regex
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
from datasketch.hashfunc import sha1_hash32

from storyline.model import Article
from storyline.settings import Settings

#: Words per shingle (the setting's "word 5-grams").
SHINGLE_WORDS = 5
#: MinHash permutations: a Jaccard estimate's standard error is about 0.04 at 0.7.
NUM_PERM = 128
#: MinHash seed, fixed so that the same articles always give the same candidates.
SEED = 1
#: Containment counts only when the smaller text has at least this many shingles
#: (about 34 words, a short paragraph).
MIN_CONTAINED_SHINGLES = 30
#: Weights of false positives and false negatives when datasketch chooses the LSH
#: bands: candidates are confirmed exactly, so a missed pair costs more than an extra
#: one. At threshold 0.7 this finds 92% of pairs at Jaccard 0.7 and 99.8% at 0.8.
LSH_WEIGHTS = (0.1, 0.9)
#: Size partitions of the LSH Ensemble (containment) index.
ENSEMBLE_PARTITIONS = 8
#: Set sizes given to the LSH Ensemble are rounded to this many steps per doubling
#: (about 4%): choosing its partitions takes time quadratic in the number of distinct
#: sizes. Indexed sizes are rounded up and query sizes down, which can only add
#: candidates.
SIZE_STEPS = 16
#: datasketch cannot band an index for thresholds close to 1; the indexes use at most
#: this, and pairs are still confirmed against the real threshold.
MAX_INDEX_THRESHOLD = 0.95

_SPACE_LIKE = regex.compile(r"[\p{Pd}/]+")
_PUNCTUATION = regex.compile(r"[\p{P}\p{S}]+")


def normalise_words(text: str) -> list[str]:
    """The words of ``text`` as shingling sees them: ``"U.S.-led"`` → ``["us", "led"]``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SPACE_LIKE.sub(" ", text)
    return _PUNCTUATION.sub("", text).split()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of ``text``: the whole text when it is shorter."""
    words = normalise_words(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _fingerprint(text: str) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of the shingles of ``text``."""
    hashes = [sha1_hash32(shingle.encode("utf-8")) for shingle in shingles(text)]
    return np.unique(np.array(hashes, dtype=np.uint64))


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Jaccard similarity of two fingerprints, and containment of the smaller in the larger
    (0 when the smaller has fewer than ``MIN_CONTAINED_SHINGLES`` shingles)."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    smaller = min(len(a), len(b))
    containment = common / smaller if smaller >= MIN_CONTAINED_SHINGLES else 0.0
    return common / (len(a) + len(b) - common), containment


def _score(a: np.ndarray, b: np.ndarray) -> float:
    """The score of a pair of fingerprints: the larger of Jaccard similarity and containment."""
    return max(_overlap(a, b))


def _minhashes(fingerprints: Iterable[np.ndarray]) -> list[MinHash]:
    # The fingerprints are already 32-bit hashes, so the MinHash hash function is int.
    return list(MinHash.generator(fingerprints, num_perm=NUM_PERM, seed=SEED, hashfunc=int))


def _size_class(size: int, *, up: bool) -> int:
    """``size`` rounded up or down to the next of ``SIZE_STEPS`` sizes per doubling."""
    steps = math.log2(size) * SIZE_STEPS
    exponent = (math.ceil(steps) if up else math.floor(steps)) / SIZE_STEPS
    return max(1, math.ceil(2 ** exponent) if up else math.floor(2 ** exponent))


def _candidate_pairs(fingerprints: Sequence[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that the LSH indexes say may reach ``threshold``."""
    present = [i for i, fingerprint in enumerate(fingerprints) if len(fingerprint)]
    if len(present) < 2:
        return set()
    index_threshold = min(threshold, MAX_INDEX_THRESHOLD)
    minhashes = dict(zip(present, _minhashes(fingerprints[i] for i in present)))
    pairs: set[tuple[int, int]] = set()

    similar = MinHashLSH(threshold=index_threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    with similar.insertion_session() as session:
        for i in present:
            session.insert(i, minhashes[i], check_duplication=False)
    for i in present:
        pairs.update((i, j) for j in similar.query(minhashes[i]) if i < j)

    large = [i for i in present if len(fingerprints[i]) >= MIN_CONTAINED_SHINGLES]
    if len(large) >= 2:
        containing = MinHashLSHEnsemble(threshold=index_threshold, num_perm=NUM_PERM,
                                        num_part=ENSEMBLE_PARTITIONS, weights=LSH_WEIGHTS)
        containing.index([(i, minhashes[i], _size_class(len(fingerprints[i]), up=True)) for i in large])
        for i in large:
            found = containing.query(minhashes[i], _size_class(len(fingerprints[i]), up=False))
            pairs.update((min(i, j), max(i, j)) for j in found if i != j)
    return pairs


def _publication_order(articles: Sequence[Article]) -> list[int]:
    """Input positions from the earliest published to the latest; unknown dates last."""
    def key(position: int) -> tuple[bool, date, int]:
        published = articles[position].published
        return (published is None, published or date.min, position)
    return sorted(range(len(articles)), key=key)


def _group(fingerprints: Sequence[np.ndarray], neighbours: dict[int, list[int]], order: Sequence[int],
           threshold: float) -> dict[int, tuple[int, float]]:
    """The copies among the articles, each with its original and its score against it.

    Articles are taken in ``order`` (earliest first). One joins the group it links to
    best, if that link reaches ``threshold``: a link is its score against the group's
    original, or its Jaccard similarity to a copy already in the group (a copy of a
    copy). Containment links only to the original itself, so that a round-up holding
    two stories does not bridge their groups.
    """
    rank = {position: index for index, position in enumerate(order)}
    originals: dict[int, tuple[int, float]] = {}
    for position in sorted(neighbours, key=rank.__getitem__):
        mine = fingerprints[position]
        links: dict[int, float] = {}
        for other in neighbours[position]:
            if rank[other] > rank[position]:
                continue
            group = originals[other][0] if other in originals else other
            if group not in links:
                links[group] = _score(mine, fingerprints[group])
            if other != group:
                links[group] = max(links[group], _overlap(mine, fingerprints[other])[0])
        best = max(links, key=lambda group: (links[group], -rank[group]), default=None)
        if best is not None and links[best] > 0.0 and links[best] >= threshold:
            originals[position] = (best, _score(mine, fingerprints[best]))
    return originals


def mark_duplicates(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """Every article, in input order, each copy marked with the original it repeats.

    Needs ``Article.text`` and ``Article.published``; adds ``duplicate_of`` (the id of
    the group's original) and ``duplicate_similarity`` (the pair's score, 3 decimals)
    to the copies, as new records. Originals come back as the same objects, unless
    they carried a ``duplicate_of`` from an earlier run, which is cleared. The module
    docstring says how pairs are found, scored and grouped.
    """
    threshold = settings.duplicate_threshold
    fingerprints = [_fingerprint(article.text) for article in articles]
    neighbours: dict[int, list[int]] = {}
    for i, j in _candidate_pairs(fingerprints, threshold):
        neighbours.setdefault(i, []).append(j)
        neighbours.setdefault(j, []).append(i)

    order = _publication_order(articles)
    originals = _group(fingerprints, neighbours, order, threshold)

    marked: list[Article] = []
    for position, article in enumerate(articles):
        if position in originals:
            group, score = originals[position]
            marked.append(dataclasses.replace(article, duplicate_of=articles[group].id,
                                              duplicate_similarity=round(score, 3)))
        elif article.duplicate_of is not None or article.duplicate_similarity is not None:
            marked.append(dataclasses.replace(article, duplicate_of=None, duplicate_similarity=None))
        else:
            marked.append(article)
    return marked
