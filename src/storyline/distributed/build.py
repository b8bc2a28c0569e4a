"""The client side of a distributed build: plan partitions, stream them to the cluster, resume, link.

``build_on_cluster`` gives the same ``BuildResult`` as ``pipeline.build`` on the same
inputs and settings (same articles, ids, rejections, stories and timelines); only the
timing statistics differ.
"""

from __future__ import annotations

import importlib.util
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from time import perf_counter
from typing import Any, BinaryIO

from ..clean import mark_duplicates
from ..codec import from_data, to_data
from ..model import Annotation, Article, BuildResult, Rejected
from ..settings import Settings
from .checkpoints import FOLDER, checkpoint_key, load_checkpoint, prune_checkpoints, save_checkpoint
from .partitions import PARTITION_SIZE, Partition, plan_partitions
from .worker import ClusterError, PartitionError, PartitionResult, model_label, process_partition

#: Progress of a distributed build: partitions done, and how many there are (``None`` while
#: the inputs are still being planned).
PartitionProgress = Callable[[int, "int | None"], None]

#: How many times a partition whose task raised is tried again. A task whose worker died is
#: rescheduled by Dask itself, up to ``distributed.scheduler.allowed-failures`` times (default 3).
RETRIES = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterBuild:
    """A distributed build: its result, and how many partitions were computed and resumed."""

    result: BuildResult
    partitions: int
    computed: int
    resumed: int
    checkpoints: Path


@contextmanager
def open_cluster(address: str | None = None, workers: int | None = None, *,
                 dashboard: bool = False) -> Iterator[Any]:
    """A ``distributed.Client`` of the scheduler at ``address``, or of a local cluster of
    ``workers`` processes (one thread each) started here and closed on exit.

    ``dashboard`` serves the Dask dashboard of the local cluster (it needs bokeh); a
    remote scheduler serves its own. Raises ``ClusterError`` when neither or both are
    given, or the scheduler cannot be reached.
    """
    from distributed import Client, LocalCluster

    if (address is None) == (workers is None):
        raise ClusterError("give either --dask SCHEDULER_ADDRESS or --workers N, not both")
    if address is not None:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}; start one with "
                               "`dask scheduler` (and workers with `dask worker ADDRESS`), or use --workers N") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise ClusterError(f"--workers {workers}: give at least 1 worker")
    if dashboard and importlib.util.find_spec("bokeh") is None:
        raise ClusterError("--dashboard needs bokeh, which is not installed: pip install 'bokeh>=3.1' "
                           "(storyline's optional 'dashboard' extra)")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":8787" if dashboard else None, silence_logs=logging.ERROR)
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _worker_identity(model: str) -> tuple[str, str]:
    """This worker's storyline version and pipeline (loaded and kept: see ``worker.pipeline``)."""
    from .. import __version__

    return __version__, model_label(model)


def check_workers(client: Any, settings: Settings) -> str:
    """Load the spaCy pipeline on every worker now, once, and check that all run this storyline
    version and the same pipeline; its ``model_name``. Raises ``ClusterError`` otherwise."""
    from .. import __version__

    try:
        identities = client.run(_worker_identity, settings.model)
    except ClusterError:
        raise
    except Exception as error:  # noqa: BLE001 - anything a worker raises, as one message
        raise ClusterError(f"the Dask workers cannot run storyline ({type(error).__name__}: {error}); install the "
                           "same storyline version and requirements.lock (spaCy model included) on every worker") from None
    if not identities:
        raise ClusterError("the Dask cluster has no workers; start some with `dask worker SCHEDULER_ADDRESS`")
    found = set(identities.values())
    if len(found) > 1 or next(iter(found))[0] != __version__:
        listed = "; ".join(f"{worker}: storyline {v}, {m}" for worker, (v, m) in sorted(identities.items()))
        raise ClusterError(f"the workers differ from this storyline {__version__} or from each other ({listed}); "
                           "install the same storyline version and requirements.lock on every worker")
    return next(iter(found))[1]


def _rename(annotation: Annotation | Rejected, old: str, new: str) -> Annotation | Rejected:
    """``annotation`` with every ``article_id`` ``old`` (its own, its citations', its claims') made ``new``."""
    if isinstance(annotation, Rejected):
        return annotation

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (new if k == "article_id" and v == old else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return from_data(Annotation, walk(to_data(annotation)))


def assemble(units: Sequence[Partition | Rejected], results: dict[int, PartitionResult], settings: Settings, *,
             model: str, started: float) -> BuildResult:
    """Put the partitions' results together in input order and run the cross-article stages
    (``mark_duplicates``, then ``pipeline.finish_build``), as ``pipeline.build`` does: ids
    are made unique over the whole build in input order (``ingest.unique_ids``)."""
    from ..pipeline import finish_build, require_input

    rejected: list[Rejected] = []
    articles: list[Article] = []
    annotated: dict[str, Annotation | Rejected] = {}
    documents = 0
    seen: set[str] = set()
    for unit in units:
        if isinstance(unit, Rejected):
            rejected.append(unit)
            continue
        result = results[unit.index]
        documents += result.documents
        for outcome in result.outcomes:
            if outcome.document_id is None:
                rejected.append(outcome.record)  # type: ignore[arg-type]
                continue
            candidate, n = outcome.document_id, 1
            while candidate in seen:
                n += 1
                candidate = f"{outcome.document_id}~{n}"
            seen.add(candidate)
            if isinstance(outcome.record, Rejected):
                rejected.append(outcome.record)
                continue
            article, annotation = outcome.record, outcome.annotation
            if candidate != article.id:
                annotation = _rename(annotation, article.id, candidate)  # type: ignore[arg-type]
                article = replace(article, id=candidate)
            articles.append(article)
            annotated[article.id] = annotation  # type: ignore[assignment]
    require_input(documents, rejected)
    articles = mark_duplicates(articles, settings)
    annotations = {}
    for article in articles:
        annotation = annotated.pop(article.id)
        if isinstance(annotation, Rejected):
            rejected.append(annotation)
        else:
            annotations[article.id] = annotation
    return finish_build(articles, annotations, rejected, settings, model=model, started=started, documents=documents)


def build_on_cluster(inputs: Sequence[str], settings: Settings, client: Any, out_dir: Path, *,
                     url_lists: Sequence[str | Path] = (), stdin: BinaryIO | None = None,
                     progress: PartitionProgress | None = None, partition_size: int = PARTITION_SIZE,
                     retries: int = RETRIES, in_flight: int | None = None) -> ClusterBuild:
    """``pipeline.build`` with the per-article stages (ingest, clean, annotate) run as Dask tasks
    on ``client``'s cluster, one task per partition, and checkpointed under ``out_dir``.

    Partitions are planned from the inputs as they are submitted, at most ``in_flight``
    at a time (default: two per worker thread), and their results gathered as they
    finish. A partition already checkpointed in ``out_dir/partitions`` (by an earlier,
    interrupted or finished, run with the same inputs and per-article settings) is
    loaded instead of computed. Raises ``ClusterError`` naming the partition when a
    task fails for good; the partitions finished before stay checkpointed.
    """
    from distributed import as_completed

    started = perf_counter()
    model = check_workers(client, settings)
    folder = Path(out_dir) / FOLDER
    limit = in_flight or max(2, 2 * sum(client.nthreads().values()))
    run = uuid.uuid4().hex[:8]
    units: list[Partition | Rejected] = []
    results: dict[int, PartitionResult] = {}
    keys: dict[int, str] = {}
    pending: dict[Any, Partition] = {}
    finished = as_completed()
    computed = resumed = 0
    total: int | None = None

    def report() -> None:
        if progress is not None:
            progress(len(results), total)

    def gather_one() -> None:
        nonlocal computed
        future = next(finished)
        partition = pending.pop(future)
        try:
            result = future.result()
        except Exception as error:  # noqa: BLE001 - a task that failed for good, as one message
            why = str(error) if isinstance(error, ClusterError) else f"{type(error).__name__}: {error}"
            raise PartitionError(
                f"partition {partition.describe()} failed for good ({why}); "
                f"the {len(results)} partitions finished are checkpointed in {folder}: run the same command "
                "again to go on from there") from None
        future.release()
        save_checkpoint(folder, keys[partition.index], result)
        results[partition.index] = result
        computed += 1
        report()

    try:
        for unit in plan_partitions(inputs, settings, url_lists=url_lists, stdin=stdin, size=partition_size):
            units.append(unit)
            if isinstance(unit, Rejected):
                continue
            keys[unit.index] = key = checkpoint_key(unit, settings, model)
            loaded = load_checkpoint(folder, key, unit.index)
            if loaded is not None:
                results[unit.index] = loaded
                resumed += 1
                report()
                continue
            future = client.submit(process_partition, unit, settings, key=f"storyline-partition-{unit.index}-{run}",
                                   retries=retries)
            pending[future] = unit
            finished.add(future)
            while len(pending) >= limit:
                gather_one()
        total = sum(isinstance(unit, Partition) for unit in units)
        report()
        while pending:
            gather_one()
    finally:
        if pending:
            client.cancel(list(pending))
    result = assemble(units, results, settings, model=model, started=started)
    prune_checkpoints(folder, set(keys.values()))
    return ClusterBuild(result=result, partitions=total or 0, computed=computed, resumed=resumed, checkpoints=folder)
