"""Annotations kept between benchmark runs, keyed by the code that made them.

The benchmark scripts annotate thousands of articles with storyline's own annotation
stage (``annotate.annotate_articles``: parse, sentences, entities, dates, quotes,
citations, claim mentions); a rerun that changed only linking or scoring should not
parse them again. ``code_key`` names a cache file after everything the annotations
depend on: the source of the stages the annotation calls (and any others given), and
the spaCy pipeline's name, version and components. ``annotate_cached`` reads the
file when it exists and writes it otherwise.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "storyline"
#: What ``annotate_articles`` runs: its records, the annotation stage and the quote,
#: citation and claim finders it calls.
ANNOTATION_CODE = ("model.py", "annotate", "attribute", "compare", "dating/expressions.py")


def code_key(label: str, nlp, extra: Sequence[str] = ()) -> str:
    """``<label>-<digest>``: the digest of ``ANNOTATION_CODE`` and ``extra`` (files or
    folders of ``src/storyline``), with data files, and of the spaCy pipeline."""
    digest = hashlib.sha256(label.encode())
    for name in (*ANNOTATION_CODE, *extra):
        path = PACKAGE / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".py", ".json")) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(PACKAGE).as_posix().encode())
            digest.update(file.read_bytes())
    digest.update(json.dumps([nlp.meta.get("name"), nlp.meta.get("version"), nlp.pipe_names]).encode())
    return f"{label}-{digest.hexdigest()[:16]}"


def annotate_cached(articles: Sequence, nlp, path: Path | None, *, batch_size: int = 16,
                    processes: int = 1) -> tuple[list, dict, bool]:
    """``articles`` that annotation kept, their annotations by id, and whether they came
    from ``path`` (a pickle written by an earlier run); ``path=None`` caches nothing."""
    from storyline.annotate import annotate_articles
    from storyline.model import Rejected

    if path is not None and path.exists():
        kept, annotations = pickle.loads(path.read_bytes())
        return kept, annotations, True
    annotated = annotate_articles(articles, nlp, batch_size=batch_size, processes=processes)
    annotations = {a.article_id: a for a in annotated if not isinstance(a, Rejected)}
    kept = [article for article in articles if article.id in annotations]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((kept, annotations), protocol=pickle.HIGHEST_PROTOCOL))
    return kept, annotations, False
