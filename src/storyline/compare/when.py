"""Date and duration claims: the day an article says a happening took place, and how long it lasted.

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

Durations (kind ``duration``, ``find_duration_mentions``) are read the same way, from
the ``DURATION`` time expressions the annotation gives a number ("five hours": PT5H),
and only with an anchor:

* an event noun with who or where: "the 12-hour siege of the hotel in Nairobi", "the
  Iranian attack on Israel lasted five hours";
* a named person held or sentenced: "detained John Smith for 10 days", "sentenced
  Maria Lopez to 12 years".

``about``::

    duration of the <event>[ by <agent>][ in <place>]
    duration of the <detention|sentence> of <person>

``value`` is the duration in words ("12 hours", "> 3 days"); ``low``/``high`` bound it in
hours. A running span ("for the past three weeks", "has lasted") is not a claim: it
grows while the story goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..model import ClaimMention, TimeExpression
from .mentions import ATTACK_NOUNS, ATTACK_VERBS, FACILITY_WORDS, PLACE_KINDS, entity_name, places_under

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
                  for name in places_under(prep)]
        if places:
            kind = PLACE_KINDS[kinds[0]]
            facility = "diplomatic mission" if kind in DIPLOMATIC else kind
            return f"date of the strike on the {facility} in {' and '.join(places)}"
    return None


# -- durations -----------------------------------------------------------------------------

#: Nouns of a happening whose length an article may give.
DURATION_NOUNS = frozenset({
    "siege", "standoff", "attack", "assault", "offensive", "bombardment", "barrage", "raid", "battle", "fighting",
    "clash", "blackout", "outage", "shutdown", "curfew", "ceasefire", "truce", "lockdown", "strike", "protest",
    "sit-in", "occupation", "hostage", "crisis", "search", "rescue", "operation", "flight", "journey", "march",
    "hearing", "trial", "debate", "visit", "trip", "tour", "meeting", "talks", "summit", "session", "negotiation",
    "fire", "wildfire", "eruption", "storm", "flood", "evacuation", "detention", "hunger",
})
#: Verbs that hold a named person for a time, and what ``about`` calls it.
HOLDING_VERBS = {"detain": "detention", "hold": "detention", "jail": "detention", "imprison": "detention",
                 "sentence": "sentence"}
_PERIOD = re.compile(r"^P(T?)(\d+(?:\.\d+)?)([YMWDHS])$")
_HOURS = {("", "Y"): 8766.0, ("", "M"): 730.5, ("", "W"): 168.0, ("", "D"): 24.0, ("T", "H"): 1.0,
          ("T", "M"): 1 / 60, ("T", "S"): 1 / 3600}
_UNIT_WORDS = {("", "Y"): "year", ("", "M"): "month", ("", "W"): "week", ("", "D"): "day", ("T", "H"): "hour",
               ("T", "M"): "minute", ("T", "S"): "second"}
#: Words that make a span a running one, measured back from the time of writing.
_RUNNING = re.compile(r"\b(past|last|next|coming|recent|previous|so far)\b", re.I)
_AT_LEAST = re.compile(r"\b(more than|over|at least|upwards of|in excess of)\b", re.I)
_AT_MOST = re.compile(r"\b(less than|under|up to|nearly|almost|fewer than|at most)\b", re.I)


def find_duration_mentions(doc: Doc, times: Sequence[TimeExpression], article_id: str,
                           sentence_of: Sequence[int]) -> list[ClaimMention]:
    """The duration claims of one article (see the module docstring), in text order."""
    mentions = []
    for time in times:
        match = _PERIOD.match(time.timex or "") if time.timex_type == "DURATION" else None
        if match is None or (match[1], match[3]) not in _HOURS or _RUNNING.search(time.text):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found = _duration_anchor(span)
        if found is None:
            continue
        about, anchor = found
        count, unit = float(match[2]), (match[1], match[3])
        hours = count * _HOURS[unit]
        words = f"{count:g} {_UNIT_WORDS[unit]}{'' if count == 1 else 's'}"
        before = doc.text[max(0, time.start - 16):time.start] + time.text
        if _AT_LEAST.search(before):
            low, high, value = hours, None, f"> {words}"
        elif _AT_MOST.search(before):
            low, high, value = None, hours, f"< {words}"
        else:
            low, high, value = hours, hours, words
        start, end = min(time.start, anchor.idx), max(time.end, anchor.idx + len(anchor.text))
        mentions.append(ClaimMention(
            article_id=article_id, kind="duration", about=about, start=start, end=end, text=doc.text[start:end],
            sentence=sentence_of[span.root.i], value=value, low=low, high=high))
    return mentions


def _duration_anchor(span: Span) -> tuple[str, Token] | None:
    """What a duration measures, as ``about``, and the word it hangs on: "the 12-hour
    siege ...", "the attack ... lasted five hours", "detained X for 10 days"."""
    root = span.root
    head = root.head
    if root.dep_ in ("compound", "amod", "nmod", "nummod") and head.pos_ == "NOUN":
        return _event_about(head)
    if root.dep_ in ("dobj", "npadvmod", "attr") and head.lemma_.lower() == "last" and not _running_verb(head):
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        return _event_about(subject) if subject is not None else None
    if root.dep_ == "pobj" and head.lower_ in ("for", "to") and head.head.pos_ == "VERB":
        verb = head.head
        kind = HOLDING_VERBS.get(verb.lemma_.lower())
        if kind is None or (kind == "sentence") != (head.lower_ == "to") or _running_verb(verb):
            return None
        person = _person(_objects(verb))
        return (f"duration of the {kind} of {person}", verb) if person else None
    return None


def _running_verb(verb: Token) -> bool:
    """"has lasted", "have been held": a span still running when it was written."""
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children)


def _event_about(noun: Token) -> tuple[str, Token] | None:
    """"duration of the attack by Iranian in Israel": an event noun with its agent (a
    nationality, country or organisation before it, or its owner) or its places; ``None``
    without either, since two sieges or meetings of one story may differ in length."""
    lemma = noun.lemma_.lower()
    if lemma not in DURATION_NOUNS:
        return None
    agent = next((entity_name(c) for c in noun.children
                  if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG")), None)
    preps = [prep for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "of", "at")]
    # and one level down: "the siege of the hotel in Nairobi"
    preps += [inner for prep in preps for pobj in prep.children if pobj.dep_ == "pobj"
              for inner in pobj.children if inner.dep_ == "prep" and inner.lower_ in ("in", "at")]
    places = list(dict.fromkeys(name for prep in preps for name in places_under(prep)))
    if agent is None and not places:
        return None
    about = f"duration of the {lemma}" + (f" by {agent}" if agent else "") + \
        (f" in {' and '.join(places)}" if places else "")
    return about, noun
