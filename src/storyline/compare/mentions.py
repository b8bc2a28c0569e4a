"""Claim mentions: the checkable details one article states, read off its spaCy parse.

Needs a parsed ``Doc`` of the cleaned article text (entities and a dependency parse);
adds ``ClaimMention`` records with character offsets into that text. Three kinds here,
and three more from their own modules: ``date`` and ``duration`` (``when``: the day a
happening took place, how long it lasted) and ``name`` (``titles``: the title an
article gives a person):

- ``quantity``: a count and what it counts, with the event it is counted for ("over
  300 drones and missiles launched by Iran at Israel"), or a share ("99% of the
  missiles intercepted"). Each number gets its own mention; nouns coordinated under
  one number count together ("300 drones and missiles").
- ``casualties``: people killed or injured ("killed seven people", "seven were
  killed", "the death toll rose to 12").
- ``target``: what an attack hit, when it is a named kind of place ("a compound near
  the Iranian embassy in Syria", "its consulate in Syria").

``about`` is written by one small grammar, so that ``align`` can read it back::

    <object> <event>[ by <agent>][ at <target>][ in the <cause>][ in <place>][ from <source>]
    what was struck in <place>

where ``<event>`` is one of ``EVENT_WORDS`` and places are entity names joined by ", ".
Only numbers that sit in one of the known event frames become mentions; dates, times,
ages, money, list numbering, hypotheticals ("if Iran launches hundreds") and negated
clauses are skipped. Precision matters more than recall: a detail that cannot be tied
to what it counts is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import ClaimMention, TimeExpression

#: Verb lemmas (and particle verbs as "verb particle") and the event word they are counted for.
EVENT_VERBS: dict[str, str] = {
    "launch": "launched", "fire": "launched", "unleash": "launched", "hurl": "launched", "lob": "launched",
    "shoot": "launched",
    "intercept": "intercepted", "down": "intercepted", "shoot down": "intercepted", "take down": "intercepted",
    "take out": "intercepted", "knock down": "intercepted", "neutralize": "intercepted", "neutralise": "intercepted",
    "kill": "killed", "die": "killed", "slay": "killed", "murder": "killed", "massacre": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured",
    "arrest": "arrested", "detain": "arrested", "round up": "arrested",
    "evacuate": "evacuated", "displace": "displaced", "rescue": "rescued",
    "deploy": "deployed", "dispatch": "deployed", "send": "deployed",
    "destroy": "destroyed", "damage": "damaged",
    "release": "released", "free": "released",
    "flee": "fled", "cross": "fled", "escape": "fled",
    "capture": "captured", "kidnap": "captured", "abduct": "captured", "seize": "captured",
    "infect": "infected", "confirm": "confirmed",
}
#: Every event word ``about`` may hold (what ``align`` splits on).
EVENT_WORDS = frozenset(EVENT_VERBS.values())
#: Adjectives and nouns standing for a casualty count with no verb: "12 dead", "12 deaths".
CASUALTY_WORDS = {"dead": "killed", "death": "killed", "fatality": "killed", "injury": "injured",
                  "injured": "injured", "wounded": "injured"}
#: Verbs that report a running toll: "the death toll rose to 12", "stands at 12".
TOLL_VERBS = frozenset({"rise", "climb", "reach", "stand", "hit", "jump", "increase", "grow", "soar", "be", "mount"})
CASUALTY_EVENTS = frozenset({"killed", "injured"})

#: Counted nouns that make a count of killed or injured a casualty count.
HUMAN_NOUNS = frozenset({
    "people", "person", "civilian", "soldier", "child", "children", "kid", "man", "men", "woman", "women",
    "officer", "official", "member", "worker", "protester", "protestor", "demonstrator", "troop", "militant",
    "fighter", "policeman", "police", "student", "passenger", "resident", "patient", "journalist", "citizen",
    "victim", "guard", "rebel", "insurgent", "pilgrim", "tourist", "migrant", "refugee", "staff", "employee",
    "crew", "sailor", "marine", "commander", "general", "personnel", "individual", "other", "Palestinian",
    "Israeli", "Iraqi", "Syrian", "Afghan", "Libyan", "Egyptian", "American",
})
#: Nouns whose count says when or how long, not how many: left to time expressions.
TIME_NOUNS = frozenset({
    "year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time", "night", "morning",
    "am", "pm", "percent", "point", "mile", "kilometer", "kilometre", "km", "meter", "metre", "foot", "feet",
    "inch", "degree", "dollar", "pound", "euro", "cent", "barrel", "gallon", "ton", "tonne", "acre",
})

#: Hedges before a number, longest first, and what they make of the number N.
#: ``">"``: more than N (open above), ``"≥"``: a floor that may rise ("at least N"),
#: ``"<"``: N or fewer (open below), ``"~"``: about N, ``"≈<"``: just under N.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("more than", ">"), ("greater than", ">"), ("in excess of", ">"), ("upwards of", ">"), ("well over", ">"),
    ("no fewer than", "≥"), ("no less than", "≥"), ("at least", "≥"), ("over", ">"), ("above", ">"),
    ("fewer than", "<"), ("less than", "<"), ("up to", "<"), ("as many as", "<"), ("at most", "<"),
    ("no more than", "<"), ("under", "<"), ("nearly", "≈<"), ("almost", "≈<"), ("close to", "≈<"),
    ("just under", "≈<"), ("approximately", "~"), ("about", "~"), ("around", "~"), ("roughly", "~"),
    ("some", "~"), ("an estimated", "~"), ("estimated", "~"), ("approx.", "~"), ("circa", "~"),
)
_QUALIFIER_WORDS = {tuple(phrase.split()): sense for phrase, sense in QUALIFIERS}
_LONGEST_QUALIFIER = max(len(words) for words in _QUALIFIER_WORDS)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
#: Vague plural counts and the range they stand for: "dozens" is 12-99.
VAGUE_COUNTS: dict[str, tuple[float, float]] = {
    "dozens": (12, 99), "scores": (20, 199), "hundreds": (100, 999), "thousands": (1_000, 999_999),
    "millions": (1_000_000, 999_999_999),
}
#: Proportions written as words, in percent.
PROPORTIONS: dict[str, tuple[float, float]] = {
    "all": (100, 100), "most": (50, 100), "half": (45, 55), "majority": (50, 100),
    "nearly all": (90, 100), "almost all": (90, 100), "virtually all": (95, 100), "nearly every": (90, 100),
}
_PERCENT_WORDS = frozenset({"%", "percent", "per cent"})

#: Verbs and nouns of an attack, whose object or "on ..." phrase is what was hit.
ATTACK_VERBS = frozenset({"strike", "hit", "attack", "bomb", "target", "shell", "raid", "flatten", "level",
                          "raze", "storm", "destroy"})
ATTACK_NOUNS = frozenset({"strike", "airstrike", "attack", "bombing", "raid", "assault", "shelling",
                          "bombardment", "killing"})
#: Kinds of place an attack can hit ("the embassy", "a consular building") and generic
#: facility words ("compound", "building"): only these become ``target`` mentions.
PLACE_KINDS: dict[str, str] = {
    "embassy": "embassy", "consulate": "consulate", "consular": "consulate", "hospital": "hospital",
    "clinic": "hospital", "school": "school", "university": "university", "mosque": "mosque",
    "church": "church", "synagogue": "synagogue", "market": "market", "airport": "airport", "port": "port",
    "refinery": "refinery", "prison": "prison", "camp": "camp", "checkpoint": "checkpoint",
    "headquarters": "headquarters", "palace": "palace", "parliament": "parliament", "hotel": "hotel",
    "station": "station", "bridge": "bridge", "base": "base", "airbase": "base", "ministry": "ministry",
    "diplomatic": "diplomatic", "residence": "residence", "plant": "plant", "factory": "factory",
}
FACILITY_WORDS = frozenset({"building", "compound", "complex", "facility", "site", "structure", "annex",
                            "office", "house", "home", "mission", "premises"}) | frozenset(PLACE_KINDS)
_PART_WORDS = frozenset({"part", "section", "wing", "portion", "side", "corner"})
_NEAR_WORDS = frozenset({"near", "beside", "outside", "next", "adjacent", "opposite"})

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_AGENT_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
_SKIP_LABELS = frozenset({"DATE", "TIME", "MONEY", "ORDINAL", "QUANTITY"})
_TARGET_PREPS = frozenset({"at", "on", "against", "toward", "towards", "into", "to"})
_PLACE_PREPS = frozenset({"in", "near", "across", "throughout", "inside", "around", "outside", "over"})
#: Words that make a figure a running count, true for the moment it was written: "so far".
RUNNING_WORDS = frozenset({"so far", "to date", "thus far", "as of now", "until now", "yet"})
#: Qualifier given to a running count ("has killed 159", "the toll rose to 12", "so far").
RUNNING = "so far"
#: Words of a date that put a figure in another time than the story's ("last year",
#: "in 1968", "every year"): such figures are not the story's own and are skipped.
_OTHER_TIME = re.compile(r"\b(year|years|decade|decades|century|centuries|annually|annual|(1[5-9]|20)\d\d)\b", re.I)
_MODALS = frozenset({"would", "could", "might", "may", "can", "should", "must", "will", "'ll", "wo", "ca"})
_CONDITIONS = frozenset({"if", "unless", "whether"})
#: Modifiers that say nothing about what is counted ("other", "incoming").
_DROPPED_MODIFIERS = frozenset({
    "other", "more", "additional", "new", "several", "many", "few", "further", "same", "incoming", "total",
    "least", "about", "some", "such", "own", "various", "numerous", "estimated", "overall", "reported",
    "confirmed", "separate", "different", "last", "first", "top", "senior", "high", "low", "much",
})
#: Event nouns named as the cause of casualties, and the word ``about`` uses for them.
CAUSES: dict[str, str] = {
    "strike": "strike", "airstrike": "strike", "raid": "strike", "shelling": "shelling",
    "bombardment": "shelling", "attack": "attack", "assault": "attack", "bombing": "bombing",
    "bomb": "bombing", "blast": "explosion", "explosion": "explosion", "blowout": "explosion",
    "earthquake": "earthquake",
    "quake": "earthquake", "tremor": "earthquake", "clash": "clashes", "fighting": "fighting",
    "violence": "violence", "shooting": "shooting", "crash": "crash", "fire": "fire", "storm": "storm",
    "flood": "flood", "flooding": "flood", "crackdown": "crackdown", "protest": "protests",
}

_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def find_claim_mentions(doc: Doc, article_id: str,
                        times: Sequence[TimeExpression] = ()) -> tuple[ClaimMention, ...]:
    """The claim mentions of one parsed article, in text order.

    Needs ``doc`` with entities and a dependency parse (``load_pipeline``); ``doc.text``
    is the article's cleaned text, and every mention's ``start``/``end`` index into it.
    ``times`` are the article's resolved time expressions, for ``date`` claims.
    """
    from .titles import find_name_mentions  # both read this module's vocabularies
    from .when import find_date_mentions, find_duration_mentions

    sentence_of = _sentence_index(doc)
    mentions: list[ClaimMention] = []
    seen: set[tuple[int, int]] = set()
    for phrase in _number_phrases(doc):
        mention = _count_mention(doc, phrase, article_id, sentence_of)
        if mention is not None and (mention.start, mention.end) not in seen:
            seen.add((mention.start, mention.end))
            mentions.append(mention)
    for token in doc:
        if token.lemma_.lower() in PROPORTIONS or token.lower_ in PROPORTIONS:
            mention = _proportion_mention(doc, token, article_id, sentence_of)
            if mention is not None and (mention.start, mention.end) not in seen:
                seen.add((mention.start, mention.end))
                mentions.append(mention)
    for mention in (*_target_mentions(doc, article_id, sentence_of),
                    *find_date_mentions(doc, times, article_id, sentence_of),
                    *find_duration_mentions(doc, times, article_id, sentence_of),
                    *find_name_mentions(doc, article_id, sentence_of)):
        if (mention.start, mention.end) not in seen:
            seen.add((mention.start, mention.end))
            mentions.append(mention)
    return tuple(sorted(mentions, key=lambda m: (m.start, m.end)))


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            index[i] = number
    return index


# -- numbers -----------------------------------------------------------------------------


def _is_number_word(token: Token) -> bool:
    lower = token.lower_
    return (bool(_NUMBER.match(token.text)) or lower in _UNITS or lower in _SCALES or lower in VAGUE_COUNTS
            or (lower == "tens" and token.nbor(1).lower_ == "of" if token.i + 1 < len(token.doc) else False))


def _number_phrases(doc: Doc) -> list[list[Token]]:
    """Runs of number tokens ("1.5 million", "two dozen", "tens of thousands", "99 %")."""
    phrases: list[list[Token]] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if not _is_number_word(token) or token.ent_type_ in _SKIP_LABELS:
            i += 1
            continue
        phrase = [token]
        j = i + 1
        while j < len(doc):
            following = doc[j]
            if following.lower_ == "of" and phrase[-1].lower_ == "tens" and j + 1 < len(doc) \
                    and doc[j + 1].lower_ in ("thousands", "millions"):
                phrase.extend((following, doc[j + 1]))
                j += 2
                continue
            if following.lower_ in _SCALES or (following.text == "-" and j + 1 < len(doc)
                                               and doc[j + 1].lower_ in _UNITS and phrase[-1].lower_ in _UNITS):
                phrase.append(following)
                j += 1
                continue
            if following.lower_ in _UNITS and phrase[-1].text == "-":
                phrase.append(following)
                j += 1
                continue
            if following.text in ("%",) or following.lower_ == "percent":
                phrase.append(following)
                j += 1
            break
        phrases.append(phrase)
        i = j
    return phrases


def _number_value(phrase: list[Token]) -> tuple[float, float] | None:
    """The range a run of number tokens stands for: (7, 7), (12, 99) for "dozens"."""
    words = [t.lower_ for t in phrase if t.text not in ("-", "%") and t.lower_ not in ("percent", "of")]
    if not words:
        return None
    if words[0] == "tens":
        if len(words) == 1:
            return (10, 99)
        scale = 1_000 if words[-1] == "thousands" else 1_000_000
        return (10 * scale, 99 * scale)
    if words[-1] in VAGUE_COUNTS:
        low, high = VAGUE_COUNTS[words[-1]]
        if len(words) == 1:
            return (low, high)
        return None
    total = 0.0
    current = 0.0
    for word in words:
        if _NUMBER.match(word):
            current += float(word.replace(",", ""))
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1_000:
                total += current
                current = 0
        else:
            return None
    value = total + current
    return (value, value)


def _qualifier(doc: Doc, first: Token) -> tuple[str | None, str | None, int]:
    """The hedge right before a number ("more than"), its sense, and the index it starts at."""
    sentence_start = first.sent.start
    for size in range(_LONGEST_QUALIFIER, 0, -1):
        start = first.i - size
        if start < sentence_start:
            continue
        words = tuple(t.lower_ for t in doc[start:first.i])
        if words in _QUALIFIER_WORDS:
            return doc[start:first.i].text, _QUALIFIER_WORDS[words], start
    return None, None, first.i


def _bounds(low: float, high: float, sense: str | None, percent: bool = False) -> tuple[float | None, float | None]:
    if sense in (">", "≥"):
        return low, None
    if sense == "<":
        return None, high
    if sense == "≈<":
        return round(high * 0.9, 2), high
    if sense == "~" and low == high:
        if percent:
            return max(low - 2, 0), min(high + 2, 100)
        return round(low * 0.9, 2), round(high * 1.1, 2)
    return low, high


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _value_text(low: float, high: float, sense: str | None, percent: bool) -> str:
    unit = "%" if percent else ""
    if low != high:
        number = f"{_format(low)}-{_format(high)}{unit}"
    else:
        number = f"{_format(low)}{unit}"
    written = {">": f"> {number}", "≥": f"≥ {number}", "<": f"< {number}", "≈<": f"nearly {number}",
               "~": f"~{number}"}
    return written.get(sense or "", number)


# -- the frame around a number ----------------------------------------------------------


def _is_running(verb: Token | None, root: Token) -> bool:
    """A count that is still going up: "has killed 159", "have died so far", "the toll rose to 12"."""
    sentence = root.sent.text.lower()
    if any(f" {word} " in f" {sentence} " for word in RUNNING_WORDS if word != "yet"):
        return True
    if verb is None:
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
               for c in verb.children)


_HABITUAL = re.compile(r"\b(every|each|per|a)\s+(year|month|week|day|winter|summer)\b|\b(annually|yearly)\b", re.I)


def _other_time(root: Token) -> bool:
    """The sentence places the figure in another time ("last year", "in 1968") or in no
    time at all ("every year")."""
    sentence = root.sent
    return bool(_HABITUAL.search(sentence.text)) or any(
        ent.label_ in ("DATE", "TIME") and _OTHER_TIME.search(ent.text) for ent in sentence.ents)


def _is_generic(verb: Token) -> bool:
    """A habitual statement ("flu kills thousands every year", "thousands are killed"):
    simple present outside a headline's first sentence."""
    if verb.sent.start == 0:
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def _is_skipped_clause(verb: Token) -> bool:
    """A hypothetical, conditional or negated clause ("if Iran launches hundreds")."""
    token = verb
    for _ in range(6):
        for child in token.children:
            if child.dep_ == "neg" and token.i == verb.i:
                return True
            if child.dep_ == "aux" and child.lower_ in _MODALS and token.i == verb.i:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return True
        if token.head.i == token.i or token.dep_ not in ("conj", "xcomp", "ccomp", "advcl"):
            break
        token = token.head
    return False


def _particle(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prt":
            return child.lower_
    return None


def _event_of(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    particle = _particle(verb)
    if particle and f"{lemma} {particle}" in EVENT_VERBS:
        return EVENT_VERBS[f"{lemma} {particle}"]
    if lemma == "shoot" and particle:
        return None
    return EVENT_VERBS.get(lemma)


def entity_name(token: Token) -> str | None:
    """The entity a token belongs to, as written, without a leading "the"."""
    if not token.ent_type_:
        return None
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            text = entity.text
            return text[4:] if text.lower().startswith("the ") else text
    return None


def places_under(prep: Token, labels: frozenset[str] = _PLACE_LABELS) -> list[str]:
    """The named places a preposition governs, each with the places it is said to lie in:
    "in Damascus, Syria" gives ``["Damascus, Syria"]``, "in Yemen and Iraq" two names."""
    names: list[str] = []
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        stack = [pobj]
        while stack:
            token = stack.pop(0)
            chain = []
            link = token
            while link is not None:
                name = entity_name(link) if link.ent_type_ in labels else None
                if name and name not in chain:
                    chain.append(name)
                elif not name:
                    for child in link.children:
                        if child.dep_ == "compound" and child.ent_type_ in labels:
                            compound = entity_name(child)
                            if compound and compound not in chain:
                                chain.append(compound)
                link = next((c for c in link.children if c.dep_ == "appos"), None)
            joined = ", ".join(chain)
            if joined and joined not in names:
                names.append(joined)
            stack.extend(c for c in token.children if c.dep_ == "conj")
    return names


def _subject(verb: Token) -> Token | None:
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if token.dep_ in ("conj", "advcl", "xcomp") and token.head.i != token.i:
            token = token.head
        else:
            return None
    return None


def _agent(verb: Token, passive: bool, counted: frozenset[int] = frozenset()) -> str | None:
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                names = places_under(child, _AGENT_LABELS)
                return names[0] if names else None
        return None
    subject = _subject(verb)
    if subject is None or subject.dep_ == "nsubjpass" or subject.i in counted:
        return None
    name = entity_name(subject) if subject.ent_type_ in _AGENT_LABELS else None
    if name is None:
        for child in subject.children:
            if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE"):
                return entity_name(child)
    return name


def _cause(verb: Token) -> Token | None:
    """The event a casualty count is blamed on: "the strike killed", "killed in the blast",
    "were killed when a strike hit"."""
    subject = _subject(verb)
    if subject is not None and subject.dep_ == "nsubj" and subject.lemma_.lower() in CAUSES:
        return subject
    for child in verb.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by", "during"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in CAUSES:
                    return pobj
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("when", "as", "after")
                                         for m in child.children):
            clause_subject = _subject(child)
            if clause_subject is not None and clause_subject.lemma_.lower() in CAUSES:
                return clause_subject
    return None


def _cause_places(cause: Token) -> list[str]:
    """Places named inside the cause's phrase: "the strike on a school in Gaza City"."""
    places: list[str] = []
    for token in cause.subtree:
        if token.dep_ == "prep" and token.lower_ in _PLACE_PREPS:
            for name in places_under(token):
                if name not in places:
                    places.append(name)
    return places


def _cause_agent(cause: Token) -> str | None:
    for child in cause.children:
        if child.dep_ in ("amod", "compound", "poss") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return entity_name(child)
    return None


def _frame_places(heads: list[Token]) -> tuple[list[str], list[str], list[str]]:
    """Targets ("at Israel"), places ("in Tehran") and sources ("from Yemen") attached to the
    verb or the counted noun."""
    targets: list[str] = []
    places: list[str] = []
    sources: list[str] = []
    for head in heads:
        for child in head.children:
            if child.dep_ != "prep":
                continue
            word = child.lower_
            bucket = targets if word in _TARGET_PREPS else places if word in _PLACE_PREPS else \
                sources if word == "from" else None
            if bucket is None:
                continue
            for name in places_under(child):
                if name not in bucket:
                    bucket.append(name)
    return targets, places, sources


def _about(obj: str, event: str, *, agent: str | None = None, targets: list[str] = (),
           cause: str | None = None, places: list[str] = (), sources: list[str] = (),
           cause_agent: bool = False) -> str:
    parts = [obj, event]
    if agent:
        parts.append(f"by {agent}")
    if targets:
        parts.append("at " + " and ".join(targets))
    if cause:
        parts.append(f"in the {cause}")
        if agent and parts[2] == f"by {agent}" and cause_agent:
            # "people killed in the Israeli strike", not "by Israeli in the strike"
            parts[2:4] = [f"in the {agent} {cause}"]
    if places:
        parts.append("in " + " and ".join(places))
    if sources:
        parts.append("from " + " and ".join(sources))
    return " ".join(parts)


def _object_words(noun: Token) -> str:
    """The counted noun with the modifiers that say what it is: "ballistic missiles"."""
    words = []
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod") and child.lower_ not in _DROPPED_MODIFIERS \
                and child.ent_type_ not in ("NORP", "GPE", "CARDINAL") and child.tag_ not in ("VBN", "VBG") \
                and child.is_alpha and not _is_number_word(child):
            words.append(child.text if child.pos_ == "PROPN" or child.is_upper else child.lower_)
    words.append(noun.text if noun.pos_ == "PROPN" or noun.is_upper else noun.lower_)
    return " ".join(words)


def _has_own_count(noun: Token) -> bool:
    """A noun with its own number, or its own article ("seven drones and a missile")."""
    return any(c.dep_ in ("nummod", "det") or (c.dep_ in ("amod", "quantmod") and _is_number_word(c))
               for c in noun.children) or noun.lower_ in VAGUE_COUNTS


def _conjuncts(noun: Token) -> list[Token]:
    """``noun`` and the nouns coordinated with it that have no count of their own."""
    found = [noun]
    stack = [c for c in noun.children if c.dep_ == "conj"]
    while stack:
        token = stack.pop(0)
        if token.pos_ not in ("NOUN", "PROPN") or _has_own_count(token):
            continue
        found.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj")
    return found


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def _governing_verb(head: Token) -> tuple[Token | None, bool]:
    """The verb a noun phrase is the subject or object of, and whether it is passive."""
    token = head
    while token.dep_ == "conj" and token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        token = token.head
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "oprd") and token.head.pos_ in ("VERB", "AUX"):
        return token.head, token.dep_ == "nsubjpass"
    return None, False


def _skip_number(doc: Doc, phrase: list[Token]) -> bool:
    first, last = phrase[0], phrase[-1]
    if any(t.ent_type_ in _SKIP_LABELS for t in phrase):
        return True
    # "a seven-year-old", "aged 7", list numbering "1." at a line start
    if last.i + 2 < len(doc) and doc[last.i + 1].text == "-" and doc[last.i + 2].lower_ in TIME_NOUNS:
        return True
    if first.i > 0 and doc[first.i - 1].lower_ in ("aged", "age", "no.", "number", "#"):
        return True
    if (first.i == 0 or "\n" in doc[first.i - 1].text) and last.i + 1 < len(doc) and doc[last.i + 1].text in (".", ")"):
        return True
    if re.fullmatch(r"(1[89]|20)\d\d", first.text) and len(phrase) == 1:
        return True
    return False


def _span(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _count_mention(doc: Doc, phrase: list[Token], article_id: str,
                   sentence_of: list[int]) -> ClaimMention | None:
    if _skip_number(doc, phrase):
        return None
    percent = any(t.text == "%" or t.lower_ == "percent" for t in phrase)
    numbers = [t for t in phrase if t.text != "%" and t.lower_ != "percent"]
    value = _number_value(numbers)
    if value is None:
        return None
    qualifier, sense, qualifier_start = _qualifier(doc, phrase[0])
    inside = {t.i for t in phrase}
    root = next((t for t in phrase if t.head.i not in inside or t.head.i == t.i), phrase[-1])
    noun: Token | None = None
    head = root
    if percent:
        noun = _of_object(root)
        if noun is None and root.dep_ == "compound" and root.head.lemma_ == "rate":
            return _rate_mention(doc, root, phrase, value, qualifier, sense, qualifier_start, article_id, sentence_of)
        if noun is None:
            return None
    elif root.dep_ == "nummod" and root.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        noun = root.head
        head = noun
    elif root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "oprd", "conj", "appos"):
        noun = _of_object(root)
    else:
        return None
    if noun is not None and noun.lemma_.lower() in TIME_NOUNS:
        return None
    if noun is not None and noun.pos_ == "ADJ" and noun.lower_ not in CASUALTY_WORDS:
        return None

    # A running death toll: "the death toll rose to 12", "a toll of 12".
    toll = _toll_event(root)
    verb, passive = _governing_verb(head)
    extra: list[Token] = []
    event = None
    if toll is not None:
        event, verb, passive = toll, None, False
    elif noun is not None and noun.lower_ in CASUALTY_WORDS and head.i == noun.i:
        event = CASUALTY_WORDS[noun.lower_]
        verb = noun.head if noun.head.pos_ == "VERB" else None
        if verb is not None and _is_skipped_clause(verb):
            return None
        extra.append(noun)
        noun = None
    elif noun is not None and noun.lemma_.lower() in CASUALTY_WORDS and head.i == noun.i:
        event = CASUALTY_WORDS[noun.lemma_.lower()]
        verb = None
        extra.append(noun)
        noun = None
    elif verb is not None:
        event = _event_of(verb)
    if event is None:
        return None
    if verb is not None and _is_skipped_clause(verb):
        return None

    if verb is not None and _is_generic(verb) or _other_time(root):
        return None
    casualty = event in CASUALTY_EVENTS
    if noun is None and not casualty:
        return None
    running = toll is not None or _is_running(verb, root)
    conjuncts = _conjuncts(noun) if noun is not None else []
    obj = " and ".join(_object_words(n) for n in conjuncts) if conjuncts else "people"
    if casualty and noun is not None and noun.lemma_.lower() in ("person", "people", "individual", "other"):
        obj = "people"
    if running and sense is None and value[0] == value[1]:
        sense, qualifier = "≥", RUNNING
    elif running and sense is None:
        qualifier = f"{numbers[-1].lower_} {RUNNING}"
    heads = ([verb] if verb is not None else []) + conjuncts
    targets, places, sources = _frame_places(heads)
    counted = frozenset({root.i, *(t.i for t in phrase), *(n.i for n in conjuncts)})
    agent = _agent(verb, passive, counted) if verb is not None else None
    cause_token = _cause(verb) if verb is not None and casualty else None
    cause = CAUSES[cause_token.lemma_.lower()] if cause_token is not None else None
    if cause_token is not None:
        places = places or _cause_places(cause_token)
    named = _cause_agent(cause_token) if cause_token is not None else None
    cause_agent = named is not None and agent in (None, named)
    if cause_agent:
        agent = named
    low, high = value
    bound_low, bound_high = _bounds(low, high, sense, percent)
    if percent:
        obj = f"share of {obj}"
    about = _about(obj, event, agent=agent, targets=targets, cause=cause, places=places, sources=sources,
                   cause_agent=cause_agent)

    tokens = [doc[qualifier_start], *phrase, *conjuncts, *extra]
    if verb is not None and abs(verb.i - root.i) <= 3 and casualty and _event_of(verb) in CASUALTY_EVENTS:
        tokens.append(verb)
    start, end = _span(tokens)
    vague = numbers[-1].lower_ in VAGUE_COUNTS or numbers[0].lower_ == "tens"
    return ClaimMention(
        article_id=article_id, kind="casualties" if casualty else "quantity", about=about,
        start=start, end=end, text=doc.text[start:end], sentence=sentence_of[root.i],
        value=(f"{_format(low)} {RUNNING}" if qualifier == RUNNING
               else f"{_value_text(low, high, sense, percent)} {RUNNING}" if running and sense is None and vague
               else _value_text(low, high, sense, percent)),
        low=bound_low, high=bound_high,
        qualifier=qualifier or (numbers[-1].lower_ if vague else None),
    )


def _toll_event(root: Token) -> str | None:
    """``"killed"`` when ``root`` is the figure of a death toll ("rose to 12", "toll of 12")."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("to", "at", "of"):
        above = head.head
        if above.lemma_.lower() == "toll":
            return "killed"
        if above.lemma_.lower() in TOLL_VERBS:
            subject = _subject(above)
            if subject is not None and subject.lemma_.lower() == "toll":
                return "killed"
    if root.dep_ in ("dobj", "attr") and head.lemma_.lower() in TOLL_VERBS:
        subject = _subject(head)
        if subject is not None and subject.lemma_.lower() == "toll":
            return "killed"
    return None


def _rate_mention(doc: Doc, root: Token, phrase: list[Token], value: tuple[float, float], qualifier: str | None,
                  sense: str | None, qualifier_start: int, article_id: str,
                  sentence_of: list[int]) -> ClaimMention | None:
    """"a 99% success rate in intercepting drones and missiles"."""
    rate = root.head
    for prep in rate.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for verb in prep.children:
            if verb.dep_ != "pcomp" or verb.pos_ != "VERB":
                continue
            event = _event_of(verb)
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
            if event is None or not objects:
                continue
            conjuncts = _conjuncts(objects[0])
            obj = "share of " + " and ".join(_object_words(n) for n in conjuncts)
            low, high = value
            bound_low, bound_high = _bounds(low, high, sense, True)
            start, end = _span([doc[qualifier_start], *phrase, rate])
            return ClaimMention(
                article_id=article_id, kind="quantity", about=_about(obj, event), start=start, end=end,
                text=doc.text[start:end], sentence=sentence_of[root.i], value=_value_text(low, high, sense, True),
                low=bound_low, high=bound_high, qualifier=qualifier)
    return None


def _proportion_mention(doc: Doc, token: Token, article_id: str,
                        sentence_of: list[int]) -> ClaimMention | None:
    """"nearly all of the incoming drones and missiles" taken down: a share in percent."""
    words = token.lower_
    start_token = token
    if token.i > 0 and f"{doc[token.i - 1].lower_} {words}" in PROPORTIONS:
        start_token = doc[token.i - 1]
        words = f"{doc[token.i - 1].lower_} {words}"
    if words not in PROPORTIONS or token.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return None
    noun = _of_object(token)
    if noun is None or noun.tag_ not in ("NNS", "NNPS"):
        return None
    verb, passive = _governing_verb(token)
    if verb is None or _is_skipped_clause(verb):
        return None
    event = _event_of(verb)
    if event is None or event in CASUALTY_EVENTS:
        return None
    conjuncts = _conjuncts(noun)
    obj = "share of " + " and ".join(_object_words(n) for n in conjuncts)
    low, high = PROPORTIONS[words]
    start, end = _span([start_token, *conjuncts])
    value = words if low != high else f"{_format(low)}%"
    return ClaimMention(
        article_id=article_id, kind="quantity", about=_about(obj, event), start=start, end=end,
        text=doc.text[start:end], sentence=sentence_of[token.i], value=value, low=low, high=high,
        qualifier=words if low != high else None)


# -- targets -------------------------------------------------------------------------------


def _target_mentions(doc: Doc, article_id: str, sentence_of: list[int]) -> list[ClaimMention]:
    mentions = []
    for token in doc:
        lemma = token.lemma_.lower()
        candidates: list[Token] = []
        if token.pos_ == "VERB" and lemma in ATTACK_VERBS and not _is_skipped_clause(token):
            candidates += [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.pos_ == "VERB" and not _is_skipped_clause(token) and (
                lemma in ATTACK_VERBS or lemma == "kill"
                or any(c.dep_ == "dobj" and c.lemma_.lower() in ATTACK_NOUNS for c in token.children)):
            preps = ("on", "against", "at") if lemma != "kill" else ("at",)
            candidates += [p for c in token.children if c.dep_ == "prep" and c.lower_ in preps
                           for p in c.children if p.dep_ == "pobj"]
        if token.pos_ == "NOUN" and lemma in ATTACK_NOUNS:
            preps = ("on", "against") if lemma != "killing" else ("at",)
            candidates += [p for c in token.children if c.dep_ == "prep" and c.lower_ in preps
                           for p in c.children if p.dep_ == "pobj"]
        for candidate in candidates:
            mention = _target_mention(doc, candidate, article_id, sentence_of)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _kind_words(noun: Token) -> list[str]:
    return [c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod") and c.lower_ in PLACE_KINDS]


def _target_mention(doc: Doc, noun: Token, article_id: str, sentence_of: list[int]) -> ClaimMention | None:
    part = None
    if noun.lemma_.lower() in _PART_WORDS:
        inner = _of_object(noun)
        if inner is None:
            return None
        part, noun = noun, inner
    if noun.lemma_.lower() not in FACILITY_WORDS:
        return None
    value_words = [*_kind_words(noun), noun.lemma_.lower()]
    places: list[str] = []
    last = noun
    for child in noun.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ in _NEAR_WORDS or (child.lower_ == "to" and noun.lower_ in ("next", "adjacent")):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in FACILITY_WORDS:
                    value_words += ["near", *_kind_words(pobj), pobj.lemma_.lower()]
                    last = max(last, pobj, key=lambda t: t.i)
                    places += [p for prep in pobj.children if prep.dep_ == "prep" and prep.lower_ == "in"
                               for p in places_under(prep)]
                    last = max([last, *pobj.subtree], key=lambda t: t.i)
        elif child.lower_ in ("in", "at", "of"):
            for pobj in child.children:
                if (pobj.dep_ == "pobj" and pobj.lemma_.lower() in FACILITY_WORDS
                        and pobj.ent_type_ not in _PLACE_LABELS):
                    value_words += [child.lower_, *_kind_words(pobj), pobj.lemma_.lower()]
                    last = max(last, pobj, key=lambda t: t.i)
                    places += [p for prep in pobj.children if prep.dep_ == "prep" and prep.lower_ == "in"
                               for p in places_under(prep)]
            names = places_under(child)
            if names and child.lower_ == "in":
                places += names
                last = max([last, *child.subtree], key=lambda t: t.i)
    places = list(dict.fromkeys(places))
    if not places:
        return None
    first = min([part or noun, *(t for t in noun.lefts if t.dep_ in ("det", "poss", "amod", "compound"))],
                key=lambda t: t.i)
    if part is not None:
        value_words = ["part", "of", *value_words]
    start, end = _span([first, last])
    return ClaimMention(
        article_id=article_id, kind="target", about="what was struck in " + " and ".join(places),
        start=start, end=end, text=doc.text[start:end], sentence=sentence_of[noun.i],
        value=" ".join(value_words))
