"""Align the claim mentions of a story's articles and say whether they agree.

Needs the ``ClaimMention`` records of one story (from all its articles), optionally the
articles' annotations (for the dates each sentence mentions), texts and publication
dates; adds ``Claim`` records: groups of mentions about the same thing, from at least
two articles, each labelled ``agree``, ``compatible`` or ``conflict``.

Two mentions are about the same thing when their ``about`` frames match (see
``mentions``): the same kind, the same event ("launched", "killed"), the same counted
object ("drones and missiles" is not "ballistic missiles": a subset is another object),
and no clash in what else they name (agent, target, place, source, cause), the dates
their sentences give, or their articles' publication dates. A pair whose values cannot
both be true is only aligned when it shares at least one such anchor: two bare "people
killed" with different figures may be two different events, and a false conflict
misleads the reader more than a missed one.

Numbers are compared as the ranges a reader takes them to mean: "more than 100" is
read as 100-200 (a writer who knew of 300 would say so), "at least 6" as open above (a
floor that may still rise), "about 300" as 270-330, a round "300" as 270-330, "dozens"
as 12-99. A list of counts for one event ("dozens of drones and more than 100 ballistic
missiles" launched) is read as the whole of it and its sum is compared with a total
given elsewhere for the same event and kinds of thing ("over 300 drones and missiles").

Two articles conflict when none of the values one gives for the thing can be true with
any value the other gives: an article that reports both "7 killed" and, later, "the
toll rose to 12" is updating, not contradicting, an article that says 12; and an article
published a day later with a higher casualty count updates the earlier one.

Besides counts and what was hit, three kinds of detail from their own modules: ``date``
claims (``when``: the day a person was killed or a kind of place struck; a day either way
is allowed, and a day's own sentence date is not held against it), ``duration`` claims
(``when``: how long an anchored happening lasted or a person was held; an exact span is
read as 12% either way) and ``name`` claims
(``titles``: the title an article gives a person; titles conflict only on military rank or
a minister's portfolio, otherwise they ``agree`` when one says all the other says, as
"president" and "Egyptian President", and are ``compatible`` when they differ).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..model import Annotation, Claim, ClaimMention
from .mentions import EVENT_WORDS, HUMAN_NOUNS, PLACE_KINDS, QUALIFIERS, RUNNING
from .titles import TITLE_WORDS

#: How many days apart two articles may be published for their casualty counts and
#: running counts to be compared: such counts change as a story goes on.
WINDOW_DAYS = 2
#: The same for other details (a fixed count, what was hit): an article written two weeks
#: later still recalls the same strike, but not a month later.
EVENT_WINDOW_DAYS = 14

_SENSES = {**dict(QUALIFIERS), RUNNING: "≥"}
#: The order claims are listed in: where outlets differ first.
_STATUS_ORDER = {"conflict": 0, "compatible": 1, "agree": 2}
_ABOUT = re.compile(
    r"^(?P<object>.+?) (?P<event>" + "|".join(sorted(EVENT_WORDS, key=len, reverse=True)) + r")"
    r"(?: by (?P<agent>.+?))?(?: at (?P<targets>.+?))?(?: in the (?:(?P<cause_agent>[A-Z][\w.-]*) )?(?P<cause>[a-z]+))?"
    r"(?: in (?P<places>.+?))?(?: from (?P<sources>.+?))?$")
_TARGET_ABOUT = re.compile(r"^what was struck in (?P<places>.+)$")
_DATE_OF_PERSON = re.compile(r"^date of the (?P<event>\w+) of (?P<person>.+)$")
_DATE_OF_STRIKE = re.compile(r"^date of the strike on the (?P<facility>.+?) in (?P<places>.+)$")
_TITLE_ABOUT = re.compile(r"^title of (?P<person>.+)$")
_DURATION_OF_PERSON = re.compile(r"^duration of the (?P<event>detention|sentence) of (?P<person>.+)$")
_DURATION_OF_EVENT = re.compile(r"^duration of the (?P<event>[\w-]+)(?: by (?P<agent>.+?))?(?: in (?P<places>.+))?$")
#: An exact duration is read as this factor either way: "five hours" and "seven hours"
#: conflict, "10 days" and "12 days" may be one span rounded two ways.
_DURATION_SLACK = 1.12
#: Facility kinds that can be told apart; "diplomatic", "building", "compound" fit any.
_GENERIC_KINDS = frozenset({"diplomatic", "residence"})


@dataclass(frozen=True, slots=True)
class _Frame:
    """What a mention's ``about`` says, split into its parts."""

    kind: str
    objects: frozenset[str]
    heads: frozenset[str]
    share: bool
    event: str
    agent: str | None
    targets: frozenset[str]
    cause: str | None
    places: frozenset[str]
    sources: frozenset[str]

    @property
    def anchored(self) -> bool:
        return bool(self.agent or self.targets or self.cause or self.places or self.sources)


@dataclass(frozen=True, slots=True)
class _Item:
    """A mention, or the sum of a list of counts ("dozens of drones and more than 100
    ballistic missiles"), as compared with the others."""

    mentions: tuple[ClaimMention, ...]
    frame: _Frame
    low: float
    high: float
    value: str
    order: int

    @property
    def article_id(self) -> str:
        return self.mentions[0].article_id

    @property
    def composite(self) -> bool:
        return len(self.mentions) > 1


def compare_claims(mentions: Sequence[ClaimMention], *, annotations: Mapping[str, Annotation] | None = None,
                   texts: Mapping[str, str] | None = None, published: Mapping[str, date | None] | None = None,
                   window_days: int = WINDOW_DAYS, event_window_days: int = EVENT_WINDOW_DAYS) -> tuple[Claim, ...]:
    """The claims of one story: its articles' mentions grouped by what they are about,
    each group spanning at least two articles and labelled agree, compatible or conflict.

    ``mentions`` are the claim mentions of all the story's articles. ``annotations``
    (by article id) give the dates each sentence names: mentions whose sentences name
    different days are not aligned. ``texts`` (by article id) are the articles' cleaned
    texts, used to tell a list of counts ("dozens of drones and more than 100 missiles")
    from counts that merely sit near each other. ``published`` (by article id) are the
    articles' publication dates: casualty and running counts from articles more than
    ``window_days`` apart are not compared, other details beyond ``event_window_days``.
    Conflicts come first, then compatible claims, then agreeing ones; titles after the
    other details of the same status; then in the order of their first mention.
    ``independent_sources`` is left at 0.
    """
    mentions = _redated(mentions, annotations or {})
    days = _sentence_days(annotations or {})
    within = _containment(mentions)
    windows = (window_days, event_window_days)
    items = _items(mentions, texts or {})
    groups: list[list[_Item]] = []
    for item in items:
        for group in groups:
            if all(_aligned(item, other, days, published or {}, windows, within) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    claims = []
    for group in groups:
        if len({item.article_id for item in group}) < 2:
            continue
        members = tuple(dict.fromkeys(m for item in sorted(group, key=lambda i: i.order) for m in item.mentions))
        first = min(group, key=lambda i: i.order)
        claims.append((first.order, Claim(about=_group_about(group), kind=first.mentions[0].kind,
                                          status=_status(group, published or {}), mentions=members)))
    claims.sort(key=lambda pair: (_STATUS_ORDER[pair[1].status], pair[1].kind == "name", pair[0]))
    return tuple(claim for _, claim in claims)


def _redated(mentions: Sequence[ClaimMention], annotations: Mapping[str, Annotation]) -> list[ClaimMention]:
    """``date`` mentions with the value of their time expression as the annotation now
    resolves it (a story dates its undated articles after annotation); those still
    unresolved, or resolved to less than a month, are left out."""
    kept = []
    for mention in mentions:
        if mention.kind == "date":
            annotation = annotations.get(mention.article_id)
            times = [t for t in annotation.times if mention.start <= t.start and t.end <= mention.end] \
                if annotation is not None else []
            value = times[0].value if times else mention.value
            if not value or len(value) not in (7, 10):
                continue
            if value != mention.value:
                mention = replace(mention, value=value)
        kept.append(mention)
    return kept


def _group_about(group: list[_Item]) -> str:
    """The ``about`` of the group's most specific mention: a total rather than a list's
    part, and the one naming most (agent, target, places), the first of equals."""
    def score(item: _Item) -> tuple:
        frame = item.frame
        anchors = sum(map(bool, (frame.agent, frame.targets, frame.cause, frame.places, frame.sources)))
        return (not item.composite, len(frame.heads), anchors, len(frame.places), -item.order)

    return max(group, key=score).mentions[0].about


# -- frames ---------------------------------------------------------------------------------


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return {"people": "people", "men": "man", "women": "woman", "children": "child"}.get(word, word)


#: Counted objects too common to align on alone: "people killed" needs a place, an
#: agent or a cause in common.
_GENERIC_OBJECTS = frozenset({_singular(noun.lower()) for noun in HUMAN_NOUNS} | {"case", "people"})


def _names(text: str | None) -> frozenset[str]:
    """Every place a list in ``about`` names: "Damascus, Syria and Iraq" names three."""
    if not text:
        return frozenset()
    return frozenset(name.strip().lower() for part in text.split(" and ") for name in part.split(", "))


def _containment(mentions: Sequence[ClaimMention]) -> dict[str, set[str]]:
    """Places the story's own mentions say lie in others: "Damascus, Syria" puts Damascus in Syria."""
    within: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.kind == "name":
            continue
        match = (_DATE_OF_STRIKE.match(mention.about) if mention.kind == "date"
                 else _DURATION_OF_EVENT.match(mention.about) if mention.kind == "duration"
                 else _TARGET_ABOUT.match(mention.about) or _ABOUT.match(mention.about))
        places = match["places"] if match else None
        for part in (places or "").split(" and "):
            chain = [name.strip().lower() for name in part.split(", ")]
            for i, name in enumerate(chain):
                within.setdefault(name, set()).update(chain[i + 1:])
    return within


def frame_of(mention: ClaimMention) -> _Frame | None:
    """The parts of a mention's ``about``; ``None`` for one this module cannot read."""
    if mention.kind in ("date", "name", "duration"):
        return _person_or_date_frame(mention)
    if mention.kind == "target":
        match = _TARGET_ABOUT.match(mention.about)
        if match is None:
            return None
        return _Frame(kind="target", objects=frozenset(), heads=frozenset(), share=False, event="struck",
                      agent=None, targets=frozenset(), cause=None, places=_names(match["places"]),
                      sources=frozenset())
    match = _ABOUT.match(mention.about)
    if match is None:
        return None
    text = match["object"]
    share = text.startswith("share of ")
    if share:
        text = text[len("share of "):]
    conjuncts = [" ".join(_singular(w) for w in part.lower().split()) for part in text.split(" and ")]
    return _Frame(
        kind=mention.kind, objects=frozenset(conjuncts), heads=frozenset(c.split()[-1] for c in conjuncts),
        share=share, event=match["event"], agent=(match["agent"] or match["cause_agent"] or "").lower() or None,
        targets=_names(match["targets"]), cause=match["cause"], places=_names(match["places"]),
        sources=_names(match["sources"]))


def _person_or_date_frame(mention: ClaimMention) -> _Frame | None:
    """A ``date`` or ``duration`` claim's happening (the killing or detention of a person,
    the strike on a kind of place, an event noun with its agent and places) or a ``name``
    claim's person; a person is kept in ``objects`` as written."""
    person = {"name": _TITLE_ABOUT, "date": _DATE_OF_PERSON, "duration": _DURATION_OF_PERSON}[mention.kind].match(
        mention.about)
    if person is not None:
        event = "title" if mention.kind == "name" else person["event"]
        return _Frame(kind=mention.kind, objects=frozenset({person["person"].lower()}), heads=frozenset(),
                      share=False, event=event, agent=None, targets=frozenset(), cause=None, places=frozenset(),
                      sources=frozenset())
    event = _DURATION_OF_EVENT.match(mention.about) if mention.kind == "duration" else None
    if event is not None:
        return _Frame(kind="duration", objects=frozenset(), heads=frozenset(), share=False, event=event["event"],
                      agent=(event["agent"] or "").lower() or None, targets=frozenset(), cause=None,
                      places=_names(event["places"]), sources=frozenset())
    strike = _DATE_OF_STRIKE.match(mention.about) if mention.kind == "date" else None
    if strike is None:
        return None
    return _Frame(kind="date", objects=frozenset(), heads=frozenset(), share=False, event="strike", agent=None,
                  targets=frozenset({strike["facility"]}), cause=None, places=_names(strike["places"]),
                  sources=frozenset())


def _same_person(a: frozenset[str], b: frozenset[str]) -> bool:
    """"Mohammad Reza Zahedi" and "Zahedi" are one person; "Joe Biden" and "Hunter Biden" two."""
    (first,), (second,) = a, b
    words_a, words_b = first.split(), second.split()
    if words_a[-1] != words_b[-1]:
        return False
    return len(words_a) == 1 or len(words_b) == 1 or words_a[0] == words_b[0]


def _same_name(a: str, b: str) -> bool:
    """"Iran" and "Iranian", "Israel" and "Israeli", "U.S." and "US" name the same country."""
    a, b = a.replace(".", ""), b.replace(".", "")
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    stem = short[:-1] if short.endswith(("a", "e")) and len(short) > 4 else short
    return len(stem) >= 4 and long.startswith(stem)


def _same_names(a: frozenset[str], b: frozenset[str]) -> bool:
    return all(any(_same_name(x, y) for y in b) for x in a) and all(any(_same_name(x, y) for x in a) for y in b)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(_same_name(x, y) for x in a for y in b)


def _compatible_frames(a: _Frame, b: _Frame, composite: bool,
                       within: Mapping[str, set[str]]) -> tuple[bool, bool]:
    """Whether two frames can be about the same thing, and whether they share an anchor.

    What was struck "in Damascus" and "in Syria" can be the same place when the story
    says Damascus is in Syria; counts of people killed in Damascus and in Syria cannot
    be the same count."""
    if a.kind != b.kind or a.event != b.event or a.share != b.share:
        return False, False
    if a.kind in ("date", "name", "duration") and a.objects:
        same = bool(b.objects) and _same_person(a.objects, b.objects)
        return same, same
    if a.kind == "target" or a.kind == "date":
        if a.targets != b.targets:
            return False, False
        shared = _overlap(a.places, b.places) or any(
            _overlap(frozenset(within.get(x, ())), b.places) for x in a.places) or any(
            _overlap(frozenset(within.get(y, ())), a.places) for y in b.places)
        return shared, shared
    if composite:
        if a.heads != b.heads:
            return False, False
    elif a.share:
        if not a.heads & b.heads:
            return False, False
    elif a.objects != b.objects:
        return False, False
    shared = False
    if a.agent and b.agent:
        if not _same_name(a.agent, b.agent):
            return False, False
        shared = True
    for mine, theirs in ((a.targets, b.targets), (a.places, b.places), (a.sources, b.sources)):
        # a count in Tunisia is not a count in Egypt and Tunisia: the places must be the same
        if mine and theirs:
            if not _same_names(mine, theirs):
                return False, False
            shared = True
    if a.cause and b.cause:
        if a.cause != b.cause:
            return False, False
        shared = True
    return True, shared


# -- values ---------------------------------------------------------------------------------


def _range(mention: ClaimMention) -> tuple[float, float]:
    """The range of values a reader takes a figure to mean (see the module docstring)."""
    qualifier = (mention.qualifier or "").lower()
    sense = _SENSES.get(qualifier)
    low = mention.low if mention.low is not None else 0.0
    high = mention.high
    if qualifier.endswith(RUNNING):
        # a running count ("hundreds have fled", "has killed 149") only gives a floor
        return low, float("inf")
    if high is None:
        high = float("inf") if sense == "≥" or mention.low is None else 2 * mention.low
        if mention.value.endswith("%"):
            high = min(high, 100.0)
    if sense is None and mention.low is not None and mention.low == mention.high and _round(mention.low):
        low, high = mention.low * 0.9, mention.low * 1.1
    return low, high


def _round(value: float) -> bool:
    return value >= 50 and value % 50 == 0


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


_KIND_WORDS = {word: kind for word, kind in PLACE_KINDS.items()}


def _place_kinds(value: str) -> tuple[frozenset[str], frozenset[str]]:
    """The kinds of place a target names as what was hit, and those it is only near:
    "compound near embassy" is (set(), {"embassy"}), "part of embassy complex" ({"embassy"}, set())."""
    own, near = set(), set()
    bucket = own
    for word in value.split():
        if word == "near":
            bucket = near
        elif word in _KIND_WORDS and _KIND_WORDS[word] not in _GENERIC_KINDS:
            bucket.add(_KIND_WORDS[word])
    return frozenset(own), frozenset(near)


def _targets_conflict(a: str, b: str) -> bool:
    own_a, near_a = _place_kinds(a)
    own_b, near_b = _place_kinds(b)
    if own_a and own_b and not own_a & own_b:
        return True
    # "a compound near the embassy" is not "the embassy compound"
    if not own_a and near_a and own_b and own_b <= near_a:
        return True
    if not own_b and near_b and own_a and own_a <= near_b:
        return True
    return False


#: Military ranks, by the word that ends them ("brigadier general" is a general), and the
#: words that make another rank of them.
RANKS = frozenset({"general", "colonel", "major", "captain", "lieutenant", "sergeant", "admiral", "corporal",
                   "commodore", "marshal"})
RANK_QUALIFIERS = frozenset({"brigadier", "major", "lieutenant", "vice", "rear", "staff", "master", "first",
                             "second", "air", "field"})
#: Words before "general" that make it an office, not a rank ("attorney general").
_CIVIL_GENERALS = frozenset({"attorney", "surgeon", "secretary", "inspector", "solicitor", "consul", "governor",
                             "postmaster", "comptroller", "auditor", "director", "procurator", "advocate", "vicar"})
#: Portfolios of ministers and secretaries that exclude one another.
PORTFOLIOS = {"foreign": "foreign", "defense": "defense", "defence": "defense", "interior": "interior",
              "finance": "finance", "justice": "justice", "health": "health", "education": "education",
              "energy": "energy", "economy": "economy", "agriculture": "agriculture", "transport": "transport",
              "trade": "trade", "labor": "labor", "labour": "labor", "treasury": "treasury", "state": "state",
              "home": "home", "environment": "environment"}
#: Words that make a title a past, partial or shared one: never a conflict.
_SOFT_TITLE_WORDS = frozenset({"former", "deputy", "vice", "acting", "ex", "then", "shadow", "junior", "assistant",
                               "under", "undersecretary", "interim", "late", "outgoing", "incoming"})


def _rank(title: str) -> tuple[str | None, str] | None:
    """("brigadier", "general") for "brigadier general"; ``None`` for no military rank."""
    words = title.split(" of ")[0].replace(",", " ").split()
    if not words or words[-1] not in RANKS:
        return None
    before = words[-2] if len(words) > 1 else None
    if words[-1] == "general" and before in _CIVIL_GENERALS:
        return None
    return (before if before in RANK_QUALIFIERS else None), words[-1]


def _office(title: str) -> tuple[str, str] | None:
    """("minister", "defense") for "israel defense minister" or "minister of defence"."""
    match = re.search(r"\b(\w+) (minister|secretary)$", title) or re.search(r"\b(minister|secretary) of (\w+)", title)
    if match is None:
        return None
    first, second = match.groups()
    office, portfolio = (second, first) if first not in ("minister", "secretary") else (first, second)
    return (office, PORTFOLIOS[portfolio]) if portfolio in PORTFOLIOS else None


def _titles_conflict(a: str, b: str) -> bool:
    """A colonel is not a general, a brigadier general not a major general, a defense
    minister not a foreign minister; every other pair of titles may describe one person."""
    if _SOFT_TITLE_WORDS & set(a.split()) or _SOFT_TITLE_WORDS & set(b.split()):
        return False
    rank_a, rank_b = _rank(a), _rank(b)
    if rank_a and rank_b and (rank_a[1] != rank_b[1] or None not in (rank_a[0], rank_b[0]) and rank_a[0] != rank_b[0]):
        return True
    office_a, office_b = _office(a), _office(b)
    return bool(office_a and office_b and office_a[0] == office_b[0] and office_a[1] != office_b[1])


def _day_range(value: str) -> tuple[float, float] | None:
    """The days (ordinals) an ISO day or month covers."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value).toordinal()
            return float(day), float(day)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:])
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return float(first.toordinal()), float(following.toordinal() - 1)
    except ValueError:
        return None
    return None


def _items_conflict(a: _Item, b: _Item) -> bool:
    if a.frame.kind == "target":
        return _targets_conflict(a.value, b.value)
    if a.frame.kind == "name":
        return _titles_conflict(a.value, b.value)
    if a.frame.kind == "date":
        # a day either way: overnight happenings, time zones, "late Monday" reported as Tuesday
        return a.high + 1 < b.low or b.high + 1 < a.low
    return _disjoint((a.low, a.high), (b.low, b.high))


def _status(group: list[_Item], published: Mapping[str, date | None]) -> str:
    by_article: dict[str, list[_Item]] = {}
    for item in group:
        by_article.setdefault(item.article_id, []).append(item)
    articles = list(by_article)
    for i, first in enumerate(articles):
        for second in articles[i + 1:]:
            if _updated(by_article[first], by_article[second], published):
                continue
            if all(_items_conflict(a, b) for a in by_article[first] for b in by_article[second]):
                return "conflict"
    if group[0].frame.kind == "name":
        return "agree" if all(_same_title(a.value, b.value) for a in group for b in group) else "compatible"
    values = {_normal_value(item.value) for item in group}
    return "agree" if len(values) == 1 else "compatible"


def _updated(first: list[_Item], second: list[_Item], published: Mapping[str, date | None]) -> bool:
    """A later article with a higher casualty count updates an earlier one, it does not
    contradict it ("639 were injured" on Wednesday, "916 people were injured" on Thursday)."""
    day_one, day_two = published.get(first[0].article_id), published.get(second[0].article_id)
    if day_one is None or day_two is None or day_one == day_two:
        return False
    if not all(m.kind == "casualties" for item in (*first, *second) for m in item.mentions):
        return False
    earlier, later = (first, second) if day_one < day_two else (second, first)
    return min(item.low for item in later) >= max(item.low for item in earlier)


_TITLE_FILLER = frozenset({"of", "the", "'s", "and"})


def _same_title(a: str, b: str) -> bool:
    """"president", "egyptian president" and "egypt's president" name one role; "former
    president" and "president" do not (``_SOFT_TITLE_WORDS``), nor "president" and "prime
    minister", nor "president" and "presidential envoy": only the other words ("egypt",
    "egyptian") may match by their stem."""
    words_a = set(a.replace("'s", " 's").split()) - _TITLE_FILLER
    words_b = set(b.replace("'s", " 's").split()) - _TITLE_FILLER
    if (words_a ^ words_b) & _SOFT_TITLE_WORDS:
        return False
    fewer, more = sorted((words_a, words_b), key=len)
    return all(word in more or word not in TITLE_WORDS and any(_same_name(word, other) for other in more)
               for word in fewer)


def _normal_value(value: str) -> str:
    """A value as compared for agreement: "4 so far" says the same as "4"."""
    return value.lower().removesuffix(f" {RUNNING}")


# -- items and alignment ----------------------------------------------------------------------


def _items(mentions: Sequence[ClaimMention], texts: Mapping[str, str]) -> list[_Item]:
    items: list[_Item] = []
    framed = [(order, m, frame) for order, m in enumerate(mentions) if (frame := frame_of(m)) is not None]
    for order, mention, frame in framed:
        if frame.kind in ("target", "name"):
            items.append(_Item((mention,), frame, 0.0, 0.0, mention.value, order))
        elif frame.kind == "date":
            days = _day_range(mention.value)
            if days is not None:
                items.append(_Item((mention,), frame, days[0], days[1], mention.value, order))
        elif frame.kind == "duration":
            low = mention.low if mention.low is not None else 0.0
            high = mention.high if mention.high is not None else float("inf")
            if mention.low == mention.high:
                low, high = low / _DURATION_SLACK, high * _DURATION_SLACK
            items.append(_Item((mention,), frame, low, high, mention.value, order))
        else:
            low, high = _range(mention)
            items.append(_Item((mention,), frame, low, high, mention.value, order))
    items += _lists(items, texts)
    items.sort(key=lambda item: item.order)
    return items


def _suffix(mention: ClaimMention) -> str:
    """What ``about`` says besides the counted object."""
    match = _ABOUT.match(mention.about)
    return mention.about[match.start("event"):] if match else mention.about


def _lists(items: list[_Item], texts: Mapping[str, str]) -> list[_Item]:
    """Sums of counts listed for one event in one sentence: "dozens of drones and more than
    100 ballistic missiles" launched by Iran."""
    found = []
    run: list[_Item] = []

    def close() -> None:
        if len(run) > 1 and len({h for item in run for h in item.frame.heads}) == sum(len(i.frame.heads) for i in run):
            mentions = tuple(m for item in run for m in item.mentions)
            heads = frozenset(h for item in run for h in item.frame.heads)
            objects = frozenset(o for item in run for o in item.frame.objects)
            frame = _Frame(kind=run[0].frame.kind, objects=objects, heads=heads, share=False,
                           event=run[0].frame.event, agent=run[0].frame.agent, targets=run[0].frame.targets,
                           cause=run[0].frame.cause, places=run[0].frame.places, sources=run[0].frame.sources)
            value = " + ".join(item.value for item in run)
            found.append(_Item(mentions, frame, sum(i.low for i in run), sum(i.high for i in run), value,
                               run[0].order))
        run.clear()

    for item in items:
        mention = item.mentions[0]
        if item.frame.kind != "quantity" or item.frame.share:
            continue
        if run:
            last = run[-1].mentions[0]
            between = _between(last, mention, texts)
            if (last.article_id == mention.article_id and last.sentence == mention.sentence
                    and _suffix(last) == _suffix(mention)
                    and between is not None and re.fullmatch(r"\s*(,|and|, and)\s*", between)):
                run.append(item)
                continue
            close()
        run.append(item)
    close()
    return found


def _between(first: ClaimMention, second: ClaimMention, texts: Mapping[str, str]) -> str | None:
    text = texts.get(first.article_id)
    if text is not None:
        return text[first.end:second.start]
    gap = second.start - first.end
    return " and " if 0 <= gap <= 6 else None


def _sentence_days(annotations: Mapping[str, Annotation]) -> dict[tuple[str, int], frozenset[str]]:
    days: dict[tuple[str, int], set[str]] = {}
    for article_id, annotation in annotations.items():
        for time in annotation.times:
            if time.value and len(time.value) == 10:
                days.setdefault((article_id, time.sentence), set()).add(time.value)
    return {key: frozenset(values) for key, values in days.items()}


def _aligned(item: _Item, other: _Item, days: Mapping[tuple[str, int], frozenset[str]],
             published: Mapping[str, date | None], windows: tuple[int, int],
             within: Mapping[str, set[str]]) -> bool:
    if item.composite and other.composite:
        return False
    if item.composite or other.composite:
        # a list and its own parts are not compared; a list is compared with a total only
        if set(item.mentions) & set(other.mentions) or item.article_id == other.article_id:
            return False
        if len((other if item.composite else item).frame.heads) < 2:
            return False
    same, shared = _compatible_frames(item.frame, other.frame, item.composite or other.composite, within)
    if not same:
        return False
    if item.article_id != other.article_id:
        first, second = published.get(item.article_id), published.get(other.article_id)
        changing = any(m.kind == "casualties" or (m.qualifier or "").endswith(RUNNING)
                       for m in (*item.mentions, *other.mentions))
        # a title is compared whenever it was written ("former" and "acting" never conflict)
        if first and second and abs((first - second).days) > windows[0 if changing else 1] \
                and item.frame.kind != "name":
            return False
        mine = {d for m in item.mentions for d in days.get((m.article_id, m.sentence), ())}
        theirs = {d for m in other.mentions for d in days.get((m.article_id, m.sentence), ())}
        # a date claim's own day is what is compared, and a title holds whatever day it is named on
        if mine and theirs and not mine & theirs and item.frame.kind not in ("date", "name"):
            return False
    if not shared:
        # Without an agent, target, place or cause in common, two mentions are aligned
        # only when they cannot conflict, and counts of people only when they give the
        # same figure, one large enough not to be a coincidence.
        if _items_conflict(item, other):
            return False
        if _generic(item.frame) or _generic(other.frame):
            return (not item.composite and not other.composite and item.value == other.value
                    and item.low == item.high and item.low >= 10)
    return True


def _generic(frame: _Frame) -> bool:
    return all(obj.split()[-1] in _GENERIC_OBJECTS for obj in frame.objects)
