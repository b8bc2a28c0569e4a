"""The HTML pages: stories (with search), a story, an article, the rejected inputs, the API."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from .app import render
from .reader import paragraphs

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: Annotated[Optional[str], Query(max_length=500)] = None):
    reader = request.app.state.reader
    stories = reader.stories()
    results = reader.search(q, 20) if q and q.strip() else None
    if results is not None:
        matched = {story["id"] for result in results for story in result["stories"]}
        stories = [story for story in stories if story["id"] in matched]
    return render(request, "stories.html", stories=stories, query=q or "", results=results,
                  rejected=len(reader.rejected()))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: str) -> Response:
    """Rendered once per story and store version (the store is read-only), then served from
    memory without leaving the event loop."""
    reader = request.app.state.reader
    key = ("story page", story_id)
    body = reader.peek(key)
    if body is None:
        body = await run_in_threadpool(
            reader.memo, key, lambda: render(request, "story.html", story=reader.story(story_id)).body)
    return HTMLResponse(body)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, start: Annotated[Optional[int], Query(ge=0)] = None,
                 end: Annotated[Optional[int], Query(ge=0)] = None):
    article = request.app.state.reader.article(article_id)
    highlight = (start, end) if start is not None and end is not None and start < end else None
    return render(request, "article.html", article=article, text=paragraphs(article["text"], highlight),
                  highlight=highlight)


@router.get("/rejected", response_class=HTMLResponse)
def rejected_page(request: Request):
    return render(request, "rejected.html", rejected=request.app.state.reader.rejected())


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request):
    """The API's routes, read from the app's OpenAPI schema (FastAPI's own /docs page loads
    its scripts from a CDN, which this server never does)."""
    schema = request.app.openapi()
    routes = [{"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
               "description": operation.get("description", ""),
               "parameters": [p["name"] for p in operation.get("parameters", [])]}
              for path, methods in schema["paths"].items() for method, operation in methods.items()]
    return render(request, "api.html", routes=routes)
