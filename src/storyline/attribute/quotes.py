"""Quotes and reported speech in one parsed article: who (source) said (cue) what (content).

Needs: a spaCy ``Doc`` of the cleaned article text, with a dependency parse and
entities (``storyline.annotate.load_pipeline``). Adds: ``Quote`` records whose
character offsets index into ``doc.text``, with the speaker resolved to the fullest
name the article gives (see ``speakers.py``).

The rules, in the order they claim text:

1. quote marks are paired on the characters (straight, curly, single and double;
   a quote left open at the end of a paragraph goes on in the next paragraph when that
   one opens with a quote mark, the newspaper convention);
2. a paragraph opening with a speaker label ("PENCE: ...", "Mark Cuban: ...") is that
   speaker's: the label is the source, the colon the cue;
3. a speech verb ("said", "told", "warned", ...) with a clausal complement gives an
   attribution: its subject is the source, the complement the content. A complement
   that is all quoted is a direct quote (the content is then the whole quoted
   stretch, however many sentences it runs over), a complement holding a quoted
   fragment is mixed, the rest is reported speech. Beliefs, intentions and stances count
   too, by the verb's frame ("believes that ...", "vowed to ...", "mocked the plan",
   "called for ..."): the hand lists below plus the lexicon learned from PolNeAR train
   (``data/cues.json``, written by ``bench/attribution_lexicon.py``). A speech verb set
   into the clause it reports ("The museum, Mr. Obama said, would ...") takes that clause,
   in two segments. "..., saying ..." and "..., adding ..." take the main clause's
   subject as their source, as PolNeAR does. Verbs outside the lexicons are cues when a
   scorer learned from PolNeAR train (``data/cue_scorer.json``, written by
   ``bench/attribution_cues.py``) finds them likely ones in their context ("Trump wants to
   ...", "she sees the deal as ..."), and it drops learned-lexicon verbs it finds very
   unlikely ones;
4. "according to X, ..." gives X as source and the clause it modifies as content;
5. a speech verb with no complement next to a quoted stretch ("'...,' he said",
   "He said: '...'") takes that stretch; a second stretch just after the attribution
   ("'We will respond,' Raisi said, 'more fiercely'") is a second segment;
6. a quoted stretch no rule claimed is a quote when it reads as speech (a clause or
   several words, not a scare-quoted word) and a neighbouring sentence has an
   attribution: the speaker is that attribution's, source and cue are ``None``.

Spans follow PolNeAR's conventions, so that the benchmark's exact match can reward them:
the source is the subject's whole phrase, appositions and relative clauses included, with
the comma that closes an apposition ("Erin Murphy, a former aide, said"); the cue takes the
verb's auxiliaries, negation and adverbs ("has also said") and, when the content follows,
the adjuncts up to it ("said in a statement").
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..model import Quote, TextSpan
from .speakers import ORGANIZATION_NOUNS, PERSON_ROLES, Speakers

#: Lemmas of verbs that attribute speech, writing or a stated belief to their subject.
SPEECH_VERBS = frozenset({
    "accuse", "acknowledge", "add", "admit", "advise", "affirm", "agree", "allege", "announce", "answer", "argue",
    "ask", "assert", "assure", "believe", "blast", "boast", "brag", "caution", "charge", "cite", "claim",
    "comment", "complain", "concede", "conclude", "confirm", "contend", "continue", "counter", "declare",
    "decry", "demand", "deny", "describe", "disclose", "dismiss", "emphasise", "emphasize", "estimate",
    "explain", "fear", "feel", "find", "guess", "highlight", "hint", "hope", "indicate", "inform", "insist",
    "instruct", "joke", "know", "lament", "maintain", "mention", "note", "notify", "observe", "order", "plead",
    "pledge", "point", "post", "praise", "predict", "proclaim", "promise", "propose", "quip", "read", "recall",
    "recount", "reiterate", "remark", "remind", "repeat", "reply", "report", "respond", "retort", "reveal",
    "say", "scream", "shout", "show", "speculate", "state", "stress", "suggest", "suspect", "swear",
    "tell", "testify", "think", "threaten", "tweet", "underscore", "urge", "vow", "warn", "worry", "write",
    "yell",
})
#: Verbs that attribute an object ("called the plan a disaster", "denied the report") or an
#: intention ("vowed to fight", "urged Congress to act"), as PolNeAR annotates them.
OBJECT_VERBS = frozenset({
    "accuse", "announce", "applaud", "blast", "call", "cite", "condemn", "confirm", "criticize", "decry",
    "defend", "denounce", "deny", "describe", "discuss", "endorse", "highlight", "mention", "praise", "question",
    "recommend", "reject", "slam", "tout", "tweet", "express",
})
INTENTION_VERBS = frozenset({"decline", "pledge", "promise", "refuse", "threaten", "urge", "vow"})
#: Speech verbs whose complement is usually not speech unless it is quoted or a clause.
_WEAK_VERBS = frozenset({"find", "know", "show", "read", "post", "continue", "point", "order", "feel"})
#: Dependency labels of a verb's clausal complement.
_COMPLEMENTS = frozenset({"ccomp"})
#: Verbs of saying proper: an "according to" around one of these only cites the outlet.
_CORE_VERBS = frozenset({"say", "tell", "add", "write", "report", "announce", "warn", "state", "confirm", "claim",
                         "insist", "tweet", "declare"})


def _load_lexicon() -> dict[str, frozenset[str]]:
    """The cue lexicon learned from PolNeAR train (``data/cues.json``, written by
    ``bench/attribution_lexicon.py``): verb lemmas by the frame whose argument they
    attribute, ``ccomp``, ``dobj``, ``xcomp`` or ``prep:<word>``."""
    data = json.loads(resources.files(__package__).joinpath("data", "cues.json").read_text(encoding="utf-8"))
    return {frame: frozenset(lemmas) for frame, lemmas in data["frames"].items()}


LEARNED_CUES = _load_lexicon()
#: Lemmas whose clausal complement is attributed: the hand list and the learned one.
_CCOMP_VERBS = SPEECH_VERBS | LEARNED_CUES.get("ccomp", frozenset())
_DOBJ_VERBS = OBJECT_VERBS | LEARNED_CUES.get("dobj", frozenset())
_XCOMP_VERBS = INTENTION_VERBS | LEARNED_CUES.get("xcomp", frozenset())
_PREP_VERBS = {frame.partition(":")[2]: lemmas for frame, lemmas in LEARNED_CUES.items() if frame.startswith("prep:")}
_CUE_LEMMAS = _CCOMP_VERBS | _DOBJ_VERBS | _XCOMP_VERBS | frozenset().union(*_PREP_VERBS.values())
_SUBJECTS = ("nsubj", "nsubjpass")

OPENING = frozenset("\"“‘'«„")
CLOSING = frozenset("\"”’'»“")
_PAIRS = {"“": "”", "‘": "’", "«": "»", "„": "“"}
_EDGE = " \t\n\r\u00a0,;:—–-"
#: A quoted stretch with fewer words than this and no verb is a title, a term or a
#: scare quote ("a joint defense of Israel a “win”"), not speech, unless a rule attributes it.
MIN_SPEECH_WORDS = 4


@dataclass(slots=True, eq=False)
class _Stretch:
    """Quoted text: ``start``/``end`` are the characters inside the marks (one piece per
    paragraph of a quote that runs over several), ``outer_*`` include the marks."""

    pieces: list[tuple[int, int]]
    outer_start: int
    outer_end: int
    claimed: bool = False


@dataclass(slots=True)
class _Attribution:
    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: Span | None
    sentence: int
    verb: Token | None = None
    speaker_of: Token | None = None
    anchor: int = 0
    stretches: list[_Stretch] = field(default_factory=list)


def find_quotes(doc: Doc) -> tuple[Quote, ...]:
    """Every attribution in ``doc``: direct quotes, reported speech and mixed quotes, in
    text order, with cue, source and resolved speaker."""
    _TEXTS[id(doc)] = doc.text  # Doc.text joins every token on each access
    try:
        return _find_quotes(doc)
    finally:
        _TEXTS.pop(id(doc), None)


#: The text of the docs being read, by ``id``: see ``find_quotes``.
_TEXTS: dict[int, str] = {}


def _text(doc: Doc) -> str:
    text = _TEXTS.get(id(doc))
    return text if text is not None else doc.text


def _find_quotes(doc: Doc) -> tuple[Quote, ...]:
    text = _text(doc)
    stretches = _quoted_stretches(text)
    sentences = list(doc.sents)
    sentence_of = [0] * len(doc)
    for index, sentence in enumerate(sentences):
        for i in range(sentence.start, sentence.end):
            sentence_of[i] = index
    inside = _inside_map(doc, stretches)
    attributions, used_cues = _speaker_labels(doc, stretches, inside, sentence_of)
    for token in doc:
        if inside[token.i] is not None or token.i in used_cues:
            continue
        if token.lower_ == "according" and _according_to(token) is not None:
            found = _according_attribution(doc, token, stretches, inside, sentence_of)
        elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _CUE_LEMMAS and not _vetoed(token, inside):
            found = _verb_attribution(doc, token, stretches, inside, sentence_of, used_cues)
        else:
            found = None
        if found is None and token.pos_ == "VERB" and CUE_SCORER.weights:
            frame = _scored_frame(token, inside)
            if frame is not None:
                found = _verb_attribution(doc, token, stretches, inside, sentence_of, used_cues, frame)
        if found is not None:
            attributions.append(found)
            if found.verb is not None:
                used_cues.add(found.verb.i)
    _drop_nested(attributions)
    _cut_inner(doc, attributions)
    _adjacent_quotes(doc, attributions, stretches, inside, sentence_of, sentences, used_cues)
    _continuations(doc, attributions, stretches, sentence_of, sentences)
    speakers = Speakers(doc)
    quotes = [_quote(doc, found, speakers) for found in attributions]
    quotes.extend(_neighbour_quotes(doc, stretches, quotes, sentence_of, sentences))
    quotes.sort(key=lambda quote: (quote.content[0].start, quote.content[0].end))
    return tuple(quotes)


# -- speaker labels -----------------------------------------------------------------------

#: Words that label a paragraph without naming a speaker: "UPDATE: ...", "WATCH: ...".
_NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor", "editors", "watch", "video", "photos", "photo", "related", "read",
    "breaking", "exclusive", "source", "sources", "by", "correction", "listen", "see", "more", "also", "tags",
})
#: The most words a speaker label has before its colon ("Rep. Jim Jordan:").
_LABEL_WORDS = 5


def _speaker_labels(doc: Doc, stretches: list[_Stretch], inside: list[_Stretch | None],
                    sentence_of: list[int]) -> tuple[list[_Attribution], set[int]]:
    """A paragraph opening with a name and a colon, as in a transcript or a headline
    ("PENCE: Well, the question ...", "Sanders: Clinton needs to ..."): the name is the
    source, the colon the cue, the rest of the paragraph the content. The label is a
    capitalised name, not a heading word ("UPDATE:"). Also returns the tokens of
    these contents, which hold no other cue. A title-case label must be a person's name:
    a headline such as "Stealth Over Health: ..." names no speaker."""
    found: list[_Attribution] = []
    covered: set[int] = set()
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
    for start, end in zip([0] + [i + 1 for i in breaks], breaks + [len(doc)]):
        while start < end and doc[start].text in OPENING:
            start += 1
        colon = next((i for i in range(start, min(end, start + _LABEL_WORDS + 1)) if doc[i].text == ":"), None)
        if colon is None or colon + 1 >= end:
            continue
        label = [t for t in doc[start:colon] if not t.is_punct]
        if (not label or any(t.lower_ in _NOT_SPEAKERS for t in label) or all(len(t.text) == 1 for t in label)
                or not (all(t.is_upper and t.is_alpha for t in label)  # a transcript's "WALLACE:"
                        or all(t.ent_type_ == "PERSON" for t in label))):  # "Mark Cuban: ..."
            continue
        left, right = _trim(doc, colon + 1, end)
        while right > left and doc[right - 1].text in CLOSING and inside[right - 2] is None:
            right -= 1  # the mark closing a transcript quoted whole
        if right - left < 2:
            continue
        content = _char_range(doc, left, right)
        touched = _stretch_at(stretches, *content)
        for stretch in touched:
            stretch.claimed = True  # the words are the speaker's, whatever the marks around them pair up as
        covered.update(range(colon, end))
        found.append(_Attribution(
            kind="direct", content=[content], cue=_char_range(doc, colon, colon + 1), source=doc[start:colon],
            sentence=sentence_of[colon], verb=doc[colon], anchor=colon, stretches=touched))
    return found, covered


# -- quote marks ------------------------------------------------------------------------


def _is_opening(text: str, i: int) -> bool:
    char = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in "“«„‘":
        if char == "‘" and before.isalnum():
            return False
        return not after.isspace()
    if char in "\"'":
        if char == "'" and before.isalnum():
            return False  # an apostrophe: "don't", "Iran's", "90s'"
        return (before.isspace() or before in "([{—–-/:;\"“") and not after.isspace()
    return False


def _is_closing(text: str, i: int, mark: str) -> bool:
    char = text[i]
    after = text[i + 1] if i + 1 < len(text) else " "
    if mark in _PAIRS:
        if char != _PAIRS[mark] and not (mark == "“" and char == '"'):
            return False
    elif char != mark and not (mark == '"' and char == "”") and not (mark == "'" and char == "’"):
        return False
    if char in "'’" and after.isalnum():
        return False
    return True


def _quoted_stretches(text: str) -> list[_Stretch]:
    """Pair quote marks paragraph by paragraph. A stretch left open at a paragraph's end
    goes on when the next paragraph opens with a quote mark; otherwise it is dropped."""
    stretches: list[_Stretch] = []
    open_at: int | None = None
    mark = ""
    pieces: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            if open_at is not None:
                end = i
                while end > open_at and text[end - 1] in " \t\r\u00a0":
                    end -= 1
                j = i
                while j < n and text[j] in "\n\r \t\u00a0":
                    j += 1
                width = 2 if text[j:j + 2] in ("''", "``") else 1
                if j < n and text[j] in OPENING | {"`"} and j + width < n and not text[j + width].isspace():
                    pieces.append((open_at, end))
                    open_at = j + width
                    i = j + width
                    continue
                open_at, pieces = None, []
            i += 1
            continue
        if char in "'`" and text[i:i + 2] in ("''", "``"):  # typewriter double quotes: ``...'' or ''...''
            if open_at is None and (i == 0 or not text[i - 1].isalnum()) and i + 2 < n and not text[i + 2].isspace():
                open_at, mark, pieces = i + 2, "''", []
                i += 2
                continue
            if open_at is not None and mark == "''" and i > open_at:
                pieces.append((open_at, i))
                stretches.append(_Stretch(pieces=[p for p in pieces if p[1] > p[0]],
                                          outer_start=pieces[0][0] - 2, outer_end=i + 2))
                open_at, pieces = None, []
                i += 2
                continue
        if open_at is None:
            if char in OPENING and _is_opening(text, i):
                open_at, mark, pieces = i + 1, char, []
        elif char in CLOSING and i > open_at and _is_closing(text, i, mark):
            pieces.append((open_at, i))
            first = pieces[0][0] - 1
            stretches.append(_Stretch(pieces=[p for p in pieces if p[1] > p[0]], outer_start=first, outer_end=i + 1))
            open_at, pieces = None, []
        i += 1
    return [s for s in stretches if s.pieces]


def _inside_map(doc: Doc, stretches: list[_Stretch]) -> list[_Stretch | None]:
    """For each token, the quoted stretch it lies inside (marks excluded), or ``None``."""
    inside: list[_Stretch | None] = [None] * len(doc)
    if not stretches:
        return inside
    starts = [t.idx for t in doc]

    for stretch in stretches:
        for start, end in stretch.pieces:
            i = bisect.bisect_left(starts, start)
            while i < len(doc) and starts[i] < end:
                inside[i] = stretch
                i += 1
    return inside


def _stretch_at(stretches: list[_Stretch], start: int, end: int) -> list[_Stretch]:
    return [s for s in stretches if s.outer_start < end and start < s.outer_end]


# -- verb attributions ------------------------------------------------------------------


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == "to":
        for grandchild in following.children:
            if grandchild.dep_ == "pobj":
                return grandchild
    return None


def _subtree_span(doc: Doc, token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """The token range of ``token``'s subtree, less the subtrees of ``exclude`` at its edges."""
    left, right = token.left_edge.i, token.right_edge.i + 1
    for other in exclude:
        if other.left_edge.i <= left:
            left = max(left, other.right_edge.i + 1)
        if other.right_edge.i + 1 >= right:
            right = min(right, other.left_edge.i)
    return left, right


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without edge punctuation and spaces (quote marks stay: see ``_char_range``)."""
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in OPENING):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in CLOSING):
        end -= 1
    return start, end


def _source_span(doc: Doc, subject: Token) -> Span:
    """The source as written, as PolNeAR marks it: the subject's whole phrase, with its
    participles and relative clauses ("a poll released in August", "Erin Murphy, a former
    aide who ..."), less edge punctuation; a closing bracket stays ("Rep. John Mica (R-Fla.)"),
    and so does the comma closing an apposition before the verb ("Erin Murphy, an aide, said")."""
    start, end = _subtree_span(doc, subject)
    start, end = _trim(doc, start, end)
    if end < len(doc) and doc[end].text == ")" and any(t.text == "(" for t in doc[start:end]):
        end += 1
    while end > start and doc[end - 1].text in CLOSING | OPENING:
        end -= 1
    while start < end and doc[start].text in OPENING:
        start += 1
    if (end < len(doc) and doc[end].text == "," and subject.i < subject.head.i and end < subject.head.i
            and any(t.text == "," for t in doc[start:end])):
        end += 1
    return doc[start:end]


#: Dependents of a cue verb that PolNeAR's cue spans take in: before the verb, auxiliaries,
#: negation and adverbs ("has also said", "did not deny"); after it, adjuncts up to a
#: content that follows ("said in a statement that", "pointed out"; a bare time, "said
#: Monday that", is more often left out on PolNeAR train), or, after a quote, adverbs and
#: times ("'...,' he said sarcastically", "he said last month").
_CUE_BEFORE = frozenset({"aux", "auxpass", "neg", "advmod"})
_CUE_AFTER = frozenset({"prt", "advmod", "prep", "agent"})
_CUE_AFTER_QUOTE = frozenset({"advmod", "npadvmod"})


def _cue_range(doc: Doc, verb: Token, source: Span | None = None, content_start: int | None = None) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation and adverbs before it (after the
    source), a particle right after it ("point out"), and, when the content follows, the
    adjuncts filling the whole gap up to the content ("said in a statement: ..."), or, when
    a quote comes before, the adverbs and times right after the verb ("he said last
    month"); a colon glued to the last word stays."""
    start, end = verb.i, verb.i + 1
    floor = source.end if source is not None and source.end <= verb.i else 0
    while (start - 1 >= floor and doc[start - 1].head.i == verb.i and doc[start - 1].dep_ in _CUE_BEFORE
           and not doc[start - 1].is_punct):
        start -= 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    if content_start is not None and (end < len(doc) and doc[end].idx < content_start):
        stop = end
        covered = set()
        for child in verb.children:
            if child.i >= end and child.dep_ in _CUE_AFTER:
                covered.update(range(child.left_edge.i, child.right_edge.i + 1))
        while stop < len(doc) and doc[stop].idx < content_start and stop in covered:
            stop += 1
        rest = stop
        while rest < len(doc) and doc[rest].idx < content_start and (doc[rest].is_punct or doc[rest].is_space
                                                                     or doc[rest].lower_ == "that"):
            rest += 1
        if stop > end and (rest >= len(doc) or doc[rest].idx >= content_start):
            end = stop
    elif content_start is not None and content_start < verb.idx:
        stop = end
        for child in sorted(verb.children, key=lambda c: c.i):
            if child.i == stop and child.dep_ in _CUE_AFTER_QUOTE:
                stop = child.right_edge.i + 1
        end = stop
    if end < len(doc) and doc[end].text == ":" and not doc[end - 1].whitespace_:
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _find_subject(verb: Token) -> tuple[Token | None, Token | None]:
    """The subject of ``verb`` as written in its clause, and the token whose subject speaks
    when the clause has none ("..., saying ...", "is said to have told")."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child, None
    head = verb
    for _ in range(3):
        if head.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.head.i != head.i:
            head = head.head
            for child in head.children:
                if child.dep_ in _SUBJECTS:
                    if verb.dep_ == "xcomp" or (head.dep_ == "xcomp" and verb.dep_ == "xcomp"):
                        return child, None
                    return None, head
        else:
            break
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild, None
    return None, None


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _content_from(doc: Doc, left: int, right: int, stretches: list[_Stretch],
                  inside: list[_Stretch | None]) -> tuple[str, list[tuple[int, int]], list[_Stretch]] | None:
    """Content for the token range ``[left, right)``: direct when all its words are quoted
    (then the whole quoted stretches), mixed when some are, reported otherwise."""
    left, right = _trim(doc, left, right)
    if right <= left:
        return None
    words = [t for t in doc[left:right] if not (t.is_punct or t.is_space)]
    if not words:
        return None
    quoted = [inside[t.i] for t in words]
    touched = list(dict.fromkeys(s for s in quoted if s is not None))
    if touched and all(s is not None for s in quoted):
        pieces = [piece for stretch in touched for piece in stretch.pieces]
        return "direct", [_strip_piece(_text(doc), a, b) for a, b in pieces], touched
    start, end = _char_range(doc, left, right)
    start, end = _balance(_text(doc), start, end, touched)
    return ("mixed" if touched else "reported"), [(start, end)], touched


def _balance(text: str, start: int, end: int, touched: list[_Stretch]) -> tuple[int, int]:
    """Widen a reported content to take in the marks of the quoted fragments it holds."""
    for stretch in touched:
        if stretch.outer_start < start and stretch.pieces[0][0] >= start - 1:
            start = stretch.outer_start
        if stretch.outer_end > end and stretch.pieces[-1][1] <= end + 2:
            end = stretch.outer_end
    return start, end


def _strip_piece(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0,;:":
        end -= 1
    return start, end


def _argument(verb: Token, lemma: str, frame: str | None = None) -> tuple[int, int] | None:
    """The token range a verb with no clausal complement attributes, by its frame: an
    infinitive with its object ("urged Congress to act"), a direct object with its
    complement or "for"/"of"/"as" phrase ("called the plan a disaster", "accused the GOP of
    stoking ..."), or a prepositional object ("called for new tariffs"). ``frame`` is the
    one frame the cue scorer accepted, in place of the lexicons."""
    children = [c for c in verb.children if c.i > verb.i]
    if (frame == "xcomp" if frame else lemma in _XCOMP_VERBS) and any(c.dep_ == "xcomp" for c in children):
        objects = [c for c in children if c.dep_ in ("xcomp", "dobj")]
    elif (frame == "dobj" if frame else lemma in _DOBJ_VERBS) and any(c.dep_ == "dobj" for c in children):
        objects = [c for c in children if c.dep_ in ("dobj", "oprd")]
        last = max(c.right_edge.i for c in objects)
        objects += [c for c in children if c.dep_ == "prep" and c.i == last + 1 and c.lower_ in ("for", "of", "as")]
    else:
        after = verb.i + 1
        for child in children:
            if child.dep_ == "prt" and child.i == after:
                after += 1
        prep = next((c for c in children if c.dep_ == "prep" and c.i == after), None)
        if prep is None or (frame != f"prep:{prep.lower_}" if frame else lemma not in _PREP_VERBS.get(prep.lower_, ())):
            return None
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objects:
            return None
    return min(c.left_edge.i for c in objects), max(c.right_edge.i for c in objects) + 1


def verb_frame(verb: Token) -> tuple[str, Token] | None:
    """The frame of ``verb`` and the token heading the argument it would attribute:
    ``ccomp`` ("believes [that ...]"), ``xcomp`` ("wants [to ...]"), ``dobj`` ("mocked [the
    plan]") or ``prep:<word>``, a prepositional object right after the verb, past a
    particle ("called for [...]"). ``None`` when it has none of these after it."""
    children = list(verb.children)
    for dep in ("ccomp", "xcomp", "dobj"):
        for child in children:
            if child.dep_ == dep and child.i > verb.i:
                return dep, child
    after = verb.i + 1
    for child in children:
        if child.dep_ == "prt" and child.i == after:
            after += 1
    for child in children:
        if child.dep_ == "prep" and child.i == after:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return f"prep:{child.lower_}", objects[0]
    return None


def _subject_kind(subject: Token | None) -> str:
    if subject is None:
        return "shared"  # "..., saying ...": the subject of the clause the verb hangs on
    if subject.pos_ == "PRON":
        return "pron:" + subject.lower_
    if subject.ent_type_:
        return "ent:" + subject.ent_type_
    lemma = subject.lemma_.lower()
    if lemma in PERSON_ROLES:
        return "role"
    if lemma in ORGANIZATION_NOUNS:
        return "org"
    return "other:" + subject.pos_


def cue_features(verb: Token, frame: str, argument: Token, subject: Token | None,
                 inside: list[_Stretch | None]) -> list[str]:
    """The features the cue scorer reads for a verb with an active subject and a frame: its
    lemma and frame, their pairing with the kind of subject ("he", a PERSON entity, a role
    noun such as "spokeswoman"), the verb's tag and dependency, and the argument's shape
    (quoted, a clause, its length). ``bench/attribution_cues.py`` learns weights for these."""
    lemma = verb.lemma_.lower()
    kind = _subject_kind(subject)
    features = [
        f"lemma={lemma}", f"lemma_frame={lemma}|{frame}", f"frame={frame}", f"dep={verb.dep_}", f"tag={verb.tag_}",
        f"subject={kind}", f"lemma_frame_subject={lemma}|{frame}|{kind.partition(':')[0]}",
        f"argument={argument.pos_}|{frame}", f"argument_dep={argument.dep_}",
    ]
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        features.append("negated")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in children):
        features.append("modal")
    if any(c.dep_ == "dative" for c in children):
        features.append("dative")
    doc = verb.doc
    span = range(argument.left_edge.i, argument.right_edge.i + 1)
    if any(inside[i] is not None for i in span):
        features.append("quoted")
    if any(doc[i].pos_ in ("VERB", "AUX") for i in span):
        features.append("clause")
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in argument.children):
        features.append("that")
    n = len(span)
    features.append("length=" + ("1" if n == 1 else "2-4" if n < 5 else "5-9" if n < 10 else "10+"))
    if lemma in _CUE_LEMMAS:
        features.append("lexicon")
    return features


def cue_candidate(verb: Token, inside: list[_Stretch | None]) -> tuple[str, Token, Token | None] | None:
    """A verb the cue scorer reads: outside quote marks, with an active subject (in its
    clause, or shared with the clause it hangs on) and a frame. Returns the frame, the
    argument's head and the subject (``None`` when shared)."""
    if not verb.is_alpha or inside[verb.i] is not None:
        return None
    subject, speaker_of = _find_subject(verb)
    if subject is None and speaker_of is None or subject is not None and subject.dep_ != "nsubj":
        return None
    found = verb_frame(verb)
    if found is None:
        return None
    return found[0], found[1], subject


@dataclass(frozen=True, slots=True)
class CueScorer:
    """A logistic-regression scorer for cue verbs outside the lexicons, learned from
    PolNeAR train by ``bench/attribution_cues.py`` (``data/cue_scorer.json``)."""

    weights: dict[str, float]
    bias: float
    #: A verb outside the lexicons is a cue from this probability up.
    threshold: float
    #: A verb of the learned lexicon is dropped below this probability.
    veto: float
    excluded: frozenset[str]

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-score))


def _load_scorer() -> CueScorer:
    path = resources.files(__package__).joinpath("data", "cue_scorer.json")
    if not path.is_file():
        return CueScorer(weights={}, bias=0.0, threshold=1.0, veto=0.0, excluded=frozenset())
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueScorer(weights=data["weights"], bias=data["bias"], threshold=data["threshold"], veto=data["veto"],
                     excluded=frozenset(data["excluded"]))


CUE_SCORER = _load_scorer()


def _scored_frame(verb: Token, inside: list[_Stretch | None]) -> str | None:
    """The frame of a verb the cue scorer accepts as a cue ("wants to ...", "sees the deal
    as ..."), or ``None``; lemmas the lexicon script excludes stay out."""
    if verb.lemma_.lower() in CUE_SCORER.excluded:
        return None
    candidate = cue_candidate(verb, inside)
    if candidate is None:
        return None
    frame, argument, subject = candidate
    if CUE_SCORER.probability(cue_features(verb, frame, argument, subject, inside)) < CUE_SCORER.threshold:
        return None
    return frame


def _vetoed(verb: Token, inside: list[_Stretch | None]) -> bool:
    """A verb of the learned lexicon (not a hand-listed speech verb) that the cue scorer
    finds very unlikely to be a cue in this context ("they saw the results", where the
    lexicon counted "see" as a cue on average)."""
    if not CUE_SCORER.weights or verb.pos_ != "VERB" or verb.lemma_.lower() in SPEECH_VERBS:
        return False
    candidate = cue_candidate(verb, inside)
    if candidate is None:
        return False
    frame, argument, subject = candidate
    return CUE_SCORER.probability(cue_features(verb, frame, argument, subject, inside)) < CUE_SCORER.veto


def _outer_start(start: int, touched: list[_Stretch]) -> int:
    """Where a content starts counting its opening quote mark."""
    for stretch in touched:
        if stretch.pieces[0][0] <= start < stretch.pieces[0][0] + 2:
            return min(start, stretch.outer_start)
    return start


def _verb_attribution(doc: Doc, verb: Token, stretches: list[_Stretch], inside: list[_Stretch | None],
                      sentence_of: list[int], used: set[int], frame: str | None = None) -> _Attribution | None:
    """The attribution a cue verb makes, by its frame: from the lexicons, or ``frame``
    when the cue scorer accepted the verb (see ``_scored_frame``)."""
    complement = next((c for c in verb.children if c.dep_ in _COMPLEMENTS), None)
    lemma = verb.lemma_.lower()
    if (frame is None and complement is None and verb.dep_ == "parataxis" and lemma in SPEECH_VERBS
            and lemma not in _WEAK_VERBS):
        return _parenthetical_attribution(doc, verb, stretches, inside, sentence_of)
    if complement is not None and (frame == "ccomp" if frame else lemma in _CCOMP_VERBS):
        left, right = _subtree_span(doc, complement)
    else:
        complement = None
        span = _argument(verb, lemma, frame)
        if span is None:
            return None
        left, right = span
    found = _content_from(doc, left, right, stretches, inside)
    if found is None:
        return None
    kind, content, touched = found
    if (complement is not None and lemma in _WEAK_VERBS and kind == "reported"
            and not any(c.dep_ == "mark" for c in complement.children)):
        return None
    subject, speaker_of = _find_subject(verb)
    if subject is not None and subject.left_edge.i <= left < subject.right_edge.i + 1:
        subject = None
    for stretch in touched:
        stretch.claimed = True
    source = _source_span(doc, subject) if subject is not None else None
    return _Attribution(
        kind=kind, content=content, cue=_cue_range(doc, verb, source, _outer_start(content[0][0], touched)),
        source=source,
        sentence=sentence_of[doc.char_span(content[0][0], content[0][1], alignment_mode="expand").start]
        if doc.char_span(content[0][0], content[0][1], alignment_mode="expand") is not None else sentence_of[verb.i],
        verb=verb, speaker_of=speaker_of, anchor=verb.i, stretches=touched,
    )


def _parenthetical_attribution(doc: Doc, verb: Token, stretches: list[_Stretch], inside: list[_Stretch | None],
                               sentence_of: list[int]) -> _Attribution | None:
    """"The museum, Mr. Obama said, would make visitors ...": a speech verb set into the
    clause it reports. The content is that clause less the parenthetical, in one or two
    segments; a clause all in quote marks is left to ``_adjacent_quotes``."""
    subject, _ = _find_subject(verb)
    head = verb.head
    if subject is None or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    left, right = head.left_edge.i, head.right_edge.i + 1
    inner_left, inner_right = verb.left_edge.i, verb.right_edge.i + 1
    if not inner_left <= subject.i < inner_right or inner_left - left < 2:
        return None  # the reported clause opens before the parenthetical
    content: list[tuple[int, int]] = []
    touched: list[_Stretch] = []
    for a, b in ((left, inner_left), (inner_right, right)):
        found = _content_from(doc, a, b, stretches, inside)
        if found is None:
            continue
        kind, pieces, hit = found
        if kind == "direct":
            return None
        content.extend(pieces)
        touched.extend(hit)
    if not content:
        return None
    for stretch in touched:
        stretch.claimed = True
    source = _source_span(doc, subject)
    return _Attribution(
        kind="mixed" if touched else "reported", content=content, cue=_cue_range(doc, verb, source),
        source=source, sentence=sentence_of[left], verb=verb, anchor=verb.i, stretches=touched,
    )


def _according_attribution(doc: Doc, token: Token, stretches: list[_Stretch], inside: list[_Stretch | None],
                           sentence_of: list[int]) -> _Attribution | None:
    source = _according_to(token)
    if source is None:
        return None
    head = token.head
    phrase_start, phrase_end = token.i, source.right_edge.i + 1
    if head.i == token.i:  # parsed as the sentence's root: the content is the rest of the sentence
        sentence = token.sent
        if phrase_start != sentence.start or phrase_end >= sentence.end:
            return None
        left, right = sentence.start, sentence.end
    else:
        left, right = head.left_edge.i, head.right_edge.i + 1
    # the content is the clause less the "according to" phrase, on the side that holds the clause
    if phrase_start <= left:
        left = phrase_end
    elif phrase_end >= right:
        right = phrase_start
    else:  # mid-clause: keep the longer side
        if phrase_start - left >= right - phrase_end:
            right = phrase_start
        else:
            left = phrase_end
    found = _content_from(doc, left, right, stretches, inside)
    if found is None:
        return None
    kind, content, touched = found
    for stretch in touched:
        stretch.claimed = True
    cue_end = token.i + 2 if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to" else token.i + 1
    start, end = _char_range(doc, token.i, cue_end)
    return _Attribution(
        kind=kind, content=content, cue=(start, end), source=_source_span(doc, source),
        sentence=sentence_of[left], verb=token, anchor=head.i, stretches=touched,
    )


def _drop_nested(attributions: list[_Attribution]) -> None:
    """Drop an "according to" whose clause is itself an attribution ("..., Raisi said,
    according to IRNA"): the speaker is the inner one; the outlet is a citation."""
    cues = [found.cue for found in attributions if found.verb is not None and found.cue is not None
            and found.verb.lemma_.lower() in _CORE_VERBS]
    attributions[:] = [
        found for found in attributions
        if not (found.verb is not None and found.verb.lower_ == "according"
                and any(found.content[0][0] <= cue[0] and cue[1] <= found.content[-1][1] for cue in cues))]
    # the same content claimed twice (a verb chain "is said to have told"): keep the outer one
    seen: set[tuple[int, int]] = set()
    kept = []
    for found in attributions:
        key = found.content[0]
        if key in seen:
            continue
        seen.add(key)
        kept.append(found)
    attributions[:] = kept


def _cut_inner(doc: Doc, attributions: list[_Attribution]) -> None:
    """A reported content ends where a second attribution hanging on it begins: "Biden said
    that the U.S. played a key role, saying the military ..." (each word has one role)."""
    verbs = {found.verb.i: found for found in attributions if found.verb is not None}
    for found in attributions:
        if found.kind == "direct" or len(found.content) != 1:
            continue
        start, end = found.content[0]
        for i, inner in verbs.items():
            if inner is found or not (start < doc[i].idx < end):
                continue
            token = doc[i]
            if token.dep_ in ("advcl", "conj") and token.idx > start:
                cut = token.left_edge.i
                while cut > 0 and (doc[cut - 1].is_punct and doc[cut - 1].text not in CLOSING or doc[cut - 1].dep_ == "cc"
                                   or doc[cut - 1].is_space):
                    cut -= 1
                cut_char = doc[cut].idx if cut < len(doc) else end
                if cut_char > start and doc[token.right_edge.i].idx + len(doc[token.right_edge.i]) >= end - 2:
                    end = cut_char
                    while end > start and _text(doc)[end - 1] in _EDGE:
                        end -= 1
        found.content[0] = (start, end)


def _adjacent_quotes(doc: Doc, attributions: list[_Attribution], stretches: list[_Stretch],
                     inside: list[_Stretch | None], sentence_of: list[int], sentences: list[Span],
                     used: set[int]) -> None:
    """A speech verb with no complement takes the quoted stretch next to its clause:
    "'...,' he said", "He said: '...'", "..., he told reporters, '...'"."""
    text = _text(doc)
    for token in doc:
        if (token.i in used or inside[token.i] is not None or token.pos_ not in ("VERB", "AUX")
                or token.lemma_.lower() not in SPEECH_VERBS or token.lemma_.lower() in _WEAK_VERBS):
            continue
        left, right = token.left_edge.i, token.right_edge.i + 1
        for i in range(token.i - 1, left - 1, -1):
            if inside[i] is not None or doc[i].text in CLOSING and i > 0 and inside[i - 1] is not None:
                left = i + 1  # the parser hung the quote's words on the verb: "'Probably not,' Moore said"
                break
        clause_start, clause_end = _char_range(doc, left, right)
        chosen = None
        before = [s for s in stretches if not s.claimed and s.outer_end <= clause_start]
        if before:
            last = max(before, key=lambda s: s.outer_end)
            gap = text[last.outer_end:clause_start]
            if len(gap.strip(" ,;:—–-\u00a0")) == 0 and "\n" not in gap:
                chosen = last
        if chosen is None:
            after_char = _cue_range(doc, token)[1]
            subject, _ = _find_subject(token)
            if subject is not None and subject.i > token.i:
                after_char = max(after_char, doc[subject.right_edge.i].idx + len(doc[subject.right_edge.i]))
            after = [s for s in stretches if not s.claimed and s.outer_start >= after_char]
            if after:
                first = min(after, key=lambda s: s.outer_start)
                gap = text[after_char:first.outer_start]
                colon = text[:after_char].rstrip().endswith(":") or gap.strip().startswith(":")
                if _short_gap(gap) or colon and not gap.strip(" :\n\u00a0"):
                    chosen = first
        if chosen is None:
            continue
        if not _speech_like(doc, chosen, inside) and token.lemma_.lower() not in ("say", "tell", "write", "add"):
            continue
        subject, speaker_of = _find_subject(token)
        chosen.claimed = True
        content = [_strip_piece(text, a, b) for a, b in chosen.pieces]
        first_token = doc.char_span(content[0][0], content[0][1], alignment_mode="expand")
        source = _source_span(doc, subject) if subject is not None else None
        attributions.append(_Attribution(
            kind="direct", content=content, cue=_cue_range(doc, token, source, chosen.outer_start),
            source=source,
            sentence=sentence_of[first_token.start] if first_token is not None and len(first_token) else sentence_of[token.i],
            verb=token, speaker_of=speaker_of, anchor=token.i, stretches=[chosen],
        ))
        used.add(token.i)


def _continuations(doc: Doc, attributions: list[_Attribution], stretches: list[_Stretch],
                   sentence_of: list[int], sentences: list[Span]) -> None:
    """A direct quote interrupted by its attribution goes on after it: "'We will respond,'
    Raisi said, 'more fiercely'". The next unclaimed stretch in the same paragraph, right
    after the attribution's clause, is another segment of the same quote."""
    text = _text(doc)
    for found in attributions:
        if found.kind != "direct" or found.verb is None or not found.stretches or found.cue is None:
            continue
        last = found.stretches[-1]
        if last.outer_end > found.cue[0]:
            continue  # the quote follows its attribution: nothing interrupts it
        after = found.cue[1]
        if found.source is not None and found.source.end_char > after:
            after = found.source.end_char  # "..., said Daniel Brooks, '...'"
        following = [s for s in stretches if not s.claimed and s.outer_start >= after]
        if not following:
            continue
        nxt = min(following, key=lambda s: s.outer_start)
        gap = text[after:nxt.outer_start]
        if _short_gap(gap) or _sentence_end_gap(gap):
            nxt.claimed = True
            found.stretches.append(nxt)
            found.content.extend(_strip_piece(text, a, b) for a, b in nxt.pieces)


def _sentence_end_gap(gap: str) -> bool:
    """The attribution's sentence ends and the next sentence, in the same paragraph, is the
    quote going on: "'A,' he said last month. 'B.'" """
    if "\n" in gap:
        return False
    head, dot, tail = gap.partition(".")
    return bool(dot) and not tail.strip(" \u00a0") and "." not in head and len(head.split()) <= 6


def _short_gap(gap: str, words: int = 6) -> bool:
    """Text between an attribution and a quote that belongs to the attribution: punctuation
    or a short adjunct ("on Monday,"), no sentence end, no paragraph break."""
    if "\n" in gap or "." in gap.strip(" ,;:—–-\u00a0"):
        return False
    return len(gap.split()) <= words


def _speech_like(doc: Doc, stretch: _Stretch, inside: list[_Stretch | None]) -> bool:
    """A quoted stretch reads as speech: several words, or a clause with a verb."""
    start, end = stretch.pieces[0][0], stretch.pieces[-1][1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) >= MIN_SPEECH_WORDS:
        return True
    return any(t.pos_ in ("VERB", "AUX") for t in words) and len(words) >= 2


# -- records ------------------------------------------------------------------------------


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(start=start, end=end, text=text[start:end])


def _quote(doc: Doc, found: _Attribution, speakers: Speakers) -> Quote:
    text = _text(doc)
    source = found.source
    if source is not None and len(source):
        speaker, speaker_type = speakers.resolve(source)
        source_span = _span(text, source.start_char, source.end_char)
    elif found.speaker_of is not None:
        head = found.speaker_of
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in SPEECH_VERBS:
            head = head.head  # "Biden said that the U.S. played a role, saying ..." : Biden says
        subject, _ = _find_subject(head)
        source_span = None
        if subject is not None:
            written = _source_span(doc, subject)
            speaker, speaker_type = speakers.resolve(written)
            # "Trump said ..., adding ...", "Trump went on the attack, saying ...": the subject is this
            # attribution's source too (PolNeAR shares it, whether or not the main verb attributes)
            source_span = _span(text, written.start_char, written.end_char)
        else:
            speaker, speaker_type = None, "unknown"
    else:
        speaker, speaker_type, source_span = None, "unknown", None
    content = tuple(_span(text, a, b) for a, b in found.content if b > a)
    return Quote(
        kind=found.kind,  # type: ignore[arg-type]
        content=content,
        cue=_span(text, *found.cue) if found.cue else None,
        source=source_span,
        speaker=speaker,
        speaker_type=speaker_type,  # type: ignore[arg-type]
        sentence=found.sentence,
    )


def _neighbour_quotes(doc: Doc, stretches: list[_Stretch], quotes: list[Quote], sentence_of: list[int],
                      sentences: list[Span]) -> list[Quote]:
    """Unattributed quoted stretches that read as speech, next to an attributed quote:
    "Blinken said. 'A. B.'" The speaker is the neighbour's; there is no source or cue."""
    text = _text(doc)
    found = []
    by_sentence: dict[int, Quote] = {}
    for quote in quotes:
        if quote.speaker is not None:
            by_sentence.setdefault(quote.sentence, quote)
            if quote.cue is not None:
                cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
                if cue is not None and len(cue):
                    by_sentence.setdefault(sentence_of[cue.start], quote)
    if not by_sentence:
        return found
    inside = None
    for stretch in stretches:
        if stretch.claimed:
            continue
        span = doc.char_span(stretch.pieces[0][0], stretch.pieces[0][1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        if inside is None:
            inside = _inside_map(doc, stretches)
        if not _speech_like(doc, stretch, inside) or not _whole_sentences(doc, stretch, sentences, sentence_of):
            continue
        index = sentence_of[span.start]
        neighbour = by_sentence.get(index - 1) or by_sentence.get(index + 1)
        if neighbour is None:
            continue
        content = tuple(_span(text, *_strip_piece(text, a, b)) for a, b in stretch.pieces)
        found.append(Quote(kind="direct", content=content, cue=None, source=None, speaker=neighbour.speaker,
                           speaker_type=neighbour.speaker_type, sentence=index))
    return found


def _whole_sentences(doc: Doc, stretch: _Stretch, sentences: list[Span], sentence_of: list[int]) -> bool:
    """The stretch makes up whole sentences (it is not a phrase quoted inside a sentence)."""
    span = doc.char_span(stretch.outer_start, stretch.outer_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = sentences[sentence_of[span.start]]
    last = sentences[sentence_of[span.end - 1]]
    before = _text(doc)[first.start_char:stretch.outer_start].strip()
    after = _text(doc)[stretch.outer_end:last.end_char].strip(" .\u00a0\n")
    return not before and not after
