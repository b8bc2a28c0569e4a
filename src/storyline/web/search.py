"""Full-text search over article titles and texts: an SQLite FTS5 index kept in memory.

The store is opened read-only, so the index cannot live in it: ``SearchIndex.build`` copies
every article's title and text into an in-memory SQLite database with an FTS5 table
(``unicode61`` tokenizer, diacritics removed) when the server starts, and again when the
store file is replaced. One connection serves every thread, behind a lock; a search takes
about a millisecond on a few hundred articles.

What a user types is never passed to FTS5's query language: it is cut into words, each
searched as a quoted term (all of them must occur), the last one also as the start of a word.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from dataclasses import dataclass

#: At most this many words of a query are searched.
MAX_TERMS = 12
#: Words of context in a snippet.
SNIPPET_TOKENS = 24
_START, _END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article: its rowid in the store's ``articles``, its bm25 score (lower is
    better) and a snippet as pieces ``{"text", "match"}``."""

    rowid: int
    score: float
    snippet: list[dict]


def match_expression(query: str) -> str | None:
    """The FTS5 expression for what a user typed, or ``None`` when it has no words."""
    terms = _WORD.findall(query)[:MAX_TERMS]
    if not terms:
        return None
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


class SearchIndex:
    """An FTS5 index of the articles' titles and texts, in memory."""

    def __init__(self, connection: sqlite3.Connection, articles: int, seconds: float) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.articles = articles
        self.seconds = seconds

    @classmethod
    def build(cls, store: sqlite3.Connection) -> SearchIndex:
        """Index every article of ``store`` (an open connection to ``storyline.db``)."""
        started = time.perf_counter()
        index = sqlite3.connect(":memory:", check_same_thread=False)
        index.execute("CREATE VIRTUAL TABLE article_search USING fts5("
                      "title, text, tokenize = 'unicode61 remove_diacritics 2')")
        rows = store.execute("SELECT rowid, coalesce(title, ''), text FROM articles")
        while batch := rows.fetchmany(500):
            index.executemany("INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)", batch)
        # Titles weigh five times the text; FTS5 then sorts by rank itself and computes
        # snippets only for the rows it returns.
        index.execute("INSERT INTO article_search (article_search, rank) VALUES ('rank', 'bm25(5.0, 1.0)')")
        index.commit()
        count = index.execute("SELECT count(*) FROM article_search").fetchone()[0]
        return cls(index, count, time.perf_counter() - started)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best ``limit`` articles for ``query`` (titles weigh five times the text)."""
        expression = match_expression(query)
        if expression is None:
            return []
        with self._lock:
            rows = self._connection.execute(
                "SELECT rowid, rank, "
                f"snippet(article_search, 1, '{_START}', '{_END}', '…', {SNIPPET_TOKENS}) "
                "FROM article_search WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
                (expression, limit)).fetchall()
        return [Hit(rowid=rowid, score=round(score, 4), snippet=_pieces(snippet)) for rowid, score, snippet in rows]


def _pieces(snippet: str) -> list[dict]:
    """A snippet with FTS5's markers as pieces of text, matched or not."""
    pieces = []
    for part in re.split(f"({_START}.*?{_END})", snippet, flags=re.DOTALL):
        if part.startswith(_START):
            text, match = part[1:-1], True
        else:
            text, match = part.replace(_START, "").replace(_END, ""), False
        if text:
            pieces.append({"text": text, "match": match})
    return pieces
