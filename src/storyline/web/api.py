"""The JSON API behind the pages, under ``/api`` (documented by FastAPI's OpenAPI schema at
``/api/openapi.json``), and the downloads: ``storyline.json``, a story's timeline as CSV and
as TimelineJS JSON."""

from __future__ import annotations

import re
from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel

from .exports import timeline_csv, timelinejs
from .reader import StoreReader


class Context(BaseModel):
    """The sentence inside its paragraph: ``before`` + ``text`` + ``after`` (cut at most
    280 characters from it, where ``cut_before``/``cut_after``)."""

    before: str
    text: str
    after: str
    cut_before: bool
    cut_after: bool


class Span(BaseModel):
    """Characters ``start``..``end`` of an article's cleaned text; ``label`` names the article
    (its outlet, else its title, else its id)."""

    article_id: str
    start: int
    end: int
    text: str
    label: str


class Source(Span):
    context: Optional[Context] = None


class TimelineEntry(BaseModel):
    position: int
    date: str
    granularity: str
    background: bool
    summary: str
    independent_reports: int
    summary_sources: list[Source]
    sources: list[Source]
    article_ids: list[str]


class ClaimMention(BaseModel):
    article_id: str
    label: str
    sentence: int
    start: int
    end: int
    text: str
    value: str
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[str] = None


class Claim(BaseModel):
    position: int
    about: str
    kind: str
    status: str
    independent_sources: int
    mentions: list[ClaimMention]


class StoryQuoteSource(BaseModel):
    article_id: str
    label: str
    start: int
    end: int
    text: str


class StoryQuote(BaseModel):
    position: int
    speaker: Optional[str] = None
    speaker_type: str
    kind: str
    cue: Optional[str] = None
    text: str
    independent_sources: int
    sources: list[StoryQuoteSource]
    article_ids: list[str]


class Citation(BaseModel):
    article_id: str
    label: str
    cited: str
    kind: str
    original: bool
    sentence: int
    start: int
    end: int
    text: str


class Coverage(BaseModel):
    outlet: str
    article_ids: list[str]
    entries: list[int]
    claims: list[int]


class ArticleSummary(BaseModel):
    id: str
    label: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    inferred_from: Optional[str] = None
    inferred_to: Optional[str] = None
    duplicate_of: Optional[str] = None
    words: int


class StorySummary(BaseModel):
    """A story in the list: ``first_date``/``last_date`` span its timeline (background left
    out), ``first_published``/``last_published`` its articles; ``outlet_count`` counts known
    outlets."""

    id: str
    title: Optional[str] = None
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    first_published: Optional[str] = None
    last_published: Optional[str] = None
    article_count: int
    outlet_count: int
    entry_count: int
    created: Optional[str] = None
    updated: Optional[str] = None


class StoryDetail(StorySummary):
    title_article_id: Optional[str] = None
    articles: list[ArticleSummary]
    timeline: list[TimelineEntry]
    claims: list[Claim]
    quotes: list[StoryQuote]
    citations: list[Citation]
    coverage: list[Coverage]


class Removed(BaseModel):
    position: int
    rule: str
    text: str


class StoryRef(BaseModel):
    id: str
    title: Optional[str] = None


class Support(BaseModel):
    """A sentence of the article that supports a timeline line of a story."""

    story_id: str
    position: int
    date: str
    background: bool
    start: int
    end: int
    text: str


class ArticleDetail(ArticleSummary):
    source: str
    outlet_source: Optional[str] = None
    published_source: Optional[str] = None
    inferred_basis: Optional[str] = None
    language: Optional[str] = None
    extractor: Optional[str] = None
    duplicate_similarity: Optional[float] = None
    text: str
    removed: list[Removed]
    stories: list[StoryRef]
    supports: list[Support]


class SnippetPiece(BaseModel):
    text: str
    match: bool


class SearchResult(BaseModel):
    article_id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    inferred_from: Optional[str] = None
    inferred_to: Optional[str] = None
    stories: list[StoryRef]
    score: float
    snippet: list[SnippetPiece]


class SearchResults(BaseModel):
    query: str
    results: list[SearchResult]


class RejectedInput(BaseModel):
    id: int
    source: str
    stage: str
    reason: str


class Problem(BaseModel):
    detail: str


NOT_FOUND = {404: {"model": Problem, "description": "No such story or article"}}

router = APIRouter()


def _reader(request: Request) -> StoreReader:
    return request.app.state.reader


@router.get("/api/stories", response_model=list[StorySummary], tags=["stories"])
def api_stories(request: Request):
    """Every story, newest first (by its latest article)."""
    return _reader(request).stories()


@router.get("/api/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND, tags=["stories"])
def api_story(request: Request, story_id: str):
    """A story: its articles, timeline (every source sentence with its context), claims
    ("where they differ"), quotes, citations and coverage."""
    return _reader(request).story(story_id)


@router.get("/api/articles/{article_id:path}", response_model=ArticleDetail, responses=NOT_FOUND,
            tags=["articles"])
def api_article(request: Request, article_id: str):
    """An article: metadata, cleaned text, removed boilerplate, its stories and the timeline
    lines it supports."""
    return _reader(request).article(article_id)


@router.get("/api/search", response_model=SearchResults, tags=["search"])
def api_search(request: Request, q: Annotated[str, Query(max_length=500, description="Words to find in article "
                                                         "titles and texts (all of them; the last may be the "
                                                         "start of a word)")],
               limit: Annotated[int, Query(ge=1, le=200)] = 20):
    """Full-text search (SQLite FTS5) over article titles and texts, best first."""
    return {"query": q, "results": _reader(request).search(q, limit)}


@router.get("/api/rejected", response_model=list[RejectedInput], tags=["articles"])
def api_rejected(request: Request):
    """The inputs that did not become articles, with the stage and the reason."""
    return _reader(request).rejected()


def _filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


@router.get("/storyline.json", tags=["downloads"], response_class=FileResponse,
            responses={200: {"content": {"application/json": {}}}, **NOT_FOUND})
def download_json(request: Request):
    """The build's ``storyline.json`` (see docs/output.md)."""
    path = _reader(request).json_path
    if not path.is_file():
        return JSONResponse({"detail": "this build has no storyline.json"}, status_code=404)
    return FileResponse(path, media_type="application/json", filename="storyline.json")


@router.get("/stories/{story_id}/timeline.csv", tags=["downloads"], response_class=Response,
            responses={200: {"content": {"text/csv": {}}}, **NOT_FOUND})
def download_csv(request: Request, story_id: str):
    """The story's timeline as CSV: one row per entry."""
    story = _reader(request).story(story_id)
    return Response(timeline_csv(story), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{_filename(story_id)}.timeline.csv"'})


@router.get("/stories/{story_id}/timelinejs.json", tags=["downloads"], responses=NOT_FOUND)
def download_timelinejs(request: Request, story_id: str) -> JSONResponse:
    """The story as Knight Lab TimelineJS JSON (``title`` and ``events``)."""
    story = _reader(request).story(story_id)
    return JSONResponse(timelinejs(story), headers={
        "Content-Disposition": f'attachment; filename="{_filename(story_id)}.timelinejs.json"'})
