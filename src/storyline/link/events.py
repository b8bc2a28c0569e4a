"""Events: the reports of one happening, from every article of a story, as one ``Event``.

Needs annotated articles (sentences with their content lemmas, named entities, time
expressions resolved to dates with the clause they modify) and the corpus' term
weights; adds nothing to them, it returns ``Event`` records. It reads only the
``Annotation`` records: no parsing here.

An *event mention* is a claim that something happened, with what the annotation says
about it:

* in a story (``link_events``), every clause that a resolved time expression dates
  (its ``clause_terms``: what happened then) is a dated mention, and every sentence
  without a resolved date is an undated one. Its *trigger* is its content lemmas less
  the words of names and reporting verbs ("say", "report"); its *context* all the
  sentence's lemmas;
* in the benchmark (``cluster_event_mentions``), a given span of a document: its
  trigger is the lemma of its words (the sentence's lemmas aligned to the span's
  words), its context the sentence's other lemmas.

Its *arguments* are its date (the resolved day, month or year), its places (GPE,
LOC and FAC entities of its clause) and its participants (PERSON, ORG and NORP).

Two mentions can be the same happening unless their arguments conflict: different
dates (a day and another day; a day and the month it falls in agree), or named places
that differ when neither article names the other's place at all (the strike "in
Damascus" and the strike "in Syria" in an article about Damascus agree; a strike in
Gaza and one in Sudan do not). Otherwise they score (``_score``):

* two word mentions (the benchmark): the probability of a logistic model over the
  trigger cosine (trigger lemmas stemmed, and mapped to ``SYNONYMS`` classes, so
  "shooting" meets "shot" and "killed" meets "died"), context and article cosines
  (IDF-weighted lemma vectors), same article, dated or not, shared place and
  participant, the trigger's rarity, and soft date and place disagreement; fitted on
  the ECB+ train topics, threshold ``SPAN_THRESHOLD`` chosen on dev;
* two sentence-level mentions (a story): the trigger cosine, plus ``SAME_DATE_BONUS``
  when both are dated alike or the undated one's article came out on the day (or the
  day after), less ``UNDATED_MARGIN`` for an undated mention and
  ``SAME_ARTICLE_MARGIN`` within one article; threshold ``THRESHOLD``.

Mentions are linked best score first, as long as the score reaches the threshold and
no pair of the two groups conflicts (single-link clustering under cannot-link
constraints), so that a chain of near matches cannot join two happenings that some of
their mentions tell apart. Only mentions sharing a trigger stem are compared (for
sentences, one of their heaviest; see ``BLOCKING_KEYS``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..model import Annotation, Article, Entity, Event, Sentence, SourceSpan, TimeExpression
from .similarity import TermWeights, add_vectors, cosine, dot, unit

__all__ = ["EventMentionInput", "cluster_event_mentions", "link_events", "mention_head"]

#: The logistic model of ``_score``: intercept, and a weight per feature of ``_features``
#: (trigger, context, document, same article, both dated, one dated, shared place,
#: shared participant, trigger rarity, trigger x context, dates disagree, places
#: disagree). Fitted (scikit-learn, C=1) on the candidate pairs of the ECB+ train topics
#: within gold topics; see bench/ecbplus_events.py.
INTERCEPT = -4.854
COEFFICIENTS = (0.816, -0.572, 7.522, -3.340, 0.020, 0.043, 0.065, 0.144, 0.946, 1.851, -1.513, -1.016)
#: Whether other dates, and other places, keep two mentions apart whatever their score.
HARD_DATES = True
HARD_PLACES = True
#: The least score that links two sentence-level mentions, and two word mentions (a probability).
THRESHOLD = 0.5
SPAN_THRESHOLD = 0.4
#: Sentence-level mentions (``link_events``): what a shared date adds to the cosine of
#: two triggers, and what an undated mention, or one of the same article, takes off.
SAME_DATE_BONUS = 0.3
UNDATED_MARGIN = 0.1
SAME_ARTICLE_MARGIN = 0.2

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Verbs of saying and reporting: they tell who reports, not what happened.
REPORTING = frozenset({
    "say", "tell", "report", "accord", "add", "note", "state", "claim", "confirm", "announce", "write", "quote",
    "according", "reportedly", "official", "spokesperson", "spokesman", "statement",
})
_WORD = re.compile(r"[^\W\d_]+|\d(?:[\d,.]*\d)?")
#: Irregular forms the suffix rules of ``stem`` cannot reach.
_IRREGULAR = {"struck": "strike", "shot": "shoot", "fled": "flee", "won": "win", "lost": "lose", "fought": "fight",
              "stole": "steal", "stolen": "steal", "caught": "catch", "sold": "sell", "bought": "buy", "took": "take",
              "taken": "take", "hung": "hang", "ran": "run", "began": "begin", "begun": "begin", "broke": "break",
              "broken": "break", "fell": "fall", "fallen": "fall", "led": "lead", "held": "hold", "met": "meet",
              "sank": "sink", "sunk": "sink", "left": "leave", "sent": "send", "threw": "throw", "thrown": "throw",
              "went": "go", "gone": "go", "made": "make", "came": "come", "gave": "give", "given": "give",
              "said": "say", "nominee": "nominate", "quake": "earthquake", "shots": "shoot", "quakes": "earthquake"}
#: Words that name the same kind of happening in news reports ("killed", "died", "death";
#: "hit", "struck"): each maps to its class's first word.
SYNONYMS = (
    ("die", "death", "dead", "kill", "killing", "murder", "slay", "slaying", "homicide", "fatal", "deadly",
     "perish"),
    ("strike", "hit", "slam", "jolt", "rock"),
    ("earthquake", "tremor", "temblor"),
    ("fire", "blaze", "inferno"),
    ("arrest", "capture", "detain", "nab", "apprehend", "catch", "apprehension", "detention"),
    ("charge", "accuse", "indict", "indictment"),
    ("win", "beat", "victory", "defeat", "triumph"),
    ("release", "issue", "unveil"),
    ("injure", "wound", "hurt", "injury"),
    ("flee", "escape"),
    ("rob", "robbery", "heist", "steal", "theft", "burglary", "loot"),
    ("crash", "accident", "collision", "wreck"),
    ("find", "discover", "locate", "discovery"),
    ("place", "put"),
    ("cut", "sever"),
    ("fix", "repair", "patch", "plug"),
    ("foil", "thwart"),
    ("acquire", "buy", "purchase", "acquisition", "takeover"),
    ("resign", "quit", "resignation"),
    ("explode", "explosion", "blast", "detonate", "detonation"),
    ("attack", "assault"),
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ates", "ated", "ate", "ies", "es", "ed",
             "s")


def _simple_stem(word: str) -> str:
    word = _IRREGULAR.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if "at" in suffix else 3 if len(suffix) > 2 else 2):
            word = word[: -len(suffix)]
            break
    if len(word) > 2 and word[-1] in "ey":
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


_CLASS_OF = {_simple_stem(word): _simple_stem(words[0]) for words in SYNONYMS for word in words}


@lru_cache(maxsize=65536)
def stem(lemma: str) -> str:
    """What a trigger lemma is compared by: its stem ("shooting", "shoot" and "shot" give
    "shoot"), or its synonym class's (``SYNONYMS``: "died" and "killed" meet)."""
    word = _simple_stem(lemma.lower())
    return _CLASS_OF.get(word, word)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMentionInput:
    """A span of an article that names a happening ("bombed", "the air strike"), with the
    article's annotation: the unit ``cluster_event_mentions`` links."""

    article: Article
    annotation: Annotation
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class _Mention:
    order: tuple[int, int, int]
    article_id: str
    sentence: Sentence
    offset: int
    trigger: Mapping[str, float]
    context: Mapping[str, float]
    date: str | None
    places: tuple[str, ...]
    participants: tuple[str, ...]
    article_names: frozenset[str]
    document: Mapping[str, float] = field(default_factory=dict)
    published: date | None = None
    sentence_level: bool = False
    keys: frozenset[str] = field(default_factory=frozenset)
    place_keys: frozenset[str] = field(default_factory=frozenset)
    participant_keys: frozenset[str] = field(default_factory=frozenset)
    unit_trigger: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "place_keys", frozenset(_name_key(p) for p in self.places))
        object.__setattr__(self, "participant_keys", frozenset(_name_key(p) for p in self.participants))
        object.__setattr__(self, "unit_trigger", unit(self.trigger))

    @property
    def signature(self) -> tuple:
        """What ``_conflict`` reads of a mention: two mentions with one signature conflict
        with exactly the same others."""
        return self.date, self.place_keys, self.article_id, self.published if self.date is None else None


def _fits(term: str, word: str) -> bool:
    """Whether ``word`` (lower case) could be an inflection of the lemma ``term``."""
    if term == word or _IRREGULAR.get(word) == term:
        return True
    common = 0
    for x, y in zip(term, word):
        if x != y:
            break
        common += 1
    return common >= 2 and common >= min(len(term), len(word)) - 3


def aligned_terms(text: str, sentence: Sentence) -> list[tuple[int, int, str]]:
    """The sentence's content lemmas with the character span of the word each came from.

    The annotation keeps a sentence's lemmas in text order; each is matched to the next
    word of the sentence it can be an inflection of (a lemma with no such word nearby,
    an irregular form, is left out).
    """
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, sentence.start, sentence.end)]
    aligned = []
    position = 0
    for term in sentence.terms:
        for look in range(position, min(position + 6, len(words))):
            start, end, word = words[look]
            if _fits(term, word):
                aligned.append((start, end, term))
                position = look + 1
                break
    return aligned


def _names(entities: Iterable[Entity]) -> frozenset[str]:
    return frozenset(_name_key(e.text) for e in entities if e.label in PLACE_LABELS | PARTICIPANT_LABELS)


def _name_key(text: str) -> str:
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"\s*['’]s$", "", text)
    return text.lower()


def _name_words(entities: Iterable[Entity]) -> set[str]:
    return {word.lower() for e in entities for word in _WORD.findall(e.text)}


def _entity_names(entities: Sequence[Entity], labels: frozenset[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for entity in entities:
        if entity.label in labels:
            seen.setdefault(_name_key(entity.text), re.sub(r"\s*['’]s$", "", re.sub(r"^the\s+", "", entity.text)))
    return tuple(seen.values())


def _sentence_of(annotation: Annotation, offset: int) -> Sentence | None:
    for sentence in annotation.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _places_conflict(a: _Mention, b: _Mention) -> bool:
    """Whether the mentions name places and neither article names any of the other's."""
    if a.place_keys and b.place_keys:
        ours, theirs = a.place_keys, b.place_keys
        return not ours & theirs and not ours & b.article_names and not theirs & a.article_names
    return False


def _conflict(a: _Mention, b: _Mention) -> bool:
    """Whether two mentions cannot be one happening: other dates, or other places."""
    if HARD_DATES and not _dates_agree(a.date, b.date):
        return True
    if HARD_PLACES and _places_conflict(a, b):
        return True
    # An undated report cannot be of a happening dated after its article came out.
    for undated, dated in ((a, b), (b, a)):
        if undated.date is None and dated.date is not None and undated.published is not None \
                and dated.date[:10] > undated.published.isoformat()[: len(dated.date)]:
            return True
    return False


def _features(a: _Mention, b: _Mention) -> tuple[float, ...]:
    """What tells two mentions of one happening from mentions of two (see ``COEFFICIENTS``)."""
    shared = a.keys & b.keys
    rarity = max((min(a.trigger.get(k, 0.0), b.trigger.get(k, 0.0)) for k in shared), default=0.0) / 10.0
    context = cosine(a.context, b.context)
    trigger = cosine(a.trigger, b.trigger)
    return (trigger, context, cosine(a.document, b.document), float(a.article_id == b.article_id),
            float(a.date is not None and b.date is not None), float((a.date is None) != (b.date is None)),
            float(bool(a.place_keys & b.place_keys)), float(bool(a.participant_keys & b.participant_keys)),
            rarity, trigger * context, float(not _dates_agree(a.date, b.date)), float(_places_conflict(a, b)))


def _published_on(undated: _Mention, dated: _Mention) -> bool:
    """Whether the undated mention's article came out on the dated mention's day or the day after."""
    if undated.date is not None or dated.date is None or len(dated.date) != 10 or undated.published is None:
        return False
    return 0 <= (undated.published - date.fromisoformat(dated.date)).days <= 1


def _score(a: _Mention, b: _Mention) -> float:
    """How likely two mentions report one happening, from 0 to 1.

    Two word mentions (the benchmark's spans): the logistic model of ``_features``.
    Two sentences or clauses: the cosine of their triggers, plus ``SAME_DATE_BONUS``
    when they are dated alike (or one is undated but its article came out on the
    other's day or the day after), less ``UNDATED_MARGIN`` when one is undated and less
    ``SAME_ARTICLE_MARGIN`` when they are in one article (a report coming back to its
    subject is linked only when it repeats it).
    """
    if a.sentence_level or b.sentence_level:
        score = dot(a.unit_trigger, b.unit_trigger)  # the cosine of the triggers
        if a.date is not None and b.date is not None:
            score += SAME_DATE_BONUS
        else:
            score -= UNDATED_MARGIN
            if _published_on(a, b) or _published_on(b, a):
                score += SAME_DATE_BONUS
        if a.article_id == b.article_id:
            score -= SAME_ARTICLE_MARGIN
        return score
    total = INTERCEPT + sum(w * x for w, x in zip(COEFFICIENTS, _features(a, b)))
    return 1.0 / (1.0 + math.exp(-total))


#: Blocking, so that a story of thousands of sentences is not compared pair by pair: a
#: sentence-level mention is compared with those sharing one of its ``BLOCKING_KEYS``
#: heaviest trigger stems, and a stem shared by more than ``MAX_POSTINGS`` mentions (a
#: word of the whole story, not of one happening) brings no pairs (``MAX_SENTENCE_POSTINGS``
#: for sentences). Word mentions (the benchmark) block on all their stems.
BLOCKING_KEYS = 4
MAX_POSTINGS = 400
#: The same for sentence-level mentions, whose stems are many and common in a long story.
MAX_SENTENCE_POSTINGS = 120


def _blocking_keys(mention: _Mention) -> Iterable[str]:
    if not mention.sentence_level:
        return mention.keys
    return sorted(mention.keys, key=lambda key: (-mention.trigger.get(key, 0.0), key))[:BLOCKING_KEYS]


def _cluster(mentions: Sequence[_Mention], threshold: float = THRESHOLD) -> list[int]:
    """Single-link clustering of ``mentions`` under cannot-link constraints; a label per mention."""
    index: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        for key in _blocking_keys(mention):
            index.setdefault(key, []).append(i)
    candidates = set()
    for members in index.values():
        if len(members) > (MAX_SENTENCE_POSTINGS if mentions[members[0]].sentence_level else MAX_POSTINGS):
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                candidates.add((i, j))
    scored = []
    conflicts: set[tuple[int, int]] = set()
    for i, j in candidates:
        if _conflict(mentions[i], mentions[j]):
            conflicts.add((i, j))
            continue
        score = _score(mentions[i], mentions[j])
        if score >= threshold:
            scored.append((-score, mentions[i].order, mentions[j].order, i, j))
    # conflicts between mentions that share no key matter too: checked lazily below
    parent = list(range(len(mentions)))
    # Each group's mentions by conflict signature: two groups conflict when a pair of their
    # signatures does, which is far fewer pairs than of their mentions.
    members_of: dict[int, dict[tuple, _Mention]] = {i: {m.signature: m} for i, m in enumerate(mentions)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, _, i, j in sorted(scored):
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        if any(_conflict(x, y) for x in members_of[ri].values() for y in members_of[rj].values()):
            continue
        parent[rj] = ri
        for signature, mention in members_of.pop(rj).items():
            members_of[ri].setdefault(signature, mention)
    labels: dict[int, int] = {}
    return [labels.setdefault(root(i), len(labels)) for i in range(len(mentions))]


def mention_head(text: str, annotation: Annotation, start: int, end: int) -> tuple[str, ...]:
    """The lemmas of the words in ``text[start:end]`` (its lower-cased words when none are content words)."""
    sentence = _sentence_of(annotation, start)
    lemmas = ()
    if sentence is not None:
        lemmas = tuple(term for s, e, term in aligned_terms(text, sentence) if s < end and e > start)
    if not lemmas:
        lemmas = tuple(word.lower() for word in _WORD.findall(text[start:end]))
    return lemmas


def _arguments(annotation: Annotation, sentence: Sentence, within: set[str] | None,
               sentence_entities: Sequence[Entity] | None = None,
               ) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """The places and participants a sentence names (within the words ``within`` when given);
    ``sentence_entities`` are the sentence's entities when the caller has them at hand."""
    if sentence_entities is None:
        sentence_entities = [e for e in annotation.entities if e.sentence == sentence.index]
    entities = [e for e in sentence_entities
                if within is None or {w.lower() for w in _WORD.findall(e.text)} & within]
    return None, _entity_names(entities, PLACE_LABELS), _entity_names(entities, PARTICIPANT_LABELS)


def _sentence_date(annotation: Annotation, sentence: Sentence) -> str | None:
    """The date of a sentence, when its resolved time expressions all agree."""
    values = sorted({t.value for t in annotation.times if t.sentence == sentence.index and t.value},
                    key=len, reverse=True)
    if values and all(values[0].startswith(v) for v in values):
        return values[0]
    return None


def cluster_event_mentions(mentions: Sequence[EventMentionInput], weights: TermWeights, *,
                           threshold: float = SPAN_THRESHOLD) -> list[int]:
    """A cluster label per event mention: mentions with the same label report the same happening.

    Each mention's trigger is the lemma of its words, its context the other lemmas of
    its sentence, its date the agreeing dates of the sentence's time expressions, its
    places and participants the sentence's names. Linked as the module docstring says;
    labels are numbered in order of first mention.
    """
    return _cluster(_mention_inputs(mentions, weights), threshold)


def _mention_inputs(mentions: Sequence[EventMentionInput], weights: TermWeights) -> list[_Mention]:
    prepared = []
    documents: dict[str, Mapping[str, float]] = {}
    for position, item in enumerate(mentions):
        if item.article.id not in documents:
            documents[item.article.id] = _document_vector(item.annotation, weights)
        sentence = _sentence_of(item.annotation, item.start)
        if sentence is None:
            sentence = Sentence(index=-1, start=item.start, end=item.end, terms=())
        head = mention_head(item.article.text, item.annotation, item.start, item.end)
        stems = [stem(term) for term in head]
        context_terms = [t for t in sentence.terms if t not in head]
        _, places, participants = _arguments(item.annotation, sentence, None)
        prepared.append(_Mention(
            order=(position, item.start, 0), article_id=item.article.id, sentence=sentence, offset=item.start,
            trigger=weights.vector(stems), context=weights.vector(context_terms),
            date=_sentence_date(item.annotation, sentence), places=places, participants=participants,
            article_names=_names(item.annotation.entities), published=item.article.published,
            document=documents[item.article.id],
            keys=frozenset(stems)))
    return prepared


def _story_mentions(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                    weights: TermWeights) -> list[_Mention]:
    mentions = []
    for position, article in enumerate(articles):
        annotation = annotations[article.id]
        names = _names(annotation.entities)
        document = _document_vector(annotation, weights)
        entities_of: dict[int, list[Entity]] = {}
        for entity in annotation.entities:
            entities_of.setdefault(entity.sentence, []).append(entity)
        times_of: dict[int, list[TimeExpression]] = {}
        for time in annotation.times:
            if time.value is not None and time.timex_type != "DURATION":
                times_of.setdefault(time.sentence, []).append(time)
        for sentence in annotation.sentences:
            sentence_entities = entities_of.get(sentence.index, [])
            name_words = _name_words(sentence_entities)
            times: dict[str, list[TimeExpression]] = {}
            for time in times_of.get(sentence.index, ()):
                times.setdefault(time.value, []).append(time)
            dated = [(value, group) for value, group in times.items()]
            for value, group in dated:
                clause = [t for time in group for t in time.clause_terms] or list(sentence.terms)
                trigger = [stem(t) for t in clause if t not in name_words and t not in REPORTING]
                _, places, participants = _arguments(annotation, sentence, set(clause), sentence_entities)
                mentions.append(_Mention(
                    order=(position, sentence.start, group[0].start), article_id=article.id, sentence=sentence,
                    offset=group[0].start, trigger=weights.vector(trigger), context=weights.vector(sentence.terms),
                    date=value, places=places, participants=participants, article_names=names,
                    document=document, published=article.published, sentence_level=True, keys=frozenset(trigger)))
            if not dated:
                trigger = [stem(t) for t in sentence.terms if t not in name_words and t not in REPORTING]
                _, places, participants = _arguments(annotation, sentence, None, sentence_entities)
                mentions.append(_Mention(
                    order=(position, sentence.start, sentence.start), article_id=article.id, sentence=sentence,
                    offset=sentence.start, trigger=weights.vector(trigger), context=weights.vector(sentence.terms),
                    date=None, places=places, participants=participants, article_names=names,
                    document=document, published=article.published, sentence_level=True, keys=frozenset(trigger)))
    return mentions


def _document_vector(annotation: Annotation, weights: TermWeights) -> dict[str, float]:
    return weights.vector(term for sentence in annotation.sentences for term in sentence.terms)


def _ranked_names(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for names in groups:
        for name in dict.fromkeys(names):
            key = _name_key(name)
            counts[key] += 1
            shown.setdefault(key, name)
    order = {key: i for i, key in enumerate(shown)}
    return tuple(shown[key] for key in sorted(counts, key=lambda k: (-counts[k], order[k])))


def link_events(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                weights: TermWeights) -> tuple[Event, ...]:
    """The events of one story: each happening with every sentence, from every article, that reports it.

    Needs the story's articles and their annotations, time expressions resolved (those
    of undated articles through ``link.infer_publication_windows``), and the corpus'
    term weights. An event is kept when it is dated or reported by at least two
    articles. Events come ordered by date (undated last), then by first mention.
    ``independent_sources`` is left 0 for the cross-checking stage.
    """
    by_id = {article.id: article for article in articles}
    mentions = _story_mentions(articles, annotations, weights)
    labels = _cluster(mentions)
    groups: dict[int, list[_Mention]] = {}
    for label, mention in zip(labels, mentions):
        groups.setdefault(label, []).append(mention)
    events = []
    for members in groups.values():
        members.sort(key=lambda m: m.order)
        article_ids = {m.article_id for m in members}
        dates = [m.date for m in members if m.date is not None]
        if not dates and len(article_ids) < 2:
            continue
        first = members[0]
        spans: dict[tuple[str, int], SourceSpan] = {}
        for m in members:
            text = by_id[m.article_id].text
            spans.setdefault((m.article_id, m.sentence.start), SourceSpan(
                article_id=m.article_id, start=m.sentence.start, end=m.sentence.end,
                text=text[m.sentence.start:m.sentence.end]))
        # The most central mention: the greatest sum of trigger cosines with the others,
        # which is its unit trigger's dot product with the sum of the others'.
        total = add_vectors(m.unit_trigger for m in members)
        central = max(enumerate(members), key=lambda item: (
            item[1].date is not None,
            dot(item[1].unit_trigger, total) - dot(item[1].unit_trigger, item[1].unit_trigger),
            -item[0]))[1]
        events.append(Event(
            id="event-" + hashlib.sha1(f"{first.article_id}:{first.offset}".encode()).hexdigest()[:10],
            date=_event_date(dates),
            places=_ranked_names(m.places for m in members),
            participants=_ranked_names(m.participants for m in members),
            summary_source=spans[(central.article_id, central.sentence.start)],
            mentions=tuple(spans.values())))
    order = {event.id: i for i, event in enumerate(events)}
    return tuple(sorted(events, key=lambda e: (e.date is None, e.date or "", order[e.id])))


def _event_date(dates: Sequence[str]) -> str | None:
    """The finest date the mentions give, the most often given among those."""
    if not dates:
        return None
    finest = max(len(d) for d in dates)
    counts = Counter(d for d in dates if len(d) == finest)
    return min(counts, key=lambda d: (-counts[d], d))
