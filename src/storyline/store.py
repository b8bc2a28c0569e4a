"""``storyline.db``: the build as an SQLite database (tables documented in docs/output.md).

Every offset column indexes into ``articles.text``; ``substr(text, start + 1, end - start)``
gives the cited span in SQL.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import StoreError
from .codec import from_data, to_data
from .model import Annotation, Article, BuildResult, Rejected, Story, granularity_of
from .output.json import SCHEMA_VERSION, write_atomically

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, outlet TEXT, title TEXT, author TEXT,
    published TEXT, published_source TEXT, inferred_from TEXT, inferred_to TEXT, inferred_basis TEXT,
    language TEXT, extractor TEXT, duplicate_of TEXT REFERENCES articles(id), duplicate_similarity REAL,
    words INTEGER NOT NULL, text TEXT NOT NULL, outlet_source TEXT, content_from TEXT, content_to TEXT);
CREATE TABLE date_evidence (
    article_id TEXT NOT NULL REFERENCES articles(id), position INTEGER NOT NULL, source TEXT NOT NULL,
    text TEXT NOT NULL, value TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, PRIMARY KEY (article_id, position));
CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles(id), position INTEGER NOT NULL, rule TEXT NOT NULL,
    text TEXT NOT NULL, PRIMARY KEY (article_id, position));
CREATE TABLE rejected (id INTEGER PRIMARY KEY, source TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id), sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (article_id, sentence));
CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id), sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL);
CREATE TABLE dates (
    article_id TEXT NOT NULL REFERENCES articles(id), sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, value TEXT, granularity TEXT,
    relative INTEGER NOT NULL, anchor TEXT, kind TEXT NOT NULL, timex_type TEXT, timex TEXT);
CREATE TABLE stories (
    id TEXT PRIMARY KEY, title TEXT, title_article_id TEXT REFERENCES articles(id),
    first_date TEXT, last_date TEXT, created TEXT, updated TEXT);
CREATE TABLE related_stories (
    story_id TEXT NOT NULL REFERENCES stories(id), related_id TEXT NOT NULL REFERENCES stories(id),
    rank INTEGER NOT NULL, PRIMARY KEY (story_id, related_id));
CREATE TABLE records (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), added TEXT NOT NULL, article TEXT NOT NULL,
    annotation TEXT NOT NULL);
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id), article_id TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL, PRIMARY KEY (story_id, article_id));
CREATE TABLE timeline_entries (
    id INTEGER PRIMARY KEY, story_id TEXT NOT NULL REFERENCES stories(id), position INTEGER NOT NULL,
    date TEXT NOT NULL, granularity TEXT NOT NULL, background INTEGER NOT NULL, summary TEXT NOT NULL,
    independent_reports INTEGER NOT NULL,
    summary_article_id TEXT NOT NULL REFERENCES articles(id), summary_start INTEGER NOT NULL,
    summary_end INTEGER NOT NULL);
CREATE TABLE timeline_sources (
    entry_id INTEGER NOT NULL REFERENCES timeline_entries(id), article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, summary_rank INTEGER);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id), sentence INTEGER NOT NULL,
    kind TEXT NOT NULL, speaker TEXT, speaker_type TEXT NOT NULL, source_start INTEGER, source_end INTEGER,
    cue_start INTEGER, cue_end INTEGER, text TEXT NOT NULL, story_quote_id INTEGER REFERENCES story_quotes(id));
CREATE TABLE quote_segments (
    quote_id INTEGER NOT NULL REFERENCES quotes(id), position INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (quote_id, position));
CREATE TABLE story_quotes (
    id INTEGER PRIMARY KEY, story_id TEXT NOT NULL REFERENCES stories(id), position INTEGER NOT NULL,
    speaker TEXT, speaker_type TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    independent_sources INTEGER NOT NULL, cue TEXT);
CREATE TABLE story_quote_sources (
    story_quote_id INTEGER NOT NULL REFERENCES story_quotes(id), article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE citations (
    story_id TEXT NOT NULL REFERENCES stories(id), article_id TEXT NOT NULL REFERENCES articles(id),
    cited TEXT NOT NULL, kind TEXT NOT NULL, original INTEGER NOT NULL, sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY, story_id TEXT NOT NULL REFERENCES stories(id), position INTEGER NOT NULL,
    about TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, independent_sources INTEGER NOT NULL);
CREATE TABLE claim_mentions (
    claim_id INTEGER NOT NULL REFERENCES claims(id), article_id TEXT NOT NULL REFERENCES articles(id),
    sentence INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT NOT NULL, low REAL, high REAL, qualifier TEXT);
CREATE TABLE coverage (
    story_id TEXT NOT NULL REFERENCES stories(id), outlet TEXT NOT NULL, article_ids TEXT NOT NULL,
    entries TEXT NOT NULL, claims TEXT NOT NULL, PRIMARY KEY (story_id, outlet));
CREATE TABLE events (
    id TEXT NOT NULL, story_id TEXT NOT NULL REFERENCES stories(id), position INTEGER NOT NULL, date TEXT,
    places TEXT NOT NULL, participants TEXT NOT NULL, independent_sources INTEGER NOT NULL,
    summary_article_id TEXT NOT NULL REFERENCES articles(id), summary_start INTEGER NOT NULL,
    summary_end INTEGER NOT NULL, PRIMARY KEY (story_id, id));
CREATE TABLE event_mentions (
    event_id TEXT NOT NULL, story_id TEXT NOT NULL REFERENCES stories(id), article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX quotes_by_article ON quotes(article_id);
CREATE INDEX citations_by_cited ON citations(cited);
CREATE INDEX entities_by_article ON entities(article_id);
CREATE INDEX dates_by_value ON dates(value);
CREATE INDEX sources_by_entry ON timeline_sources(entry_id);
CREATE INDEX sources_by_article ON timeline_sources(article_id);
"""


def fill_store(connection: sqlite3.Connection, result: BuildResult) -> None:
    """Create storyline's tables in an empty database and insert ``result``."""
    connection.executescript(SCHEMA)
    connection.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema_version", str(SCHEMA_VERSION)), ("generator", f"storyline {__version__}"),
        ("model", result.model), ("settings", json.dumps(result.settings)),
        *((f"stats.{k}", str(v)) for k, v in result.stats.items())])
    for article in result.articles:
        inferred = article.inferred
        connection.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.source, article.url, article.outlet, article.title, article.author,
             article.published.isoformat() if article.published else None, article.published_source,
             inferred.start.isoformat() if inferred else None, inferred.end.isoformat() if inferred else None,
             inferred.basis if inferred else None, article.language, article.extractor, article.duplicate_of,
             article.duplicate_similarity, article.words, article.text, article.outlet_source,
             article.content_time.start.isoformat() if article.content_time else None,
             article.content_time.end.isoformat() if article.content_time else None))
        connection.executemany("INSERT INTO removed VALUES (?, ?, ?, ?)",
                               [(article.id, i, r.rule, r.text) for i, r in enumerate(article.removed)])
        connection.executemany("INSERT INTO date_evidence VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (article.id, i, e.source, e.text, e.value, e.status, e.reason) for i, e in enumerate(article.date_evidence)])
    _fill_records(connection, result)
    texts = {article.id: article.text for article in result.articles}
    for annotation in result.annotations:
        text = texts[annotation.article_id]
        connection.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?)", [
            (annotation.article_id, s.index, s.start, s.end, text[s.start:s.end]) for s in annotation.sentences])
        connection.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)", [
            (annotation.article_id, e.sentence, e.start, e.end, e.text, e.label) for e in annotation.entities])
        connection.executemany("INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (annotation.article_id, t.sentence, t.start, t.end, t.text, t.value, t.granularity, int(t.relative),
             t.anchor, t.kind, t.timex_type, t.timex) for t in annotation.times])
    connection.executemany("INSERT INTO rejected (source, stage, reason) VALUES (?, ?, ?)",
                           [(r.source, r.stage, r.reason) for r in result.rejected])
    story_quote_ids: dict[tuple[str, int], int] = {}
    for story in result.stories:
        dates = [entry.date for entry in story.timeline if not entry.background]
        created, updated = result.story_times.get(story.id, (None, None))
        connection.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (story.id, story.title, story.title_article_id, min(dates, default=None),
                            max(dates, default=None), created, updated))
        connection.executemany("INSERT INTO related_stories VALUES (?, ?, ?)",
                               [(story.id, other, rank) for rank, other in enumerate(story.related)])
        connection.executemany("INSERT INTO story_articles VALUES (?, ?, ?)",
                               [(story.id, article_id, i) for i, article_id in enumerate(story.article_ids)])
        for position, entry in enumerate(story.timeline):
            cursor = connection.execute(
                "INSERT INTO timeline_entries (story_id, position, date, granularity, background, summary, "
                "independent_reports, summary_article_id, summary_start, summary_end) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (story.id, position, entry.date, granularity_of(entry.date), int(entry.background), entry.summary,
                 entry.independent_reports, entry.summary_source.article_id, entry.summary_source.start,
                 entry.summary_source.end))
            rank = {span: position for position, span in enumerate(entry.summary_sources)}
            connection.executemany("INSERT INTO timeline_sources VALUES (?, ?, ?, ?, ?, ?)", [
                (cursor.lastrowid, s.article_id, s.start, s.end, s.text, rank.get(s)) for s in entry.sources])
        _fill_cross_check(connection, story, story_quote_ids)
    _fill_quotes(connection, result, story_quote_ids)


def _fill_cross_check(connection: sqlite3.Connection, story: Story, story_quote_ids: dict) -> None:
    """The story's quotes, citations, claims, events and coverage; remembers which story quote each
    article's quote belongs to (by its first segment) in ``story_quote_ids``."""
    for position, quote in enumerate(story.quotes):
        cursor = connection.execute(
            "INSERT INTO story_quotes (story_id, position, speaker, speaker_type, kind, text, independent_sources, cue) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (story.id, position, quote.speaker, quote.speaker_type, quote.kind,
                                                quote.text, quote.independent_sources, quote.cue))
        connection.executemany("INSERT INTO story_quote_sources VALUES (?, ?, ?, ?, ?)", [
            (cursor.lastrowid, s.article_id, s.start, s.end, s.text) for s in quote.sources])
        story_quote_ids.update(((s.article_id, s.start), cursor.lastrowid) for s in quote.sources)
    connection.executemany("INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (story.id, c.article_id, c.cited, c.kind, int(c.original), c.sentence, c.start, c.end, c.text)
        for c in story.citations])
    for position, claim in enumerate(story.claims):
        cursor = connection.execute(
            "INSERT INTO claims (story_id, position, about, kind, status, independent_sources) "
            "VALUES (?, ?, ?, ?, ?, ?)", (story.id, position, claim.about, claim.kind, claim.status,
                                          claim.independent_sources))
        connection.executemany("INSERT INTO claim_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (cursor.lastrowid, m.article_id, m.sentence, m.start, m.end, m.text, m.value, m.low, m.high,
             m.qualifier) for m in claim.mentions])
    for position, event in enumerate(story.events):
        connection.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            event.id, story.id, position, event.date, json.dumps(list(event.places), ensure_ascii=False),
            json.dumps(list(event.participants), ensure_ascii=False), event.independent_sources,
            event.summary_source.article_id, event.summary_source.start, event.summary_source.end))
        connection.executemany("INSERT INTO event_mentions VALUES (?, ?, ?, ?, ?, ?)", [
            (event.id, story.id, m.article_id, m.start, m.end, m.text) for m in event.mentions])
    connection.executemany("INSERT INTO coverage VALUES (?, ?, ?, ?, ?)", [
        (story.id, row.outlet, json.dumps(list(row.article_ids)), json.dumps(list(row.entries)),
         json.dumps(list(row.claims))) for row in story.coverage])


def _fill_quotes(connection: sqlite3.Connection, result: BuildResult, story_quote_ids: dict) -> None:
    for annotation in result.annotations:
        for quote in annotation.quotes:
            source, cue = quote.source, quote.cue
            cursor = connection.execute(
                "INSERT INTO quotes (article_id, sentence, kind, speaker, speaker_type, source_start, source_end, "
                "cue_start, cue_end, text, story_quote_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (annotation.article_id, quote.sentence, quote.kind, quote.speaker, quote.speaker_type,
                 source.start if source else None, source.end if source else None,
                 cue.start if cue else None, cue.end if cue else None, quote.text,
                 story_quote_ids.get((annotation.article_id, quote.content[0].start)) if quote.content else None))
            connection.executemany("INSERT INTO quote_segments VALUES (?, ?, ?, ?, ?)", [
                (cursor.lastrowid, i, s.start, s.end, s.text) for i, s in enumerate(quote.content)])


def _fill_records(connection: sqlite3.Connection, result: BuildResult) -> None:
    """Each article and its annotation as they were before linking, as JSON (the article
    without its text, which is in ``articles``): what ``load_store`` reads back."""
    for article, annotation in zip(result.articles, result.annotations):
        article, annotation = result.base.get(article.id, (article, annotation))
        data = to_data(article)
        del data["text"]
        connection.execute("INSERT INTO records VALUES (?, ?, ?, ?)", (
            article.id, result.added.get(article.id, ""), json.dumps(data, ensure_ascii=False),
            json.dumps(to_data(annotation), ensure_ascii=False)))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredBuild:
    """What ``storyline add`` needs from an earlier build: its articles and annotations as
    they were before linking, its rejected inputs, and when articles and stories came in."""

    articles: tuple[Article, ...]
    annotations: dict[str, Annotation]
    rejected: tuple[Rejected, ...]
    added: dict[str, str]
    story_times: dict[str, tuple[str, str]]
    settings: dict[str, object]


def load_store(path: Path) -> StoredBuild:
    """Read back the build in the SQLite file at ``path`` (see ``StoredBuild``)."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(str(path), "not found; run `storyline build INPUT... --out DIR` first, then add to DIR")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if version is None or int(version[0]) != SCHEMA_VERSION:
                raise StoreError(str(path), f"written by another version of storyline (schema {version and version[0]}, "
                                            f"this one reads {SCHEMA_VERSION}); build it again with `storyline build`")
            rows = connection.execute(
                "SELECT r.article_id, r.added, r.article, r.annotation, a.text FROM records r "
                "JOIN articles a ON a.id = r.article_id ORDER BY a.rowid").fetchall()
            rejected = tuple(Rejected(source=source, stage=stage, reason=reason) for source, stage, reason in
                             connection.execute("SELECT source, stage, reason FROM rejected ORDER BY id"))
            times = {story: (created, updated) for story, created, updated in
                     connection.execute("SELECT id, created, updated FROM stories") if created}
            settings = connection.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StoreError(str(path), f"cannot read the SQLite store: {error}; build it again with `storyline build`") \
            from None
    articles, annotations, added = [], {}, {}
    for article_id, when, article, annotation, text in rows:
        articles.append(from_data(Article, {**json.loads(article), "text": text}))
        annotations[article_id] = from_data(Annotation, json.loads(annotation))
        added[article_id] = when
    return StoredBuild(articles=tuple(articles), annotations=annotations, rejected=rejected, added=added,
                       story_times=times, settings=json.loads(settings[0]) if settings else {})


def write_store(result: BuildResult, path: Path) -> None:
    """Write ``result`` to a new SQLite file at ``path``, replacing any earlier one only when complete."""

    def write(temporary: Path) -> None:
        temporary.unlink(missing_ok=True)
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                fill_store(connection, result)
        finally:
            connection.close()

    try:
        write_atomically(Path(path), write)
    except sqlite3.Error as error:
        raise StoreError(str(path), f"cannot write the SQLite store: {error}") from None
