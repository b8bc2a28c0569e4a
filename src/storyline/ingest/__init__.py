"""Ingest: the user's inputs in, ``RawDocument`` (or ``Rejected``) records out.

Needs: INPUT arguments - files (``.txt``, ``.html``/``.htm``, ``.jsonl``,
``.warc``/``.warc.gz``, ``.rss``/``.atom``/``.xml`` feeds), folders, glob
patterns, ``http(s)://`` URLs of pages or feeds, and ``-`` for standard input -
plus ``--urls`` files listing URLs. Adds: decoded documents with unique ids and
whatever metadata their container carries. Every input ends up either as a
document or as a ``Rejected`` record naming it. The network is used only for the
URLs and feeds the user gives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..model import RawDocument, Rejected
from ..settings import Settings
from .files import SUFFIX_KINDS, FileKind, expand_inputs
from .pages import is_url
from .readers import read_document_file, read_jsonl_file
from .stdin import read_stdin
from .warc import read_warc_file
from .web import read_feed_file, read_url_list, read_urls

__all__ = ["SUFFIX_KINDS", "read_inputs", "unique_ids"]

STDIN = "-"


def unique_ids(documents: Iterable[RawDocument | Rejected]) -> Iterator[RawDocument | Rejected]:
    """Make document ids unique by suffixing repeats (``a``, ``a~2``, ``a~3``) in input order."""
    seen: set[str] = set()
    for document in documents:
        if isinstance(document, RawDocument):
            candidate, n = document.id, 1
            while candidate in seen:
                n += 1
                candidate = f"{document.id}~{n}"
            seen.add(candidate)
            if candidate != document.id:
                document = replace(document, id=candidate)
        yield document


def read_file(path: Path, kind: FileKind, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """The documents in one file, by its kind."""
    if kind == "jsonl":
        return read_jsonl_file(path, settings)
    if kind == "warc":
        return read_warc_file(path, settings)
    if kind == "feed":
        return read_feed_file(path, settings)
    return read_document_file(path, kind, settings)


def read_inputs(inputs: Sequence[str], settings: Settings, *, url_lists: Sequence[str | Path] = (),
                stdin: BinaryIO | None = None) -> Iterator[RawDocument | Rejected]:
    """Every document in ``inputs`` and in the ``url_lists`` files, in a stable order, with unique ids.

    Consecutive URL inputs are fetched together (concurrently, within the fetch
    limits); ``-`` reads ``stdin`` (standard input by default).
    """

    def documents() -> Iterator[RawDocument | Rejected]:
        pending: list[str] = []
        seen: set[Path] = set()
        for item in inputs:
            if is_url(item):
                pending.append(item)
                continue
            if pending:
                yield from read_urls(pending, settings)
                pending = []
            if item == STDIN:
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from read_stdin(stream, settings, fetch_urls=lambda urls: read_urls(urls, settings))
                continue
            for found in expand_inputs([item], seen):
                if isinstance(found, Rejected):
                    yield found
                else:
                    yield from read_file(*found, settings)
        for url_list in url_lists:
            urls, rejected = read_url_list(Path(url_list))
            yield from rejected
            pending.extend(urls)
        if pending:
            yield from read_urls(pending, settings)

    return unique_ids(documents())
