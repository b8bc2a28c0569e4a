"""Ingest: the user's inputs in, ``RawDocument`` (or ``Rejected``) records out.

Needs: a list of INPUT arguments (files, folders, globs). Adds: decoded documents
with unique ids and whatever metadata their container carries. Every input ends
up either as a document or as a ``Rejected`` record naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..model import RawDocument, Rejected
from ..settings import Settings
from .files import SUFFIX_KINDS, expand_inputs
from .readers import read_document_file, read_jsonl_file

__all__ = ["SUFFIX_KINDS", "read_inputs", "unique_ids"]


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


def read_inputs(inputs: list[str], settings: Settings) -> Iterator[RawDocument | Rejected]:
    """Every document in ``inputs``, in a stable order, with unique ids."""

    def documents() -> Iterator[RawDocument | Rejected]:
        for item in expand_inputs(inputs):
            if isinstance(item, Rejected):
                yield item
                continue
            path, kind = item
            if kind == "jsonl":
                yield from read_jsonl_file(path, settings)
            elif kind in ("text", "html"):
                yield from read_document_file(path, kind, settings)
            else:
                yield Rejected(source=str(path), stage="ingest", reason=f"{kind} files are not read yet")

    return unique_ids(documents())
