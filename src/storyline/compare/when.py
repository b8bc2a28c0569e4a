"""Date claims: the day an article says a happening took place.

Needs a parsed ``Doc`` of the cleaned article text and the article's ``TimeExpression``
records (``annotate``: resolved to ISO dates); adds ``ClaimMention`` records of kind
``date`` ("An Israeli airstrike on April 1 killed Mohammad Reza Zahedi": the killing of
Zahedi, 2024-04-01).

A resolved date becomes a claim only when it dates a happening that another article
could date differently *and still mean the same happening*. Dates are what tell two
look-alike happenings apart (two strikes on Damascus a month apart are two strikes,
not a disagreement), so a bare "a strike in Syria on Monday" is no claim. Two anchors
make one:

* a named person killed, arrested, released or captured ("killed Zahedi on April 1",
  "Zahedi was killed ... on April 1", "an airstrike on April 1 killed Zahedi"): a
  person dies once, and an article that dates it otherwise disagrees;
* the kind of place an attack hit, with where it is ("an attack on its consulate in
  Syria on April 1st"): the strike on the consulate in Syria.

``about`` follows the grammar ``align`` reads::

    date of the <event> of <person>
    date of the strike on the <facility> in <place>[, <place>]

where a diplomatic facility ("embassy", "consulate") is written "diplomatic mission".

``value`` is the time expression's resolved ISO date (a day or a month), or ``""``
when the annotation could not resolve it yet: an undated article's "April 1" is
resolved later, once the story dates the article (``link.infer_publication_windows``),
so ``align.compare_claims`` reads each date claim's value again from the final time
expressions.

The time expression must modify the happening itself: its verb ("killed ... on
Monday"), its noun ("the April 1 strike", "an attack ... on April 1st"), not another
clause of the sentence ("Debris is cleared away after an attack ..., on Monday" dates
the clearing). ``align`` reads values as ranges of days, allowing a day either way for
overnight happenings and time zones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..model import ClaimMention, TimeExpression
from .mentions import ATTACK_NOUNS, ATTACK_VERBS, FACILITY_WORDS, PLACE_KINDS, _places_under

#: Verbs whose named person is the happening's anchor, and the event word ``about`` uses.
PERSON_EVENTS: dict[str, str] = {
    "kill": "killing", "assassinate": "killing", "slay": "killing", "murder": "killing", "execute": "killing",
    "arrest": "arrest", "detain": "arrest", "release": "release", "free": "release",
    "capture": "capture", "kidnap": "capture", "abduct": "capture",
}
#: Facility kinds read as one: "the embassy compound" and "its consulate" can be one
#: building (whether it was the embassy or the consulate is the ``target`` claim's business).
DIPLOMATIC = frozenset({"embassy", "consulate", "diplomatic"})
_TIME_PREPS = frozenset({"on", "in", "at", "during", "since", "by"})


def find_date_mentions(doc: Doc, times: Sequence[TimeExpression], article_id: str,
                       sentence_of: Sequence[int]) -> list[ClaimMention]:
    """The date claims of one article (see the module docstring), in text order."""
    mentions = []
    for time in times:
        if time.timex_type != "DATE" or (time.value is not None and len(time.value) not in (7, 10)):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        dated = _dated_word(span)
        if dated is None:
            continue
        about = _about(dated)
        if about is None:
            continue
        start, end = min(time.start, dated.idx), max(time.end, dated.idx + len(dated.text))
        mentions.append(ClaimMention(
            article_id=article_id, kind="date", about=about, start=start, end=end, text=doc.text[start:end],
            sentence=sentence_of[span.root.i], value=time.value or ""))
    return mentions


def _dated_word(span: Span) -> Token | None:
    """The verb or noun a time expression modifies: "killed ... on Monday" gives "killed",
    "the April 1 strike" and "an attack ... on April 1st" give the noun."""
    root = span.root
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ in _TIME_PREPS:
        return root.head.head
    if root.dep_ in ("npadvmod", "tmod"):
        return root.head
    if root.dep_ in ("compound", "nmod", "poss", "amod") and root.head.pos_ == "NOUN":
        return root.head
    return None


def _about(word: Token) -> str | None:
    lemma = word.lemma_.lower()
    if word.pos_ in ("VERB", "AUX"):
        if lemma in PERSON_EVENTS:
            person = _person(_objects(word))
            return f"date of the {PERSON_EVENTS[lemma]} of {person}" if person else None
        if lemma in ATTACK_VERBS:
            return _strike_about(_objects(word))
        return None
    if word.pos_ == "NOUN" and lemma in ATTACK_NOUNS:
        # "an airstrike on April 1 killed Zahedi": the strike's victim dates the killing
        verb = word.head
        if word.dep_ == "nsubj" and verb.lemma_.lower() in ("kill", "assassinate", "slay"):
            person = _person(_objects(verb))
            if person:
                return f"date of the killing of {person}"
        if lemma == "killing":
            person = _person(_prep_objects(word, ("of",)))
            return f"date of the killing of {person}" if person else None
        return _strike_about(_prep_objects(word, ("on", "against", "at")))
    return None


def _objects(verb: Token) -> list[Token]:
    """What a verb acts on: its object or passive subject, or else a name right after it
    ("killed Mohammad Reza Zahedi, ..., and his deputy" can leave the name unattached)."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not found and verb.i + 1 < len(verb.doc) and verb.nbor(1).ent_iob_ == "B":
        found.append(verb.nbor(1))
    return found


def _prep_objects(word: Token, preps: Iterable[str]) -> list[Token]:
    return [p for c in word.children if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children if p.dep_ == "pobj"]


def _person(tokens: Iterable[Token]) -> str | None:
    """The full name of the first named person among ``tokens`` (as the entity is written)."""
    for token in tokens:
        for candidate in (token, *(c for c in token.children if c.dep_ == "conj")):
            if candidate.ent_type_ == "PERSON":
                for entity in candidate.doc.ents:
                    if entity.label_ == "PERSON" and entity.start <= candidate.i < entity.end:
                        return entity.text
    return None


def _strike_about(targets: Iterable[Token]) -> str | None:
    """"date of the strike on the diplomatic mission in Damascus, Syria": the kind of place
    hit and where it is."""
    for noun in targets:
        kinds = [c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod") and c.lower_ in PLACE_KINDS]
        lemma = noun.lemma_.lower()
        if lemma in PLACE_KINDS:
            kinds.append(lemma)
        if not kinds or lemma not in FACILITY_WORDS:
            continue
        places = [name for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                  for name in _places_under(prep)]
        if places:
            kind = PLACE_KINDS[kinds[0]]
            facility = "diplomatic mission" if kind in DIPLOMATIC else kind
            return f"date of the strike on the {facility} in {' and '.join(places)}"
    return None
