"""The same pipeline on a Dask cluster: ``storyline build --dask ADDRESS`` or ``--workers N``.

What runs where
    The per-article stages (ingest, clean, annotate) run on the workers, one task per
    *partition* of the inputs (``partitions.py``: runs of small files, one WARC file,
    one JSONL file or a range of its lines, documents the client fetched). Each worker
    process loads the spaCy pipeline once (``worker.pipeline``) and keeps it for all
    its tasks. The client plans partitions from the inputs as it submits them, keeps a
    bounded number in flight, and gathers their records as they finish; then it runs
    the cross-article stages itself: ids made unique in input order, deduplication
    (``mark_duplicates``), and the story, event and timeline linking of
    ``pipeline.finish_build``. The result is the one ``pipeline.build`` gives.

What is held in memory
    A worker holds one partition's documents, articles and annotations at a time (plus
    its pipeline). The client holds every article and annotation, as ``build`` does:
    deduplication takes articles in publication order over the whole build and the
    linking stages run over all of them, so neither can start before the last
    partition is in.

Nothing lost, nothing doubled
    A task whose worker dies is rescheduled by Dask; a task that raises is tried
    ``retries`` more times. Every finished partition is checkpointed under the output
    folder (``checkpoints.py``) as soon as it is gathered, so a build stopped for
    good (``ClusterError``, Ctrl-C, a lost client) goes on where it stopped when run
    again with the same ``--out``; each partition's records come from exactly one
    task or one checkpoint.
"""

from __future__ import annotations

from .build import ClusterBuild, build_on_cluster, open_cluster
from .partitions import PARTITION_SIZE, Partition, plan_partitions
from .worker import ClusterError, PartitionError, process_partition

__all__ = ["PARTITION_SIZE", "ClusterBuild", "ClusterError", "Partition", "PartitionError", "build_on_cluster",
           "open_cluster", "plan_partitions", "process_partition"]
