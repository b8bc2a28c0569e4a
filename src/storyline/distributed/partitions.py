"""Partitions: the inputs of a build cut into pieces that a Dask worker reads, cleans and annotates.

``plan_partitions`` runs on the client. It walks the INPUT arguments in the order
``ingest.read_inputs`` does and gives, in that order, either a ``Rejected`` (a
missing path, a pattern that matches nothing, an unsupported file in a folder) or
a ``Partition``:

- a run of consecutive files (``.txt``, ``.html``, feeds), up to ``size`` files;
- one WARC file (record-by-record streaming stays on the worker);
- one JSONL file, or, when it has more than ``size`` lines, one range of ``size``
  lines of it (the last range is open-ended, so no line is lost when the count of
  ``\\n`` bytes and Python's ``splitlines`` disagree);
- documents the client read itself: fetched URLs and standard input, in runs of
  ``size`` documents (the network and the terminal are the client's).

Workers read files by the path the client saw: the cluster's workers must see the
inputs at the same paths (a shared or copied file system). ``read_partition`` is
what a worker runs to get the partition's documents; document ids are left as the
readers make them: the client makes them unique over the whole build afterwards,
as ``read_inputs`` does in one process.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..codec import to_data
from ..ingest import read_file
from ..ingest.decode import DecodeError, decode_bytes
from ..ingest.files import FileKind, expand_inputs
from ..ingest.pages import is_url
from ..ingest.readers import parse_jsonl_line, read_bytes
from ..ingest.stdin import read_stdin
from ..ingest.web import read_url_list, read_urls
from ..model import RawDocument, Rejected
from ..settings import Settings, parse_field_mapping

#: Files, JSONL lines or client-read documents per partition, by default.
PARTITION_SIZE = 200

STDIN = "-"


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """One task's worth of input. Exactly one of ``files`` and ``documents`` is non-empty;
    ``lines`` (first, last; ``last`` ``None``: to the end) narrows a single JSONL file."""

    index: int
    files: tuple[tuple[str, FileKind], ...] = ()
    lines: tuple[int, int | None] | None = None
    documents: tuple[RawDocument, ...] = ()
    #: What identifies the input: paths with sizes and modification times, or the documents.
    fingerprint: str = ""

    def describe(self) -> str:
        """A short name for messages: the file (and lines), or how many documents."""
        if self.documents:
            return f"{len(self.documents)} fetched or standard-input documents from {self.documents[0].source}"
        first = self.files[0][0]
        if self.lines is not None:
            start, end = self.lines
            return f"{first} lines {start + 1}-{end if end is not None else 'end'}"
        return first if len(self.files) == 1 else f"{first} and {len(self.files) - 1} more files"


def _file_fingerprint(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return f"{path.resolve()}|missing"
    return f"{path.resolve()}|{status.st_size}|{status.st_mtime_ns}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _count_lines(path: Path, settings: Settings) -> int:
    """Lines of ``path`` as ``\\n`` bytes (0 when it is too large or unreadable: one partition)."""
    try:
        if path.stat().st_size > settings.max_file_bytes:
            return 0
        count, last = 0, b""
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
        return count + (last not in (b"", b"\n"))
    except OSError:
        return 0


def plan_partitions(inputs: Sequence[str], settings: Settings, *, url_lists: Sequence[str | Path] = (),
                    stdin: BinaryIO | None = None, size: int = PARTITION_SIZE) -> Iterator[Partition | Rejected]:
    """The partitions and client-side rejections of ``inputs``, in input order (see the module docstring).

    Mirrors ``ingest.read_inputs``: URLs in a row are fetched together, ``-`` reads
    ``stdin``, each file is read once however many inputs name it, ``url_lists`` come last.
    """
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    index = 0
    files: list[tuple[str, FileKind]] = []
    documents: list[RawDocument] = []

    def flush_files() -> Iterator[Partition]:
        nonlocal index
        if files:
            yield Partition(index=index, files=tuple(files),
                            fingerprint=_digest(*(_file_fingerprint(Path(p)) + "|" + k for p, k in files)))
            index += 1
            files.clear()

    def flush_documents() -> Iterator[Partition]:
        nonlocal index
        if documents:
            data = json.dumps([to_data(d) for d in documents], ensure_ascii=False, sort_keys=True)
            yield Partition(index=index, documents=tuple(documents), fingerprint=_digest("documents", data))
            index += 1
            documents.clear()

    def client_read(items: Iterator[RawDocument | Rejected]) -> Iterator[Partition | Rejected]:
        yield from flush_files()
        for item in items:
            if isinstance(item, Rejected):
                yield from flush_documents()
                yield item
                continue
            documents.append(item)
            if len(documents) >= size:
                yield from flush_documents()
        yield from flush_documents()

    pending: list[str] = []
    seen: set[Path] = set()
    for item in inputs:
        if is_url(item):
            pending.append(item)
            continue
        if pending:
            yield from client_read(read_urls(pending, settings))
            pending = []
        if item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from client_read(read_stdin(stream, settings, fetch_urls=lambda urls: read_urls(urls, settings)))
            continue
        for found in expand_inputs([item], seen):
            if isinstance(found, Rejected):
                yield from flush_files()
                yield found
                continue
            path, kind = found
            if kind in ("jsonl", "warc"):
                yield from flush_files()
                lines = _count_lines(path, settings) if kind == "jsonl" else 0
                fingerprint = _file_fingerprint(path)
                if lines <= size:
                    yield Partition(index=index, files=((str(path), kind),), fingerprint=_digest(fingerprint, kind))
                    index += 1
                    continue
                for start in range(0, lines, size):
                    end = start + size if start + size < lines else None
                    yield Partition(index=index, files=((str(path), kind),), lines=(start, end),
                                    fingerprint=_digest(fingerprint, kind, f"{start}-{end}"))
                    index += 1
                continue
            files.append((str(path), kind))
            if len(files) >= size:
                yield from flush_files()
    yield from flush_files()
    for url_list in url_lists:
        urls, rejected = read_url_list(Path(url_list))
        yield from rejected
        pending.extend(urls)
    if pending:
        yield from client_read(read_urls(pending, settings))


def _read_jsonl_lines(path: Path, settings: Settings, start: int, end: int | None) -> Iterator[RawDocument | Rejected]:
    """Lines ``start`` to ``end`` (0-based, end exclusive) of a JSONL file, as ``read_jsonl_file``
    reads them: the same sources and default ids (``FILE:LINE``, ``stem-LINE``). A problem with
    the whole file (too large, undecodable) is reported by the first range only."""
    mapping = parse_field_mapping(settings.jsonl_fields)
    data = read_bytes(path, settings)
    if isinstance(data, Rejected):
        if start == 0:
            yield data
        return
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as error:
        if start == 0:
            yield Rejected(source=str(path), stage="ingest", reason=str(error))
        return
    del data
    lines = text.splitlines()[start:end]
    del text
    for number, line in enumerate(lines, start=start + 1):
        if line.strip():
            yield parse_jsonl_line(line, f"{path}:{number}", f"{path.stem}-{number}", mapping)


def read_partition(partition: Partition, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """The documents of ``partition`` in input order, with the readers' ids (not yet made unique)."""
    if partition.documents:
        yield from partition.documents
        return
    if partition.lines is not None:
        (path, _kind), = partition.files
        yield from _read_jsonl_lines(Path(path), settings, *partition.lines)
        return
    for path, kind in partition.files:
        yield from read_file(Path(path), kind, settings)
