"""One reader per input format: a file in, ``RawDocument`` and ``Rejected`` records out.

Readers do the only file I/O of the ingest stage. They decode bytes
(``decode.decode_bytes``) and refuse, with a reason that names the file (and the
line, for JSONL), what cannot become a document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

from ..model import InputKind, RawDocument, Rejected
from ..settings import JSONL_FIELDS, Settings, parse_field_mapping
from .decode import DecodeError, decode_bytes


# Numbers in these ranges are Unix times in seconds (1973-2286) or milliseconds.
_EPOCH_SECONDS = (1e8, 1e10)
_EPOCH_MILLISECONDS = (1e11, 1e13)


def read_bytes(path: Path, settings: Settings) -> bytes | Rejected:
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            return Rejected(source=str(path), stage="ingest",
                            reason=f"file too large ({size:,} bytes; the limit is max_file_bytes="
                            f"{settings.max_file_bytes:,}); split it or raise the limit")
        return path.read_bytes()
    except OSError as error:
        return Rejected(source=str(path), stage="ingest", reason=f"cannot read the file: {error.strerror or error}")


def read_document_file(path: Path, kind: InputKind, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """A ``.txt`` or ``.html`` file: one document, its id the file name without suffix."""
    data = read_bytes(path, settings)
    if isinstance(data, Rejected):
        yield data
        return
    try:
        text, _encoding = decode_bytes(data, html=kind == "html")
    except DecodeError as error:
        yield Rejected(source=str(path), stage="ingest", reason=str(error))
        return
    yield RawDocument(id=path.stem, source=str(path), kind=kind, content=text)


_MISSING = object()


def _lookup(record: dict, path: str) -> object:
    """The value at ``path`` in ``record``: the key itself, else a dotted path; ``None`` if absent."""
    if path in record:
        return record[path]
    value: object = record
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step, _MISSING)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
        if value is _MISSING:
            return None
    return value


def _epoch_to_iso(value: int | float) -> str:
    """A Unix time in seconds or milliseconds as an ISO 8601 UTC timestamp; other numbers as they are."""
    seconds = float(value)
    if _EPOCH_MILLISECONDS[0] <= seconds < _EPOCH_MILLISECONDS[1]:
        seconds /= 1000
    elif not _EPOCH_SECONDS[0] <= seconds < _EPOCH_SECONDS[1]:
        return str(value)
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def _optional_str(record: dict, name: str, path: str | None = None) -> str | None:
    """Our field ``name``, read from ``path`` (its own name when not mapped)."""
    value = _lookup(record, path or name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if name == "id":
            return str(value)
        if name == "published":
            return _epoch_to_iso(value)
    if not isinstance(value, str):
        where = f"field {name!r}" if not path or path == name else f"field {path!r} (mapped to {name!r})"
        raise ValueError(f"{where} must be a string, not {type(value).__name__}")
    return value.strip() or None


def parse_jsonl_line(line: str, source: str, default_id: str,
                     fields: Mapping[str, str] | None = None) -> RawDocument | Rejected:
    """One JSONL line: an object with a non-empty ``text`` and optional metadata fields.

    ``fields`` maps our field names to the record's (``parse_field_mapping``); a
    mapped field missing from the record counts as missing. A number in
    ``published`` is read as a Unix time (seconds or milliseconds) and given on as
    an ISO 8601 UTC timestamp; other numbers as their digits.
    """
    mapping = fields or {}
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejected(source=source, stage="ingest", reason=f"invalid JSON: {error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        text_field = mapping.get("text", "text")
        return Rejected(source=source, stage="ingest",
                        reason=f"expected a JSON object with a {text_field!r} field, got {type(record).__name__}")
    try:
        values = {name: _optional_str(record, name, mapping.get(name)) for name in JSONL_FIELDS}
    except ValueError as error:
        return Rejected(source=source, stage="ingest", reason=str(error))
    if not values["text"]:
        if "text" in mapping:
            reason = f"no {mapping['text']!r} field (mapped to 'text' by jsonl_fields), or it is empty"
        else:
            reason = "no 'text' field, or it is empty"
        return Rejected(source=source, stage="ingest", reason=reason)
    return RawDocument(
        id=values["id"] or default_id,
        source=source,
        kind="jsonl",
        content=values["text"],
        title=values["title"],
        url=values["url"],
        outlet=values["outlet"],
        author=values["author"],
        published=values["published"],
    )


def read_jsonl_file(path: Path, settings: Settings,
                    fields: Mapping[str, str] | None = None) -> Iterator[RawDocument | Rejected]:
    """A ``.jsonl`` file, one article per line; a bad line is rejected alone, as ``FILE:LINE``.

    Field names come from ``fields`` when given, else from ``settings.jsonl_fields``
    (``parse_field_mapping``, which raises ``SettingsError`` for a bad setting).
    """
    mapping = parse_field_mapping(settings.jsonl_fields) if fields is None else fields
    data = read_bytes(path, settings)
    if isinstance(data, Rejected):
        yield data
        return
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as error:
        yield Rejected(source=str(path), stage="ingest", reason=str(error))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield parse_jsonl_line(line, f"{path}:{number}", f"{path.stem}-{number}", mapping)
