"""What a Dask worker runs: read, clean and annotate one partition.

The spaCy pipeline is loaded once per worker process and kept (``pipeline``: a
cache keyed by the model name, filled on first use, never at import), so a task
costs its articles' parsing, not a model load. Everything a task returns is plain
records (``model.py``), pickled back to the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from ..annotate import annotate_articles, load_pipeline
from ..clean import clean_article
from ..errors import StorylineError
from ..model import Annotation, Article, Rejected
from ..settings import Settings
from .partitions import Partition, read_partition


class ClusterError(StorylineError):
    """A distributed build cannot go on: the message says which partition or what, and what to try.

    Takes only its message, so that it crosses from a worker to the client intact."""


class PartitionError(ClusterError):
    """A partition's task failed for good (it raised, or its worker died, too often)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One input of a partition, in read order: a ``Rejected`` from ingest (``document_id``
    ``None``), or a document (its reader's id) that became an ``Article`` with an
    ``Annotation`` (or a ``Rejected`` from annotation), or a ``Rejected`` from cleaning."""

    document_id: str | None
    record: Article | Rejected
    annotation: Annotation | Rejected | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionResult:
    """What the per-article stages made of one partition."""

    index: int
    documents: int
    outcomes: tuple[Outcome, ...]


#: How many times this process loaded a pipeline (for tests: one per worker, not per task).
_loads = 0


@lru_cache(maxsize=2)
def pipeline(model: str) -> Language:
    """The spaCy pipeline ``model``, loaded on first use in this process and kept."""
    global _loads
    _loads += 1
    return load_pipeline(model)


def pipeline_loads() -> int:
    """How many pipelines this process has loaded."""
    return _loads


def model_label(model: str) -> str:
    """The pipeline's name and version as builds record it (``BuildResult.model``); loads it.

    Raises ``ClusterError`` (picklable, unlike ``ModelError``) when it cannot be loaded."""
    from ..pipeline import model_name

    try:
        return model_name(pipeline(model))
    except StorylineError as error:
        raise ClusterError(str(error)) from None


def process_partition(partition: Partition, settings: Settings) -> PartitionResult:
    """Read, clean and annotate ``partition``: the per-article stages of ``pipeline.build``.

    Annotation uses ids as the readers gave them; the client renames the (rare) ids
    that repeat across the build, in annotations too."""
    try:
        nlp = pipeline(settings.model)
        outcomes: list[Outcome] = []
        articles: list[Article] = []
        documents = 0
        for item in read_partition(partition, settings):
            if isinstance(item, Rejected):
                outcomes.append(Outcome(document_id=None, record=item))
                continue
            documents += 1
            cleaned = clean_article(item, settings)
            outcomes.append(Outcome(document_id=item.id, record=cleaned))
            if isinstance(cleaned, Article):
                articles.append(cleaned)
        annotated = iter(annotate_articles(articles, nlp, batch_size=settings.batch_size, processes=1))
        done = [o if not isinstance(o.record, Article) else
                Outcome(document_id=o.document_id, record=o.record, annotation=next(annotated)) for o in outcomes]
    except StorylineError as error:
        raise ClusterError(f"{partition.describe()}: {error}") from None
    return PartitionResult(index=partition.index, documents=documents, outcomes=tuple(done))
