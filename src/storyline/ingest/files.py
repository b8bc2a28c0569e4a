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

from ..model import InputKind, Rejected

#: File name suffixes storyline reads, and how.
SUFFIX_KINDS: dict[str, InputKind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
_GLOB_CHARS = set("*?[")


def kind_of(path: Path) -> InputKind | None:
    return SUFFIX_KINDS.get(path.suffix.lower())


def _folder_files(folder: Path) -> Iterator[Path | Rejected]:
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        if kind_of(path) is None:
            yield Rejected(
                source=str(path),
                stage="ingest",
                reason=f"unsupported file type {path.suffix or '(no extension)'!r} in folder {folder}; "
                f"storyline reads {', '.join(SUFFIX_KINDS)}",
            )
        else:
            yield path


def expand_inputs(inputs: list[str]) -> Iterator[tuple[Path, InputKind] | Rejected]:
    """Each file to read with its kind, in a stable order, or a ``Rejected`` for what cannot be read.

    A file named explicitly is read even with an unknown suffix: as HTML when it
    starts like an HTML page, as text otherwise.
    """
    seen: set[Path] = set()

    def once(path: Path, kind: InputKind) -> Iterator[tuple[Path, InputKind]]:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield path, kind

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for found in _folder_files(path):
                if isinstance(found, Rejected):
                    yield found
                else:
                    yield from once(found, kind_of(found) or "text")
        elif path.is_file():
            yield from once(path, kind_of(path) or _sniff_kind(path))
        elif _GLOB_CHARS & set(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield Rejected(source=item, stage="ingest", reason="the pattern matched no files")
            for match in files:
                if kind_of(match) is None:
                    yield Rejected(source=str(match), stage="ingest",
                                   reason=f"unsupported file type {match.suffix or '(no extension)'!r}; "
                                   f"storyline reads {', '.join(SUFFIX_KINDS)}")
                else:
                    yield from once(match, kind_of(match) or "text")
        elif path.exists():
            yield Rejected(source=item, stage="ingest", reason="not a regular file or folder")
        else:
            yield Rejected(source=item, stage="ingest", reason="no such file or folder")


def _sniff_kind(path: Path) -> InputKind:
    try:
        with path.open("rb") as handle:
            head = handle.read(1024).lstrip().lower()
    except OSError:
        return "text"
    return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
