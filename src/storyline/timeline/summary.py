"""Which sentences sum up a date: the most central ones, verbatim, without repeating each other.

The candidates are the date's sources: the sentences that date it and those attached
to it (``evidence.attach_undated``). Each is compared with what the *other* articles
say about the date (the sum of their unit-length vectors of the dated clauses, so that
every article weighs the same however many sentences it devotes), or with its own
article's when it is the only one; then discounted by ``summary_discount``. Only
sentences that match the query (when there is one) are candidates.

Sentences are taken best first, skipping any that says nearly what an already chosen
sentence of the timeline says; the first of a date's sentences is the best one that
dates the day itself, when there is one, so that the line says its own date.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

from ..link.similarity import TermWeights, add_vectors, cosine, dot, norm, unit
from ..model import Sentence
from .evidence import Mention

#: Sentences longer than this many words make poor one-line summaries ...
SUMMARY_WORDS = 45
#: ... and those longer than this (a headline glued to a byline and a first sentence),
#: shorter than this, or not a statement (``is_statement``) sum a date up only when no
#: other sentence can: their score is multiplied by ``UNFIT_FACTOR``.
MAX_SUMMARY_WORDS = 60
MIN_SUMMARY_WORDS = 5
UNFIT_FACTOR = 0.01
#: Later sentences count less: a sentence's score is divided by 1 + this times its position.
POSITION_DECAY = 0.02
QUOTE_MARKS = frozenset('"“‘«\'`')
#: A sentence at least this similar to one already chosen adds nothing new.
REDUNDANT_SIMILARITY = 0.5
#: A sentence published before the day it dates announces rather than reports: it counts this much.
ANNOUNCED_FACTOR = 0.5

_STATEMENT_END = re.compile(r"[.!]\s*(?:''|[\"'”’»)\]]|-RRB-)*\s*$")


def is_statement(text: str) -> bool:
    """Whether ``text`` reads as a whole declarative sentence: it ends with a full stop or an
    exclamation mark (a closing quote or bracket may follow), not with a question mark or
    without any, as a dateline, a headline or a caption fragment does."""
    return _STATEMENT_END.search(text) is not None


def summary_discount(text: str, position: int, dates: int) -> float:
    """Less for sentences that also date other things, that open with a quotation (reaction
    rather than report), that run long, or that come late in their article (news puts the
    main facts first)."""
    factor = 1.0 / max(1, dates)
    if text[:1] in QUOTE_MARKS:
        factor *= 0.5
    words = len(text.split())
    if words > SUMMARY_WORDS:
        factor *= 0.5
    if not MIN_SUMMARY_WORDS <= words <= MAX_SUMMARY_WORDS or not is_statement(text):
        factor *= UNFIT_FACTOR
    return factor / (1 + POSITION_DECAY * position)


def rank_sentences(mentions: Sequence[Mention], text_of: Callable[[str, int], str],
                   sentences: Mapping[tuple[str, int], Sentence], dates_in: Mapping[tuple[str, int], int],
                   weights: TermWeights, eligible: Callable[[str, int], bool],
                   factor: Callable[[Mention], float] = lambda mention: 1.0) -> list[tuple[float, Mention]]:
    """The eligible mentions of one date with their scores, best first (ties: first in story order).

    ``mentions`` are unique by sentence, in story order; ``dates_in`` counts the dates
    each sentence names; ``factor`` weighs each mention further.
    """
    per_article: dict[str, dict[str, float]] = {}
    for mention in mentions:
        if mention.explicit:
            total = per_article.setdefault(mention.article_id, {})
            for term, weight in mention.vector.items():
                total[term] = total.get(term, 0.0) + weight
    centroids = {article_id: unit(vector) for article_id, vector in per_article.items()}
    everyone = add_vectors(centroids.values())
    everyone_squared = dot(everyone, everyone)
    # |everyone - own|, for comparing with the other articles without building their sum.
    others_norm = {article_id: math.sqrt(max(everyone_squared - 2 * dot(everyone, c) + dot(c, c), 0.0))
                   for article_id, c in centroids.items()}

    ranked = []
    for position, mention in enumerate(mentions):
        key = (mention.article_id, mention.sentence)
        if not eligible(*key):
            continue
        text = text_of(*key)
        vector = weights.vector(sentences[key].terms)
        length = norm(vector)
        own = centroids.get(mention.article_id)
        if len(centroids) > 1 and own is not None and others_norm[mention.article_id] and length:
            similarity = (dot(vector, everyone) - dot(vector, own)) / (length * others_norm[mention.article_id])
        else:
            similarity = cosine(vector, everyone)
        score = similarity * summary_discount(text, sentences[key].index, dates_in.get(key, 0)) * factor(mention)
        ranked.append((score, -position, mention))
    ranked.sort(key=lambda item: item[:2], reverse=True)
    return [(score, mention) for score, _, mention in ranked]


def choose_sentences(ranked: Sequence[tuple[float, Mention]], count: int, chosen: list[dict[str, float]],
                     text_of: Callable[[str, int], str],
                     vector_of: Callable[[str, int], dict[str, float]]) -> list[Mention]:
    """Up to ``count`` of ``ranked``, none nearly repeating another or one in ``chosen`` (the
    vectors of sentences already in the timeline, which this extends): the best sentence that
    dates the day itself first, when there is one, then the others best first."""
    picked: list[Mention] = []
    texts = set()
    first_explicit = next(([item] for item in ranked if item[1].explicit), [])
    for _, mention in first_explicit + list(ranked):
        if len(picked) == count:
            break
        text = text_of(mention.article_id, mention.sentence)
        vector = vector_of(mention.article_id, mention.sentence)
        if text in texts or any(cosine(vector, other) >= REDUNDANT_SIMILARITY for other in chosen):
            continue
        picked.append(mention)
        texts.add(text)
        chosen.append(vector)
    return picked
