"""The story desk: a FastAPI app over one build's ``storyline.db``, read-only.

``create_app(directory)`` opens the store (raising ``StoreError`` when it cannot) and returns
the app: HTML pages (``pages.py``), the JSON API and downloads (``api.py``), the bundled CSS
and JavaScript under ``/static``. Errors become status pages here, in one place: an unknown
id is a 404 page (JSON under ``/api``), a bad parameter a 400 page, anything else a 500
page without a traceback. Every response carries a Content-Security-Policy that allows
nothing from outside the server and no inline script.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from .reader import NotFound, StoreReader

HERE = Path(__file__).resolve().parent
logger = logging.getLogger("storyline.web")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def article_url(article_id: str, start: int | None = None, end: int | None = None) -> str:
    """The page of an article (ids may hold any character, ``/`` included); with ``start``
    and ``end`` the page marks that span and scrolls to it."""
    url = "/articles/" + quote(article_id, safe="")
    if start is not None and end is not None:
        url += f"?start={start}&end={end}#mark"
    return url


def story_url(story_id: str, suffix: str = "") -> str:
    return "/stories/" + quote(story_id, safe="") + suffix


def templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(article_url=article_url, story_url=story_url, version=__version__)
    return environment


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv"))


def render(request: Request, template: str, status_code: int = 200, **values) -> HTMLResponse:
    page = request.app.state.templates.get_template(template).render(
        request_path=request.url.path, build=request.app.state.build, **values)
    return HTMLResponse(page, status_code=status_code)


def _error(request: Request, status_code: int, title: str, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    return render(request, "error.html", status_code=status_code, title=title, message=message)


def create_app(directory: Path) -> FastAPI:
    """The app serving the build in ``directory`` (raises ``StoreError`` if it has no
    readable ``storyline.db``)."""
    from . import api, pages

    reader = StoreReader(Path(directory))
    app = FastAPI(
        title="storyline",
        version=__version__,
        summary="The stories, timelines, claims, quotes and citations of one storyline build, read-only.",
        docs_url=None, redoc_url=None,  # both load scripts from a CDN; /api lists the routes instead
        openapi_url="/api/openapi.json",
    )
    app.state.reader = reader
    app.state.templates = templates()
    meta = reader.meta()
    app.state.build = {"directory": str(directory), "model": meta.get("model"),
                       "generator": meta.get("generator")}
    app.include_router(pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, "Not found", str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return _error(request, 404, "Not found", f"nothing at {request.url.path}")
        return _error(request, error.status_code, "Error", str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.errors()}, status_code=422)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors())
        return _error(request, 400, "Bad request", problems)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        logger.exception("error serving %s", request.url.path)
        return _error(request, 500, "Server error", "the server could not answer this request; "
                                                    "its log says why")

    return app
