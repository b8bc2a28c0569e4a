"""The story desk: ``storyline serve DIR`` serves a build's store in the browser, read-only.

``reader.py`` reads ``storyline.db`` (and ``search.py`` indexes it for full-text search),
``pages.py`` and ``api.py`` are the routes, ``exports.py`` the timeline downloads,
``app.py`` assembles the FastAPI app and ``server.py`` runs it with uvicorn. No pipeline
logic lives here.
"""

from .app import create_app

__all__ = ["create_app"]
