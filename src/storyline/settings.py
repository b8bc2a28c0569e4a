"""One ``Settings`` record for every stage.

Values come, from weakest to strongest, from the defaults below, a TOML file
(``--config FILE``, a ``[storyline]`` table), environment variables
(``STORYLINE_<FIELD>``, e.g. ``STORYLINE_MODEL=en_core_web_md``) and CLI flags.
Bad values fail at start-up with the setting's name (``SettingsError``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError


#: JSONL fields storyline understands; ``text`` is required.
JSONL_FIELDS = ("id", "text", "title", "url", "outlet", "author", "published")


def parse_field_mapping(spec: str) -> dict[str, str]:
    """The ``jsonl_fields`` setting as ``{our field: their field}``.

    ``spec`` is comma-separated ``ours=theirs`` pairs, e.g.
    ``"text=body,title=headline,published=date,outlet=source.name"``; *theirs* may be
    a dotted path into nested objects (``source.name``) and lists (``authors.0.name``).
    Our fields left out keep their own names. An empty spec maps nothing. Raises
    ``SettingsError("jsonl_fields", ...)`` for a malformed pair, a field storyline
    does not know, or a field given twice.
    """
    valid = ", ".join(JSONL_FIELDS)
    example = "write ours=theirs pairs separated by commas, e.g. text=body,title=headline,outlet=source.name"
    mapping: dict[str, str] = {}
    for pair in spec.split(","):
        if not pair.strip():
            continue
        ours, equals, theirs = (part.strip() for part in pair.partition("="))
        if not equals or not ours or not theirs:
            raise SettingsError("jsonl_fields", f"malformed pair {pair.strip()!r}; {example}")
        if ours not in JSONL_FIELDS:
            raise SettingsError("jsonl_fields", f"unknown field {ours!r} in {pair.strip()!r}; "
                                f"storyline's fields are {valid}")
        if ours in mapping:
            raise SettingsError("jsonl_fields", f"field {ours!r} is mapped twice; map each of {valid} at most once")
        if any(not step.strip() for step in theirs.split(".")):
            raise SettingsError("jsonl_fields", f"malformed path {theirs!r} in {pair.strip()!r}; "
                                "name nested fields with single dots, e.g. source.name")
        mapping[ours] = theirs
    return mapping


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    #: spaCy pipeline: an installed package name or a path to a pipeline directory.
    model: str = "en_core_web_sm"
    #: Documents per ``nlp.pipe`` batch.
    batch_size: int = 16
    #: Processes that parse with spaCy at once (1: in the main process).
    processes: int = 1
    #: Input files larger than this many bytes are rejected.
    max_file_bytes: int = 20_000_000
    #: Articles with fewer words than this after cleaning are rejected.
    min_words: int = 5
    #: The cosine of an article's vector with a dated story's centroid from which the
    #: article joins the story (see ``link.stream``) ...
    story_similarity: float = 0.12
    #: ... within this many days of it; a story idle this long is closed.
    story_window_days: int = 14
    #: A closed story is kept this many days after its last article, for articles that come
    #: late: undated ones, a long tail of the story, an article with a wrong date.
    story_archive_days: int = 730
    #: Story clustering (``link.stream``) reads ``story_similarity`` as the cosine of
    #: an article's vector with a story's centroid needed to join a dated story (a
    #: story idle for ``story_window_days`` is closed); a story of undated articles
    #: needs this (and both must also agree on places and years) ...
    story_join_similarity: float = 0.36
    #: ... where named entities weigh this many times more than other lemmas ...
    story_entity_weight: float = 2.0
    #: ... and an article's vector keeps only its this many heaviest lemmas and names.
    story_terms: int = 100
    #: After the stream (``link.stories``, batch only), a story of at most this many
    #: articles merges with the story it resembles most (0: no merging) ...
    story_merge_size: int = 2
    #: ... when the mean cosine over their pairs of articles reaches this and they
    #: agree on places, years and time.
    story_merge_similarity: float = 0.10
    #: Related stories (``link.related``): two stories are look-alikes when the cosine
    #: of their lemma centroids reaches this (no place or year veto) ...
    story_related_similarity: float = 0.25
    #: ... and each story keeps its this many most similar look-alikes.
    story_related_count: int = 5
    #: An undated article's "on Saturday" is the Saturday another article of the story
    #: dates, when the two clauses are at least this similar.
    link_similarity: float = 0.15
    #: A sentence with no date of its own supports a timeline date when it is this
    #: similar to what the story's dated sentences say happened on that date ...
    attach_similarity: float = 0.25
    #: ... and its article was published at most this many days after that date.
    attach_days: int = 7
    #: Dates more than this many days before a story's first article are background.
    background_days: int = 30
    #: Fetching URLs and feeds (only when the user gives some): seconds before a
    #: request gives up ...
    fetch_timeout: float = 20.0
    #: ... the largest response body accepted, in bytes ...
    fetch_max_bytes: int = 10_000_000
    #: ... how many redirects are followed ...
    fetch_max_redirects: int = 5
    #: ... how many requests run at once in all, and to one host.
    fetch_concurrency: int = 8
    fetch_per_host: int = 2
    #: The User-Agent header sent with every request.
    user_agent: str = "storyline/0.1 (news timeline builder; https://github.com/storyline-news/storyline)"
    #: Where fetched pages are cached, so that a rebuild does not fetch them again;
    #: empty means $XDG_CACHE_HOME/storyline/http (~/.cache/storyline/http).
    cache_dir: str = ""
    #: JSONL field names, as ``ours=theirs`` pairs separated by commas, for dumps
    #: whose fields have other names: ``text=body,title=headline,published=date``.
    jsonl_fields: str = ""
    #: Two articles are near-duplicates (a syndicated copy, a reprint) when the
    #: Jaccard similarity of their word 5-grams, or the share of the shorter one
    #: found in the longer, reaches this: the later records the earlier as its original.
    duplicate_threshold: float = 0.7
    #: How many dates a timeline keeps: the best-scored days from ``background_days``
    #: before its first publication date to its last. 0: all its dates when it names
    #: at most 30, else the best max(30, articles / 20) days.
    timeline_dates: int = 0
    #: How many sentences sum up each date of a timeline, most central first.
    timeline_sentences: int = 1
    #: Keywords or names, separated by commas ("bp, oil spill"): only articles that
    #: mention one of them count for choosing dates, and only sentences that mention
    #: one (at the start of a word, any case) may sum up a date. Empty: no query.
    query: str = ""
    #: Build one timeline over all articles instead of one per story (a user who
    #: gathered articles on one topic, or asks for a ``query``'s timeline).
    one_timeline: bool = False

    def __post_init__(self) -> None:
        positive = ("batch_size", "processes", "max_file_bytes", "min_words", "story_window_days", "story_archive_days",
                    "attach_days", "background_days", "timeline_dates", "fetch_timeout", "fetch_max_bytes",
                    "fetch_max_redirects", "fetch_concurrency", "fetch_per_host")
        for name in positive:
            if getattr(self, name) < 0 or (name in ("batch_size", "processes", "fetch_concurrency", "fetch_per_host")
                                           and getattr(self, name) == 0):
                raise SettingsError(name, f"must be a positive number, not {getattr(self, name)!r}")
        for name in ("story_similarity", "link_similarity", "attach_similarity", "duplicate_threshold"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(name, f"must be between 0 and 1, not {getattr(self, name)!r}")
        if self.timeline_sentences < 1:
            raise SettingsError("timeline_sentences", f"must be at least 1, not {self.timeline_sentences!r}")
        parse_field_mapping(self.jsonl_fields)
        from .timeline.query import parse_query  # here: the timeline package imports this module

        parse_query(self.query)
        if not self.model.strip():
            raise SettingsError("model", "must name a spaCy pipeline, e.g. en_core_web_sm")


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(name: str, kind: type, value: Any) -> Any:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if kind is bool:
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise SettingsError(name, f"expected true or false, got {value!r}")
    try:
        if kind is int:
            return int(str(value))
        if kind is float:
            return float(str(value))
        return str(value)
    except ValueError:
        raise SettingsError(name, f"expected {kind.__name__}, got {value!r}") from None


def load_settings(
    *,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    base: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from defaults < ``base`` (the settings of the build being added to) <
    ``config`` file < ``env`` < ``overrides`` (CLI flags).

    ``overrides`` values of ``None`` mean "not given" and are skipped; ``base`` keys
    this version does not know are ignored.
    """
    types = {f.name: {"int": int, "float": float, "str": str, "bool": bool}[f.type] for f in fields(Settings)}
    values: dict[str, Any] = {key: value for key, value in (base or {}).items() if key in types}
    if config is not None:
        try:
            table = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise SettingsError("config", f"cannot read {config}: {error}") from None
        table = table.get("storyline", table)
        for key, value in table.items():
            if key not in types:
                raise SettingsError(key, f"unknown setting in {config}; known: {', '.join(types)}")
            values[key] = value
    environ = os.environ if env is None else env
    for name in types:
        key = f"STORYLINE_{name.upper()}"
        if key in environ:
            values[name] = environ[key]
    for name, value in (overrides or {}).items():
        if value is not None:
            if name not in types:
                raise SettingsError(name, "unknown setting")
            values[name] = value
    coerced = {name: _coerce(name, types[name], value) for name, value in values.items()}
    return replace(Settings(), **coerced)
