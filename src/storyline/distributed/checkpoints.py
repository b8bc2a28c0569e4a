"""Checkpoints: each finished partition's articles and annotations, kept under the output folder.

A rerun with the same ``--out`` loads a partition from here instead of computing it
again. The file of a partition is ``OUT/partitions/KEY.json``: ``KEY`` is a hash of
what the result depends on (the input: paths, sizes and modification times, or the
documents themselves; the line range; the settings the per-article stages read; the
storyline version and the spaCy pipeline's name and version), so an edited input or
another model is computed again. Files are written whole or not at all (a temporary
file renamed over the name), by the client only, once per partition. Records are
stored as ``codec.to_data`` gives them, as the SQLite store keeps them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..codec import from_data, to_data
from ..model import Annotation, Article, Rejected
from ..output.json import write_atomically
from ..settings import Settings
from .partitions import Partition, _digest
from .worker import Outcome, PartitionResult

FOLDER = "partitions"
#: Settings that the per-article stages (ingest, clean, annotate) read: changing one computes again.
PER_ARTICLE_SETTINGS = ("model", "max_file_bytes", "min_words", "fetch_timeout", "fetch_max_bytes",
                        "fetch_max_redirects", "user_agent", "jsonl_fields")
#: Bumped when the checkpoint format changes.
FORMAT = 1


def checkpoint_key(partition: Partition, settings: Settings, model: str) -> str:
    """The name of ``partition``'s checkpoint under these settings and this pipeline."""
    values = asdict(settings)
    relevant = json.dumps({name: values[name] for name in PER_ARTICLE_SETTINGS}, sort_keys=True)
    return _digest(str(FORMAT), __version__, model, relevant, partition.fingerprint)[:32]


def _outcome_data(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"document_id": outcome.document_id}
    if isinstance(outcome.record, Rejected):
        data["rejected"] = to_data(outcome.record)
        return data
    data["article"] = to_data(outcome.record)
    key = "annotation_rejected" if isinstance(outcome.annotation, Rejected) else "annotation"
    data[key] = to_data(outcome.annotation)
    return data


def _outcome(data: dict[str, Any]) -> Outcome:
    if "rejected" in data:
        return Outcome(document_id=data["document_id"], record=from_data(Rejected, data["rejected"]))
    annotation = (from_data(Rejected, data["annotation_rejected"]) if "annotation_rejected" in data
                  else from_data(Annotation, data["annotation"]))
    return Outcome(document_id=data["document_id"], record=from_data(Article, data["article"]), annotation=annotation)


def save_checkpoint(folder: Path, key: str, result: PartitionResult) -> None:
    """Write ``result`` as the checkpoint ``key`` in ``folder``, atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "documents": result.documents,
                       "outcomes": [_outcome_data(o) for o in result.outcomes]}, ensure_ascii=False)
    write_atomically(folder / f"{key}.json", lambda path: path.write_text(text, encoding="utf-8"))


def load_checkpoint(folder: Path, key: str, index: int) -> PartitionResult | None:
    """The checkpoint ``key`` as the result of partition ``index``; ``None`` when there is none
    (or it cannot be read: it is then computed again and rewritten)."""
    path = folder / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return PartitionResult(index=index, documents=int(data["documents"]),
                               outcomes=tuple(_outcome(o) for o in data["outcomes"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def prune_checkpoints(folder: Path, keep: set[str]) -> int:
    """Delete the checkpoints in ``folder`` not named in ``keep`` (left by older inputs or
    settings); how many were deleted."""
    removed = 0
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
