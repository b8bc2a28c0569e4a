"""The same quote in several articles: group ``Quote`` records of a story into ``StoryQuote``s.

Needs: each article's quotes (``find_quotes``), keyed by article id. Adds: one
``StoryQuote`` per distinct quote, with every article's content segments as sources.

Two quotes are the same when, after normalising case, punctuation, quote marks,
ellipses and bracketed insertions ("[Israeli]"), the words of one are (almost) all a
contiguous run of the other's: an exact repeat, a near-exact one, or a shorter excerpt
of a longer quote. Candidates are found through an index of word shingles, so a story
of a few hundred articles is not compared pair by pair.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..model import Quote, SourceSpan, SpeakerType, StoryQuote

#: Words in a row that index a quote; two quotes sharing none are never compared.
SHINGLE = 3
#: Share of the shorter quote's words that must appear, in order, in the longer one.
MIN_CONTAINED = 0.85
#: A quote shorter than this many words only matches a quote with the same words.
MIN_EXCERPT_WORDS = 5

_BRACKETED = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPEAKER_RANK = {"person": 5, "organization": 4, "outlet": 3, "group": 2, "anonymous": 1, "unknown": 0}


def normalise(text: str) -> tuple[str, ...]:
    """The words of a quote, lower-cased, with brackets, quote marks, ellipses and other
    punctuation taken out, and curly apostrophes made straight."""
    text = _BRACKETED.sub(" ", text).replace("’", "'").replace("‘", "'")
    return tuple(word.lower() for word in _WORD.findall(text))


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) < SHINGLE:
        return {words} if words else set()
    return {words[i:i + SHINGLE] for i in range(len(words) - SHINGLE + 1)}


def _contained(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    """The share of ``short``'s words found, in order, in ``long`` (a longest common
    subsequence, so a dropped word or an ellipsis costs little)."""
    if not short:
        return 0.0
    if len(short) * len(long) > 250_000:  # very long quotes: compare their shingles instead
        shingles = _shingles(short)
        return len(shingles & _shingles(long)) / len(shingles)
    previous = [0] * (len(long) + 1)
    for word in short:
        current = [0]
        for j, other in enumerate(long):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(short)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_EXCERPT_WORDS:
        return False
    # The words in common bound the common subsequence: most pairs stop here, before the
    # quadratic comparison.
    if sum((Counter(short) & Counter(long)).values()) < MIN_CONTAINED * len(short):
        return False
    return _contained(short, long) >= MIN_CONTAINED


def _speaker(quotes: Sequence[Quote]) -> tuple[str | None, SpeakerType]:
    """The best-resolved speaker: a person's full name first, then the most common one."""
    named = [q for q in quotes if q.speaker]
    if not named:
        return None, "unknown"
    counts = Counter(q.speaker for q in named)
    best = max(named, key=lambda q: (_SPEAKER_RANK.get(q.speaker_type, 0), len(q.speaker.split()),
                                     counts[q.speaker], len(q.speaker)))
    return best.speaker, best.speaker_type


def group_quotes(quotes_by_article: Mapping[str, Sequence[Quote]]) -> tuple[StoryQuote, ...]:
    """One ``StoryQuote`` per distinct quote across the articles, in order of first
    appearance (article order, then position). Quotes with different speakers are kept
    apart when both speakers are resolved and differ."""
    items: list[tuple[str, Quote, tuple[str, ...]]] = []
    for article_id, quotes in quotes_by_article.items():
        for quote in quotes:
            words = normalise(quote.text)
            if words:
                items.append((article_id, quote, words))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (_, _, words) in enumerate(items):
        candidates: set[int] = set()
        shingles = _shingles(words)
        for shingle in shingles:
            candidates.update(index[shingle])
        for j in candidates:
            if find(i) == find(j) or not _compatible(items[i][1], items[j][1]):
                continue
            if _same(words, items[j][2]):
                parent[find(i)] = find(j)
        for shingle in shingles:
            bucket = index[shingle]
            if len(bucket) < 200:  # a very common phrase tells nothing
                bucket.append(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    result = []
    for members in sorted(groups.values(), key=min):
        quotes = [items[i][1] for i in members]
        longest = max(quotes, key=lambda q: (len(normalise(q.text)), len(q.text)))
        speaker, speaker_type = _speaker(quotes)
        kinds = {q.kind for q in quotes}
        kind = "direct" if "direct" in kinds else ("mixed" if "mixed" in kinds else "reported")
        sources = tuple(
            SourceSpan(article_id=items[i][0], start=segment.start, end=segment.end, text=segment.text)
            for i in members for segment in items[i][1].content)
        result.append(StoryQuote(speaker=speaker, speaker_type=speaker_type, text=longest.text, kind=kind,
                                 sources=sources, cue=longest.cue.text if longest.cue is not None else None))
    return tuple(result)


def _compatible(a: Quote, b: Quote) -> bool:
    """Two quotes can be one unless both name a person and the persons differ."""
    if a.speaker_type == "person" and b.speaker_type == "person" and a.speaker and b.speaker:
        first, second = a.speaker.lower().split(), b.speaker.lower().split()
        return first[-1] == second[-1]
    return True
