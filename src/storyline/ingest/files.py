"""Turn the user's INPUT arguments into the files to read.

An input is a file, a folder (read recursively) or a glob pattern (``**`` allowed).
Whatever cannot be read is reported, never skipped silently: a missing path, a
pattern that matches nothing, and files in folders that storyline does not read
(with their extension) all come back as ``Rejected`` records.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from typing import Literal

from ..model import Rejected

FileKind = Literal["text", "html", "jsonl", "warc", "feed"]

#: File name suffixes storyline reads, and how.
SUFFIX_KINDS: dict[str, FileKind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_GLOB_CHARS = set("*?[")


def kind_of(path: Path) -> FileKind | None:
    """The kind of file ``path`` names by its suffix (``.warc.gz`` counts as one suffix)."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return SUFFIX_KINDS.get(path.suffix.lower())


def _unsupported(path: Path) -> Rejected:
    return Rejected(source=str(path), stage="ingest",
                    reason=f"unsupported file type {path.suffix or '(no extension)'!r}; "
                    f"storyline reads {', '.join(SUFFIX_KINDS)}")


def expand_inputs(inputs: list[str], seen: set[Path] | None = None) -> Iterator[tuple[Path, FileKind] | Rejected]:
    """Each file to read with its kind, in a stable order, or a ``Rejected`` for what cannot be read.

    A file named explicitly is read even with an unknown suffix: as HTML when it
    starts like an HTML page, as text otherwise. A file is given once, however many
    inputs name it; pass the same ``seen`` set to several calls to keep that across them.
    """
    seen = set() if seen is None else seen

    def first_time(path: Path) -> bool:
        resolved = path.resolve()
        new = resolved not in seen
        seen.add(resolved)
        return new

    for item in inputs:
        path = Path(item)
        if path.is_file():
            if first_time(path):
                yield path, kind_of(path) or _sniff_kind(path)
            continue
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
        elif _GLOB_CHARS & set(item):
            files = sorted(p for p in map(Path, glob.glob(item, recursive=True)) if p.is_file())
            if not files:
                yield Rejected(source=item, stage="ingest", reason="the pattern matched no files")
        elif path.exists():
            yield Rejected(source=item, stage="ingest", reason="not a regular file or folder")
            continue
        else:
            yield Rejected(source=item, stage="ingest", reason="no such file or folder")
            continue
        for found in filter(first_time, files):
            kind = kind_of(found)
            yield _unsupported(found) if kind is None else (found, kind)


def _sniff_kind(path: Path) -> FileKind:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024).lstrip().lower()
    except OSError:
        return "text"
    return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
