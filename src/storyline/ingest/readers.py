"""One reader per input format: a file in, ``RawDocument`` and ``Rejected`` records out.

Readers do the only file I/O of the ingest stage. They decode bytes
(``decode.decode_bytes``) and refuse, with a reason that names the file (and the
line, for JSONL), what cannot become a document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..model import InputKind, RawDocument, Rejected
from ..settings import Settings
from .decode import DecodeError, decode_bytes

#: JSONL fields storyline understands; ``text`` is required.
JSONL_FIELDS = ("id", "text", "title", "url", "outlet", "author", "published")


def _read_bytes(path: Path, settings: Settings) -> bytes | Rejected:
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
    data = _read_bytes(path, settings)
    if isinstance(data, Rejected):
        yield data
        return
    try:
        text, _encoding = decode_bytes(data, html=kind == "html")
    except DecodeError as error:
        yield Rejected(source=str(path), stage="ingest", reason=str(error))
        return
    yield RawDocument(id=path.stem, source=str(path), kind=kind, content=text)


def _optional_str(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "id":
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} must be a string, not {type(value).__name__}")
    return value.strip() or None


def parse_jsonl_line(line: str, source: str, default_id: str) -> RawDocument | Rejected:
    """One JSONL line: an object with a non-empty ``text`` and optional metadata fields."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejected(source=source, stage="ingest", reason=f"invalid JSON: {error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        return Rejected(source=source, stage="ingest",
                        reason=f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    try:
        fields = {name: _optional_str(record, name) for name in JSONL_FIELDS}
    except ValueError as error:
        return Rejected(source=source, stage="ingest", reason=str(error))
    if not fields["text"]:
        return Rejected(source=source, stage="ingest", reason="no 'text' field, or it is empty")
    return RawDocument(
        id=fields["id"] or default_id,
        source=source,
        kind="jsonl",
        content=fields["text"],
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        author=fields["author"],
        published=fields["published"],
    )


def read_jsonl_file(path: Path, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """A ``.jsonl`` file, one article per line; a bad line is rejected alone, as ``FILE:LINE``."""
    data = _read_bytes(path, settings)
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
            yield parse_jsonl_line(line, f"{path}:{number}", f"{path.stem}-{number}")
