"""Read a build's ``storyline.db`` for the web app: read-only, by column name, cached per version.

The store is opened with SQLite's ``mode=ro`` URI, one connection per thread. ``storyline
add`` replaces the file atomically; the reader notices (inode, size, modification time) and
reads the new file from then on, with a new search index and an empty cache. Everything it
returns is plain dicts and lists, so the HTML pages and the JSON API share it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .search import SearchIndex

STORE_FILE = "storyline.db"
JSON_FILE = "storyline.json"
#: Tables the web app reads; a store without one of them was not written by ``storyline build``.
TABLES = ("meta", "articles", "removed", "rejected", "stories", "story_articles", "timeline_entries",
          "timeline_sources", "story_quotes", "story_quote_sources", "citations", "claims", "claim_mentions",
          "coverage")
#: Characters of the article shown around a highlighted sentence on either side.
CONTEXT_CHARS = 280
#: Assembled stories and articles kept in memory, per store version.
CACHE_SIZE = 512


class NotFound(LookupError):
    """No story or article with that id in the store (the app answers 404)."""

    def __init__(self, kind: str, identifier: str) -> None:
        self.kind, self.identifier = kind, identifier
        super().__init__(f"no {kind} {identifier!r} in this build")


@dataclass
class _Version:
    """One version of the store file: its signature, search index and cache."""

    signature: tuple[int, int, int]
    number: int
    search: SearchIndex
    cache: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class StoreReader:
    """The build in ``directory`` (a folder written by ``storyline build``), read-only."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / STORE_FILE
        self.json_path = self.directory / JSON_FILE
        self._local = threading.local()
        self._lock = threading.Lock()
        self._version: _Version | None = None
        self._check()
        self._current()

    # -- connections and versions ------------------------------------------------------------

    def _signature(self) -> tuple[int, int, int]:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            raise StoreError(str(self.path), f"not found; run `storyline build INPUT... --out {self.directory}` "
                                             "first") from None
        return status.st_ino, status.st_size, status.st_mtime_ns

    def _open(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                         check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(str(self.path), f"cannot open the SQLite store read-only: {error}") from None
        connection.row_factory = sqlite3.Row
        return connection

    def _check(self) -> None:
        self._signature()
        connection = self._open()
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise StoreError(str(self.path), f"not an SQLite store: {error}; build it again with "
                                             "`storyline build`") from None
        finally:
            connection.close()
        missing = [table for table in TABLES if table not in names]
        if missing:
            raise StoreError(str(self.path), f"not a storyline store (no table {', '.join(missing)}); "
                                             "build it again with `storyline build`")

    def _current(self) -> _Version:
        """The store's current version, reading a replaced file again."""
        signature = self._signature()
        version = self._version
        if version is not None and version.signature == signature:
            return version
        with self._lock:
            version = self._version
            if version is None or version.signature != signature:
                connection = self._open()
                try:
                    search = SearchIndex.build(connection)
                finally:
                    connection.close()
                number = version.number + 1 if version else 1
                version = self._version = _Version(signature=signature, number=number, search=search)
        return version

    def _connection(self, version: _Version) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "version", None) != version.number:
            if getattr(local, "connection", None) is not None:
                local.connection.close()
            local.connection, local.version = self._open(), version.number
        return local.connection

    def _rows(self, version: _Version, sql: str, parameters: tuple = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self._connection(version).execute(sql, parameters)]

    def _cached(self, key: tuple, make: Callable[[_Version], Any]) -> Any:
        version = self._current()
        with version.lock:
            if key in version.cache:
                version.cache.move_to_end(key)
                return version.cache[key]
        value = make(version)
        with version.lock:
            version.cache[key] = value
            while len(version.cache) > CACHE_SIZE:
                version.cache.popitem(last=False)
        return value

    def memo(self, key: tuple, make: Callable[[], Any]) -> Any:
        """``make()``, remembered under ``key`` until the store file changes (for what the
        web layer derives from the store, such as a rendered page)."""
        return self._cached(("memo", *key), lambda version: make())

    def peek(self, key: tuple) -> Any | None:
        """What ``memo`` remembers under ``key`` for the current store file, else ``None``;
        never touches SQLite, so it may run on the event loop."""
        version = self._current_if_built()
        if version is None:
            return None
        with version.lock:
            return version.cache.get(("memo", *key))

    def _current_if_built(self) -> _Version | None:
        version = self._version
        return version if version is not None and version.signature == self._signature() else None

    @property
    def version(self) -> int:
        """Counts the store files this reader has seen (1 at start)."""
        return self._current().number

    # -- what the pages and the API read -----------------------------------------------------

    def meta(self) -> dict[str, str]:
        return self._cached(("meta",), lambda v: {row["key"]: row["value"] for row in
                                                  self._rows(v, "SELECT key, value FROM meta")})

    def stories(self) -> list[dict[str, Any]]:
        """Every story with its date span and counts, newest first (by its latest article)."""
        return self._cached(("stories",), self._stories)

    def _stories(self, version: _Version) -> list[dict[str, Any]]:
        rows = self._rows(version, """
            SELECT s.*, count(DISTINCT sa.article_id) AS article_count, count(DISTINCT a.outlet) AS outlet_count,
                   min(coalesce(a.published, a.inferred_from)) AS first_published,
                   max(coalesce(a.published, a.inferred_to)) AS last_published
            FROM stories s LEFT JOIN story_articles sa ON sa.story_id = s.id
                           LEFT JOIN articles a ON a.id = sa.article_id
            GROUP BY s.id""")
        entries = {row["story_id"]: row["n"] for row in self._rows(
            version, "SELECT story_id, count(*) AS n FROM timeline_entries GROUP BY story_id")}
        for row in rows:
            row["entry_count"] = entries.get(row["id"], 0)
        rows.sort(key=lambda r: (r["last_published"] or "", r.get("last_date") or "", r["id"]), reverse=True)
        return rows

    def story(self, story_id: str) -> dict[str, Any]:
        """A story with its articles, timeline (each source with its context in the article),
        claims, quotes, citations and coverage. Raises ``NotFound``."""
        return self._cached(("story", story_id), lambda version: self._story(version, story_id))

    def _story(self, version: _Version, story_id: str) -> dict[str, Any]:
        found = self._rows(version, "SELECT * FROM stories WHERE id = ?", (story_id,))
        if not found:
            raise NotFound("story", story_id)
        story = found[0]
        summary = next((s for s in self.stories() if s["id"] == story_id), {})
        for key in ("article_count", "outlet_count", "first_published", "last_published", "entry_count"):
            story[key] = summary.get(key)
        articles = self._rows(version, """
            SELECT a.* FROM story_articles sa JOIN articles a ON a.id = sa.article_id
            WHERE sa.story_id = ? ORDER BY sa.position""", (story_id,))
        texts = {a["id"]: a.pop("text") for a in articles}
        for article in articles:
            article["label"] = label(article)
        labels = {a["id"]: a["label"] for a in articles}

        def source(row: dict[str, Any]) -> dict[str, Any]:
            span = {"article_id": row["article_id"], "start": row["start"], "end": row["end"], "text": row["text"],
                    "label": labels.get(row["article_id"], row["article_id"])}
            text = texts.get(row["article_id"])
            span["context"] = context(text, row["start"], row["end"]) if text is not None else None
            return span

        entries, by_entry = self._with_children(version, story_id, "timeline_entries", "timeline_sources", "entry_id")
        for entry in entries:
            rows = by_entry[entry["id"]]
            entry["background"] = bool(entry["background"])
            entry["sources"] = [source(row) for row in rows]
            ranked = sorted((row for row in rows if row.get("summary_rank") is not None),
                            key=lambda row: row["summary_rank"])
            entry["summary_sources"] = [source(row) for row in ranked] or [source({
                "article_id": entry["summary_article_id"], "start": entry["summary_start"],
                "end": entry["summary_end"], "text": entry["summary"]})]
            entry["article_ids"] = list(dict.fromkeys(row["article_id"] for row in rows))

        claims, mentions = self._with_children(version, story_id, "claims", "claim_mentions", "claim_id")
        for claim in claims:
            claim["mentions"] = mentions[claim["id"]]
            for row in claim["mentions"]:
                row["label"] = labels.get(row["article_id"], row["article_id"])

        quotes, quote_sources = self._with_children(version, story_id, "story_quotes", "story_quote_sources",
                                                    "story_quote_id")
        for quote in quotes:
            quote["sources"] = quote_sources[quote["id"]]
            for row in quote["sources"]:
                row["label"] = labels.get(row["article_id"], row["article_id"])
            quote["article_ids"] = list(dict.fromkeys(s["article_id"] for s in quote["sources"]))

        citations = self._rows(version, "SELECT * FROM citations WHERE story_id = ? ORDER BY rowid", (story_id,))
        for citation in citations:
            citation["original"] = bool(citation["original"])
            citation["label"] = labels.get(citation["article_id"], citation["article_id"])
        coverage = self._rows(version, "SELECT * FROM coverage WHERE story_id = ? ORDER BY rowid", (story_id,))
        for row in coverage:
            for key in ("article_ids", "entries", "claims"):
                row[key] = json.loads(row[key]) if row.get(key) else []

        story.update(articles=articles, timeline=entries, claims=claims, quotes=quotes, citations=citations,
                     coverage=coverage, axis=axis(entries))
        return story

    def _with_children(self, version: _Version, story_id: str, table: str, child_table: str,
                       parent_column: str) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
        """A story's rows of ``table`` in order, and the rows of ``child_table`` that point at
        each (by ``parent_column``), in the order they were written. Table and column names
        come from this module, never from a request."""
        parents = self._rows(version, f"SELECT * FROM {table} WHERE story_id = ? ORDER BY position", (story_id,))
        children: dict[int, list[dict[str, Any]]] = {parent["id"]: [] for parent in parents}
        for row in self._rows(version, f"""
                SELECT c.* FROM {child_table} c JOIN {table} p ON p.id = c.{parent_column}
                WHERE p.story_id = ? ORDER BY c.{parent_column}, c.rowid""", (story_id,)):
            children[row[parent_column]].append(row)
        return parents, children

    def article(self, article_id: str) -> dict[str, Any]:
        """An article with its text, what was removed from it, its stories and the timeline
        lines it supports. Raises ``NotFound``."""
        return self._cached(("article", article_id), lambda version: self._article(version, article_id))

    def _article(self, version: _Version, article_id: str) -> dict[str, Any]:
        found = self._rows(version, "SELECT * FROM articles WHERE id = ?", (article_id,))
        if not found:
            raise NotFound("article", article_id)
        article = found[0]
        article["label"] = label(article)
        article["removed"] = self._rows(version, "SELECT * FROM removed WHERE article_id = ? ORDER BY position",
                                        (article_id,))
        article["stories"] = self._rows(version, """
            SELECT s.id, s.title FROM story_articles sa JOIN stories s ON s.id = sa.story_id
            WHERE sa.article_id = ? ORDER BY s.id""", (article_id,))
        article["supports"] = self._rows(version, """
            SELECT e.story_id, e.position, e.date, e.background, t.start, t."end", t.text
            FROM timeline_sources t JOIN timeline_entries e ON e.id = t.entry_id
            WHERE t.article_id = ? ORDER BY t.start, e.story_id, e.position""", (article_id,))
        return article

    def article_ids(self, rowids: list[int]) -> dict[int, dict[str, Any]]:
        """Id, title, outlet and dates of the articles with these SQLite rowids."""
        if not rowids:
            return {}
        version = self._current()
        marks = ", ".join("?" * len(rowids))
        rows = self._rows(version, f"""
            SELECT a.rowid AS rowid, a.id, a.title, a.outlet, a.published, a.inferred_from, a.inferred_to,
                   sa.story_id, s.title AS story_title
            FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
                            LEFT JOIN stories s ON s.id = sa.story_id
            WHERE a.rowid IN ({marks})""", tuple(rowids))
        found: dict[int, dict[str, Any]] = {}
        for row in rows:
            article = found.setdefault(row["rowid"], {
                "article_id": row["id"], "title": row["title"], "outlet": row["outlet"],
                "published": row["published"], "inferred_from": row["inferred_from"],
                "inferred_to": row["inferred_to"], "stories": []})
            if row["story_id"]:
                article["stories"].append({"id": row["story_id"], "title": row["story_title"]})
        return found

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text match ``query`` (words, any case; the last one may be
        the start of a word), best first, each with a snippet and its stories."""
        hits = self._current().search.search(query, limit)
        articles = self.article_ids([hit.rowid for hit in hits])
        results = []
        for hit in hits:
            article = articles.get(hit.rowid)
            if article is not None:
                results.append({**article, "score": hit.score, "snippet": hit.snippet})
        return results

    def rejected(self) -> list[dict[str, Any]]:
        return self._cached(("rejected",), lambda v: self._rows(v, "SELECT * FROM rejected ORDER BY id"))


def label(article: dict[str, Any]) -> str:
    """How an article is named on the pages: its outlet, else its title, else its id."""
    return article.get("outlet") or article.get("title") or article["id"]


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict[str, Any]:
    """The paragraph of ``text`` around ``[start, end)``, at most ``chars`` on either side
    (cut at a space): ``before``, ``text`` (the span), ``after``, and whether it was cut."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    stop = text.find("\n\n", end)
    stop = len(text) if stop < 0 else stop
    cut_before = cut_after = False
    if start - begin > chars:
        space = text.find(" ", start - chars, start)
        begin, cut_before = (space + 1 if space >= 0 else start - chars), True
    if stop - end > chars:
        space = text.rfind(" ", end, end + chars)
        stop, cut_after = (space if space > end else end + chars), True
    return {"before": text[begin:start], "text": text[start:end], "after": text[end:stop],
            "cut_before": cut_before, "cut_after": cut_after}


def paragraphs(text: str, highlight: tuple[int, int] | None = None) -> list[list[dict[str, Any]]]:
    """``text`` as paragraphs (split at blank lines), each a list of pieces ``{"text", "mark"}``;
    the pieces inside ``highlight`` (start, end) are marked."""
    result = []
    position = 0
    for paragraph in text.split("\n\n"):
        begin, stop = position, position + len(paragraph)
        position = stop + 2
        pieces = []
        if highlight and highlight[0] < stop and highlight[1] > begin and highlight[0] < highlight[1]:
            low, high = max(highlight[0], begin), min(highlight[1], stop)
            pieces = [{"text": text[begin:low], "mark": False}, {"text": text[low:high], "mark": True},
                      {"text": text[high:stop], "mark": False}]
            pieces = [piece for piece in pieces if piece["text"]]
        else:
            pieces = [{"text": paragraph, "mark": False}]
        if paragraph.strip():
            result.append(pieces)
    return result


def parse_date(value: str) -> date | None:
    """The first day of a timeline date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or ``None``."""
    parts = value.split("-")
    try:
        numbers = [int(part) for part in parts[:3]]
        return date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None


def axis(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Where each timeline entry sits on a line drawn to scale: the story's own dates on one
    axis, its background dates on another; ``x`` is a percentage, plus ticks and the day gaps
    between neighbouring entries."""
    bands = {}
    for name, background in (("story", False), ("background", True)):
        dated = [(entry, parse_date(entry["date"])) for entry in entries if entry["background"] == background]
        dated = [(entry, day) for entry, day in dated if day is not None]
        if not dated:
            continue
        first, last = min(day for _, day in dated), max(day for _, day in dated)
        span = max((last - first).days, 1)

        def x(day: date) -> float:
            return round(4 + 92 * (day - first).days / span, 2) if last > first else 50.0

        points = [{"position": entry["position"], "date": entry["date"], "x": x(day),
                   "summary": entry["summary"]} for entry, day in dated]
        earliest = min(dated, key=lambda pair: pair[1])[0]["date"]
        latest = max(dated, key=lambda pair: pair[1])[0]["date"]
        bands[name] = {"first": earliest, "last": latest, "days": (last - first).days,
                       "points": points, "ticks": [{"x": x(day), "label": text,
                                   "anchor": "start" if x(day) < 8 else "end" if x(day) > 92 else "middle"}
                                  for day, text in _ticks(first, last)]}
    gaps = {}
    previous = None
    for entry in entries:
        day = parse_date(entry["date"])
        if previous is not None and day is not None:
            gaps[entry["position"]] = (day - previous).days
        previous = day or previous
    return {"bands": bands, "gaps": gaps}


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Up to about eight round dates between ``first`` and ``last`` to label an axis."""
    days = (last - first).days
    if days <= 0:
        return [(first, first.isoformat())]
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if days <= 45:
        step = max(1, days // 6)
        return [(date.fromordinal(first.toordinal() + i), f"{months[date.fromordinal(first.toordinal() + i).month - 1]} "
                 f"{date.fromordinal(first.toordinal() + i).day}") for i in range(0, days + 1, step)]
    if days <= 3 * 366:
        ticks = []
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            day = date(year, month, 1)
            if day >= first:
                ticks.append((day, f"{months[month - 1]} {year}" if month == 1 or not ticks else months[month - 1]))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        step = max(1, len(ticks) // 8 + (1 if len(ticks) % 8 else 0))
        return ticks[::step]
    years = list(range(first.year + (0 if first == date(first.year, 1, 1) else 1), last.year + 1))
    step = max(1, -(-len(years) // 8))
    return [(date(year, 1, 1), str(year)) for year in years[::step]]
