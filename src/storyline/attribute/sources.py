"""Who reported and who repeated: the outlet behind each sentence, and how many
independent sources stand behind a timeline entry, a quote or a claim.

The rules, in order, for the origin of a sentence of an article:

1. a syndicated copy (``Article.duplicate_of``) has the origin of its original;
2. a sentence that cites another outlet ("..., according to Axios"; "Axios
   reported"; "told Reuters", "according to IRNA") has that outlet as its origin,
   unless the article is that outlet's own (``Citation.original``); a copy's
   sentences cite what its original's cite;
3. anything else is the article's own reporting: its outlet, or the article itself
   when its outlet is unknown (two articles of unknown outlets count as two).

An article counts once for what it states in a sentence of its own; only when every
sentence it supports a statement with cites another outlet does it count as that outlet.

So five outlets that repeat one scoop "according to Axios" count as one source,
Axios; an outlet that only cites its own reporters counts as itself.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..model import Annotation, Article, Citation, ClaimMention, Coverage, SourceSpan, Story
from .outlets import canonical_outlet, outlet_key

#: "according to ..." before a "told X" in the same sentence makes it a repeat:
#: "according to a White House official who spoke with Axios".
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)


def _third_person(citation: Citation, text: str, sentence_start: int) -> bool:
    """Whether ``citation`` speaks of its outlet from outside: "according to Axios",
    "Axios reported", or a "told Axios" governed by an "according to"."""
    if citation.kind != "told":
        return True
    return bool(_ACCORDING.search(text[sentence_start:citation.start]))


def infer_outlets(articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> list[Article]:
    """``articles`` with an outlet filled in where none was known and the article reports
    as one outlet: its sources "told Axios" or "spoke with Axios", and it never cites
    Axios from outside ("according to Axios", "Axios reported"). The outlet's
    ``outlet_source`` is then ``"citation"``; known outlets get ``"input"``."""
    result = []
    for article in articles:
        if article.outlet:
            result.append(article if article.outlet_source else replace(article, outlet_source="input"))
            continue
        annotation = annotations.get(article.id)
        citations = annotation.citations if annotation else ()
        starts = {s.index: s.start for s in annotation.sentences} if annotation else {}
        own = {c.cited for c in citations if not _third_person(c, article.text, starts.get(c.sentence, 0))}
        outside = {c.cited for c in citations if _third_person(c, article.text, starts.get(c.sentence, 0))}
        candidates = own - outside
        result.append(replace(article, outlet=candidates.pop(), outlet_source="citation")
                      if len(candidates) == 1 else article)
    return result


def mark_original(citations: Iterable[Citation], outlet: str | None) -> tuple[Citation, ...]:
    """``citations`` of an article by ``outlet``, those of the outlet itself marked original."""
    key = outlet_key(outlet)
    return tuple(replace(c, original=key is not None and outlet_key(c.cited) == key) for c in citations)


class Origins:
    """The origin of every sentence of a story's articles (see the module's docstring)."""

    def __init__(self, articles: Sequence[Article], annotations: Mapping[str, Annotation]):
        self._articles = {article.id: article for article in articles}
        self._starts: dict[str, list[int]] = {}
        self._indexes: dict[str, list[int]] = {}
        self._cited: dict[tuple[str, int], str] = {}
        for article in articles:
            annotation = annotations.get(article.id)
            if annotation is None:
                continue
            self._starts[article.id] = [s.start for s in annotation.sentences]
            self._indexes[article.id] = [s.index for s in annotation.sentences]
            for citation in mark_original(annotation.citations, article.outlet):
                if not citation.original:
                    self._cited.setdefault((article.id, citation.sentence), citation.cited)

    def _own(self, article_id: str) -> str:
        article = self._articles.get(article_id)
        if article is None:
            return f"article:{article_id}"
        if article.duplicate_of and article.duplicate_of in self._articles and article.duplicate_of != article_id:
            return self._own(article.duplicate_of)
        return outlet_key(article.outlet) or f"article:{article.id}"

    def sentence_of(self, article_id: str, offset: int) -> int | None:
        starts = self._starts.get(article_id)
        if not starts:
            return None
        position = bisect.bisect_right(starts, offset) - 1
        return self._indexes[article_id][max(position, 0)]

    def of(self, article_id: str, offset: int) -> str:
        """The origin of what ``article_id`` says at character ``offset``."""
        sentence = self.sentence_of(article_id, offset)
        cited = self._cited.get((article_id, sentence)) if sentence is not None else None
        return outlet_key(cited) if cited else self._own(article_id)

    def count(self, spans: Iterable[SourceSpan | ClaimMention]) -> int:
        """How many independent origins stand behind ``spans``.

        An article that states the thing in a sentence of its own counts as its own
        origin (once, however many of its sentences cite others too); an article whose
        every span cites another outlet counts as the outlets it cites."""
        by_article: dict[str, set[str]] = {}
        for span in spans:
            by_article.setdefault(span.article_id, set()).add(self.of(span.article_id, span.start))
        origins: set[str] = set()
        for article_id, found in by_article.items():
            own = self._own(article_id)
            origins.update({own} if own in found else found)
        return len(origins)


def syndication_edges(articles: Sequence[Article]) -> tuple[Citation, ...]:
    """A ``"syndicated"`` citation from every copy to its original's outlet (or the original's
    id when its outlet is unknown); no words cite it, so its span is empty."""
    by_id = {article.id: article for article in articles}
    edges = []
    for article in articles:
        original = by_id.get(article.duplicate_of or "")
        if original is None or original.id == article.id:
            continue
        edges.append(Citation(article_id=article.id, cited=canonical_outlet(original.outlet) or original.id,
                              kind="syndicated", start=0, end=0, text="", sentence=0,
                              original=outlet_key(original.outlet) is not None
                              and outlet_key(original.outlet) == outlet_key(article.outlet)))
    return tuple(edges)


def coverage(story: Story, articles: Mapping[str, Article]) -> tuple[Coverage, ...]:
    """Which outlet reports which of the story's timeline entries and claims, most entries first.

    An article with no known outlet is its own row, named by its id."""
    rows: dict[str, list[str]] = {}
    for article_id in story.article_ids:
        article = articles[article_id]
        rows.setdefault(canonical_outlet(article.outlet) or article.id, []).append(article_id)
    result = []
    for outlet, ids in rows.items():
        members = set(ids)
        entries = tuple(i for i, entry in enumerate(story.timeline) if members.intersection(entry.article_ids))
        claims = tuple(i for i, claim in enumerate(story.claims) if members.intersection(claim.article_ids))
        result.append(Coverage(outlet=outlet, article_ids=tuple(ids), entries=entries, claims=claims))
    return tuple(sorted(result, key=lambda row: (-len(row.entries) - len(row.claims), row.outlet)))


def single_outlet(story: Story) -> dict[str, list[int]]:
    """The indexes of the timeline entries and claims that only one outlet of the story reports."""
    entries: Counter[int] = Counter(i for row in story.coverage for i in row.entries)
    claims: Counter[int] = Counter(i for row in story.coverage for i in row.claims)
    return {"entries": sorted(i for i, n in entries.items() if n == 1),
            "claims": sorted(i for i, n in claims.items() if n == 1)}
