"""Citations of outlets, outlet names, and counting independent sources."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storyline.attribute.citations import find_citations
from storyline.attribute.outlets import canonical_outlet, looks_like_outlet, outlet_key
from storyline.attribute.sources import Origins, infer_outlets, mark_original, syndication_edges
from storyline.model import Annotation, Article, Sentence, SourceSpan


def _sentences(text: str) -> tuple[Sentence, ...]:
    """One sentence per line: the fixtures put each sentence on a line of its own."""
    return tuple(Sentence(index=i, start=m.start(), end=m.end()) for i, m in enumerate(re.finditer(r"[^\n]+", text)))


def _cited(text: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.cited, c.text) for c in find_citations(text, _sentences(text), "a")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The army withdrew overnight, according to Reuters.", [("according_to", "Reuters", "according to Reuters")]),
    ("Two officials told The New York Times that talks had stalled.",
     [("told", "The New York Times", "told The New York Times")]),
    ("The talks stalled, the NYT reported on Friday.", [("reported", "The New York Times", "the NYT reported")]),
    ("The Wall Street Journal first reported the plan.",
     [("reported", "The Wall Street Journal", "The Wall Street Journal first reported")]),
    ("According to Iranian state news agency IRNA, the president spoke to Putin.",
     [("state_media", "IRNA", "According to Iranian state news agency IRNA")]),
    ("Iranian state media said the drones were launched at dawn.",
     [("state_media", "Iranian state media", "Iranian state media")]),
    ("The minister said so in an interview with the BBC.", [("told", "BBC", "in an interview with the BBC")]),
    ("The Times of Israel, citing Channel 12, said the cabinet met twice.",
     [("reported", "Channel 12", "citing Channel 12")]),
    ("The figure was first reported by the Jerusalem Post.",
     [("reported", "The Jerusalem Post", "first reported by the Jerusalem Post")]),
])
def test_citations_find_the_phrasings_outlets_are_cited_with(text, expected) -> None:
    assert _cited(text) == expected


@pytest.mark.parametrize("text", [
    "The ceasefire holds, according to a senior U.S. official.",
    "According to three people who attended the meeting, the talks went well.",
    "The Health Ministry reported 12 deaths on Sunday.",
    "The president told Congress that the plan would work.",
    "He told reporters that the army would stay.",
    "The strike was reported by residents of the town.",
    "Officials told the Post office to close.",
])
def test_citations_leave_people_and_institutions_alone(text) -> None:
    assert _cited(text) == []


def test_citations_offsets_index_the_text() -> None:
    text = "Israel struck first.\nIt was a surprise, Axios reported.\nIran vowed revenge, according to IRNA."
    citations = find_citations(text, _sentences(text), "x")
    assert [c.sentence for c in citations] == [1, 2]
    assert all(text[c.start:c.end] == c.text for c in citations)


def test_outlets_have_one_name_however_they_are_written() -> None:
    assert canonical_outlet("the NYT") == canonical_outlet("nytimes.com") == "The New York Times"
    assert canonical_outlet("www.bbc.co.uk") == "BBC"
    assert outlet_key("The Kyiv Post") == outlet_key("Kyiv Post")
    assert looks_like_outlet("Tasnim News Agency") and looks_like_outlet("the Kyiv Post")
    assert not looks_like_outlet("the Post") and not looks_like_outlet("Health Ministry")


def _article(article_id: str, text: str, outlet: str | None = None, duplicate_of: str | None = None) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text=text, outlet=outlet,
                   published=date(2024, 4, 2), duplicate_of=duplicate_of)


def _annotated(article: Article) -> Annotation:
    sentences = _sentences(article.text)
    return Annotation(article_id=article.id, sentences=sentences, entities=(), times=(),
                      citations=find_citations(article.text, sentences, article.id))


def test_an_article_that_names_no_outlet_reports_as_the_outlet_its_sources_talk_to() -> None:
    articles = [
        _article("own", "A spokesperson told Axios that the U.S. had no role."),
        _article("repeat", "A U.S. official told Axios it had no role.\nThe U.S. knew nothing, according to Axios."),
        _article("relayed", "'Take the win,' he said, according to an official who spoke with Axios."),
        _article("known", "An aide told Reuters the talks failed.", outlet="bbc.co.uk"),
    ]
    annotations = {a.id: _annotated(a) for a in articles}
    inferred = {a.id: (a.outlet, a.outlet_source) for a in infer_outlets(articles, annotations)}
    assert inferred == {"own": ("Axios", "citation"), "repeat": (None, None), "relayed": (None, None),
                        "known": ("bbc.co.uk", "input")}


def test_five_outlets_repeating_one_scoop_count_as_one_source() -> None:
    scoop = "Israel gave the U.S. short notice before the strike"
    articles = [_article("axios", f"{scoop}, a U.S. official told Axios.", outlet="Axios")]
    articles += [_article(f"r{i}", f"{scoop}, according to Axios.", outlet=outlet)
                 for i, outlet in enumerate(["CNN", "Fox News", "The Hill", "Newsweek"])]
    articles.append(_article("own", f"{scoop}, two officials said.", outlet="Reuters"))
    articles.append(_article("copy", f"{scoop}, two officials said.", outlet="Yahoo", duplicate_of="own"))
    annotations = {a.id: _annotated(a) for a in articles}
    origins = Origins(articles, annotations)
    spans = [SourceSpan(article_id=a.id, start=0, end=10, text=a.text[:10]) for a in articles]
    assert origins.count(spans) == 2  # Axios and Reuters
    assert origins.count(spans[:5]) == 1
    own = mark_original(annotations["axios"].citations, "Axios")
    assert [c.original for c in own] == [True]
    assert [c.original for c in mark_original(annotations["r0"].citations, "CNN")] == [False]
    edges = syndication_edges(articles)
    assert [(e.article_id, e.cited, e.kind) for e in edges] == [("copy", "Reuters", "syndicated")]


def test_articles_of_unknown_outlets_count_separately() -> None:
    articles = [_article("a", "The strike hit the compound."), _article("b", "The strike hit the compound.")]
    origins = Origins(articles, {a.id: _annotated(a) for a in articles})
    spans = [SourceSpan(article_id=a.id, start=0, end=6, text="The st") for a in articles]
    assert origins.count(spans) == 2


def test_an_article_that_also_reports_on_its_own_counts_as_itself() -> None:
    articles = [_article("axios", "Israel struck, a U.S. official told Axios.", outlet="Axios"),
                _article("mixed", "Israel struck, according to Axios.\nIsrael struck, witnesses said.", outlet="CNN"),
                _article("repeat", "Israel struck, according to Axios.", outlet="Fox News")]
    origins = Origins(articles, {a.id: _annotated(a) for a in articles})
    spans = [SourceSpan(article_id="axios", start=0, end=6, text="Israel"),
             SourceSpan(article_id="mixed", start=0, end=6, text="Israel"),
             SourceSpan(article_id="mixed", start=35, end=41, text="Israel"),
             SourceSpan(article_id="repeat", start=0, end=6, text="Israel")]
    assert origins.count(spans) == 2  # Axios (with its repeat) and CNN
    assert origins.count(spans[1:2] + spans[3:]) == 1
