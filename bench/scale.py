"""Stream clustering at scale: articles/s and peak memory at 10k and 100k articles.

Replays cached annotations as a long stream of precomputed features
(``link.stream.article_features``): the Timeline17 articles annotated by
``bench/t17_stories.py --cache`` and the ECB+ documents annotated by
``bench/ecbplus.py --cache``, cycled. Each pass over them (a "replica") renames
every name and place (``@gaza`` becomes ``@gaza~3``), so that its stories are new
stories rather than more articles of the last pass's; publication days are
synthetic: ``--per-day`` articles a day, in stream order. So the stream has the
shape of a real feed (hundreds of stories open at once, look-alike vocabulary
across them) and its length is free.

Prints, for each length: clustering articles/s (features precomputed, generated
lazily so that the input does not count as memory), the peak memory the stream
allocated (tracemalloc, in a second, traced pass: tracing slows Python down), the
stories open at the end and the size of the saved state. Memory must stay bounded
by the window (``story_window_days`` days of articles), not grow with the stream.

    .venv/bin/python bench/scale.py [--sizes 10000 100000] [--per-day 500]
        [--t17-cache /tmp/storyline-t17-stories-cache] [--ecbplus-cache /tmp/storyline-ecbplus-cache]

``--stages per-article`` measures the per-article stages instead (read JSONL, clean,
annotate: ``storyline.distributed.worker.process_partition``), in one process and on a
local Dask cluster of ``--workers`` processes, as ``storyline build --workers`` runs them.
The corpus of each size is the Timeline17 articles (``--t17``) cycled, each copy with
its own id, written as JSONL shards of 1,000 lines under ``--corpus-dir`` (outside the
repository; made once and kept). Annotating 100,000 full articles takes hours on two
cores, so a sample is measured: the inputs of each size are planned in full
(``plan_partitions``, partitions of ``--partition-size`` lines), and ``--sample``
articles' worth of partitions spread evenly over the whole stream are run. Prints, for
each size: articles/s and the peak resident memory (``ru_maxrss``) of each process, for
one process (a fresh child process running the partitions in turn) and for the cluster
(fresh workers; the spaCy model is loaded on every worker before the clock starts), and
the load average of the machine before and after; with ``--repeat R`` each R times,
alternating, and the speed-up of the best of each. Then it times the stages that stay
on the client (``mark_duplicates`` and ``pipeline.finish_build``) on the Timeline17
annotations cached by ``bench/t17_stories.py --cache``, one topic at a time
(``--serial-topics``): the serial part.

    .venv/bin/python bench/scale.py --stages per-article [--sizes 10000 100000] [--sample 120]
        [--partition-size 10] [--workers 2] [--repeat 1] [--corpus-dir /tmp/storyline-bench-per-article]
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def base_features(t17_cache: Path, ecbplus_cache: Path) -> list:
    """Features of every cached article: T17 in publication order, then ECB+."""
    from storyline.link.stream import article_features

    items = []
    for path in sorted(t17_cache.glob("t17-stories-*.pickle")):
        articles, annotations = pickle.loads(path.read_bytes())
        items.extend((a.published.isoformat() if a.published else "", a.id, article_features(a, annotations[a.id]))
                     for a in articles)
    items.sort(key=lambda item: item[:2])
    features = [item[2] for item in items]
    # the newest pickle: each version of the annotation code writes its own
    for path in sorted(ecbplus_cache.glob("ecbplus-*.pickle"), key=lambda p: p.stat().st_mtime)[-1:]:
        articles, annotations = pickle.loads(path.read_bytes())
        features.extend(article_features(a, annotations[a.id]) for a in sorted(articles, key=lambda a: a.id))
    if not features:
        raise SystemExit(f"no cached annotations in {t17_cache} or {ecbplus_cache}: run bench/t17_stories.py "
                         "and bench/ecbplus.py with --cache first")
    return features


def stream(base: list, size: int, per_day: int) -> Iterator:
    from storyline.link.stream import ArticleFeatures

    for i in range(size):
        replica, item = divmod(i, len(base))
        features = base[item]
        if replica:
            suffix = f"~{replica}"
            keys = {(key + suffix if key[0] == "@" else key): n for key, n in features.keys.items()}
            places = frozenset(place + suffix for place in features.places)
            key_places = frozenset(place + suffix for place in features.key_places)
        else:
            keys, places, key_places = features.keys, features.places, features.key_places
        yield ArticleFeatures(article_id=f"{replica}/{features.article_id}", day=730_000 + i // per_day,
                              keys=keys, places=places, key_places=key_places, years=features.years,
                              names_from=features.names_from)


def run(base: list, size: int, per_day: int, settings) -> dict:
    from storyline.link.stream import StoryStream

    clusterer = StoryStream(settings)
    seconds = 0.0
    stories = set()
    for features in stream(base, size, per_day):
        started = time.perf_counter()
        stories.add(clusterer.add_features(features))
        seconds += time.perf_counter() - started
    state = json.dumps(clusterer.state())
    result = {"articles_per_second": size / seconds, "stories": len(stories), "open": clusterer.open_stories,
              "state_bytes": len(state)}
    del clusterer, stories, state
    gc.collect()
    clusterer = StoryStream(settings)
    tracemalloc.start()
    for features in stream(base, size, per_day):
        clusterer.add_features(features)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result["peak_bytes"] = peak
    return result


SHARD_LINES = 1_000


def per_article_corpus(t17: Path, folder: Path, size: int) -> list[str]:
    """JSONL shards of ``size`` articles: the Timeline17 articles cycled, each copy with its own id."""
    import gzip

    target = folder / str(size)
    shards = sorted(str(p) for p in target.glob("shard-*.jsonl"))
    if len(shards) == -(-size // SHARD_LINES):
        return shards
    records = []
    for path in sorted(t17.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("shard-*.jsonl"):
        old.unlink()
    for first in range(0, size, SHARD_LINES):
        with (target / f"shard-{first // SHARD_LINES:05d}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(first, min(size, first + SHARD_LINES)):
                replica, item = divmod(i, len(records))
                record = records[item]
                handle.write(json.dumps({"id": f"{replica}/{record['id']}", "text": record["text"],
                                         "outlet": record["outlet"], "published": record["time"]}) + "\n")
    return sorted(str(p) for p in target.glob("shard-*.jsonl"))


def sample_partitions(shards: list[str], settings, partition_size: int, sample: int) -> tuple[list, int]:
    """``sample`` articles' worth of partitions spread evenly over all of ``shards``, and how many
    partitions there are in all."""
    from storyline.distributed import plan_partitions

    planned = list(plan_partitions(shards, settings, size=partition_size))
    wanted = max(1, -(-sample // partition_size))
    step = len(planned) / wanted
    return [planned[int(i * step)] for i in range(wanted)], len(planned)


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_process(partitions: list, settings) -> tuple[float, int, int, float, float]:
    """In a fresh process: load the model, run ``partitions`` in turn; seconds, articles, words,
    peak RSS after loading the model, peak RSS at the end (MiB)."""
    from storyline.distributed.worker import pipeline, process_partition
    from storyline.model import Article

    pipeline(settings.model)
    loaded = _peak_rss_mib()
    started = time.perf_counter()
    articles = words = 0
    for partition in partitions:
        for outcome in process_partition(partition, settings).outcomes:
            if isinstance(outcome.record, Article):
                articles += 1
                words += outcome.record.words
    return time.perf_counter() - started, articles, words, loaded, _peak_rss_mib()


def run_one_process(partitions: list, settings) -> dict:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        seconds, articles, words, loaded, peak = pool.submit(_one_process, partitions, settings).result()
    return {"seconds": seconds, "articles": articles, "words": words, "peaks": [peak], "loaded": [loaded]}


def run_cluster(partitions: list, settings, workers: int) -> dict:
    from distributed import as_completed

    from storyline.distributed import open_cluster
    from storyline.distributed.build import check_workers
    from storyline.distributed.worker import process_partition
    from storyline.model import Article

    with open_cluster(workers=workers) as client:
        check_workers(client, settings)  # loads the model on every worker, before the clock starts
        loaded = sorted(client.run(_peak_rss_mib).values())
        started = time.perf_counter()
        futures = client.map(process_partition, partitions, settings=settings, pure=False)
        articles = words = 0
        for future in as_completed(futures):
            for outcome in future.result().outcomes:
                if isinstance(outcome.record, Article):
                    articles += 1
                    words += outcome.record.words
            future.release()
        seconds = time.perf_counter() - started
        peaks = sorted(client.run(_peak_rss_mib).values())
    return {"seconds": seconds, "articles": articles, "words": words, "peaks": peaks, "loaded": loaded}


def serial_stages(t17_cache: Path, settings, topic: str) -> dict:
    """The client's share of a distributed build, timed on the cached Timeline17 annotations of
    one topic (``bench/t17_stories.py --cache``): ``mark_duplicates`` and ``pipeline.finish_build``
    (stories, publication windows, timelines, events, cross-checks) over its articles."""
    from storyline.clean import mark_duplicates
    from storyline.pipeline import finish_build

    path = t17_cache / f"t17-stories-{topic}.pickle"
    if not path.is_file():
        return {}
    articles, annotations = pickle.loads(path.read_bytes())
    articles = list(articles)
    started = time.perf_counter()
    marked = mark_duplicates(articles, settings)
    deduplicated = time.perf_counter()
    result = finish_build(marked, annotations, [], settings, model="cached", started=started, documents=len(articles))
    finished = time.perf_counter()
    return {"articles": len(articles), "dedupe": deduplicated - started, "link": finished - deduplicated,
            "stories": len(result.stories)}


def per_article(args) -> None:
    import os

    from storyline.settings import Settings

    settings = Settings()
    print(f"per-article stages (read JSONL, clean, annotate) on Timeline17 articles; sample {args.sample} articles "
          f"in partitions of {args.partition_size} lines; {os.cpu_count()} CPUs; model {settings.model}", flush=True)
    speeds = {}
    for size in args.sizes:
        shards = per_article_corpus(args.t17, args.corpus_dir, size)
        planning = time.perf_counter()
        partitions, planned = sample_partitions(shards, settings, args.partition_size, args.sample)
        planning = time.perf_counter() - planning
        print(f"{size:>8,} articles: {len(shards)} shards, {planned:,} partitions planned in {planning:.1f} s, "
              f"{len(partitions)} run (spread over the whole stream)", flush=True)
        runs = [("1 process", lambda: run_one_process(partitions, settings)),
                (f"{args.workers} workers", lambda: run_cluster(partitions, settings, args.workers))]
        for name, runner in runs * args.repeat:
            load = os.getloadavg()[0]
            result = runner()
            rate = result["articles"] / result["seconds"]
            speeds[size, name] = max(rate, speeds.get((size, name), 0.0))
            print(f"    {name:>10}: {result['articles']} articles, {result['words']:,} words in "
                  f"{result['seconds']:.1f} s = {rate:.2f} articles/s; peak RSS per process "
                  f"{', '.join(f'{p:,.0f}' for p in result['peaks'])} MiB (after loading the model: "
                  f"{', '.join(f'{p:,.0f}' for p in result['loaded'])} MiB); load average before "
                  f"{load:.2f}, after {os.getloadavg()[0]:.2f}", flush=True)
        print(f"    speed-up: {speeds[size, f'{args.workers} workers'] / speeds[size, '1 process']:.2f}x", flush=True)
    for topic in args.serial_topics:
        serial = serial_stages(args.t17_cache, settings, topic)
        if serial:
            total = serial["dedupe"] + serial["link"]
            print(f"serial stages on the client, Timeline17 {topic} ({serial['articles']:,} cached articles): "
                  f"mark_duplicates {serial['dedupe']:.1f} s, finish_build (link) {serial['link']:.1f} s "
                  f"({serial['stories']:,} stories) = {serial['articles'] / total:,.1f} articles/s", flush=True)


def main() -> None:
    from storyline.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stages", choices=["clustering", "per-article"], default="clustering",
                        help="what to measure: the story clusterer (default) or the per-article stages")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-day", type=int, default=500, help="articles per synthetic publication day")
    parser.add_argument("--t17-cache", type=Path, default=Path("/tmp/storyline-t17-stories-cache"))
    parser.add_argument("--ecbplus-cache", type=Path, default=Path("/tmp/storyline-ecbplus-cache"))
    parser.add_argument("--t17", type=Path, default=ROOT.parent / "shared" / "data" / "t17",
                        help="Timeline17 folder (per-article stages)")
    parser.add_argument("--corpus-dir", type=Path, default=Path("/tmp/storyline-bench-per-article"),
                        help="where the generated JSONL shards are kept (per-article stages)")
    parser.add_argument("--sample", type=int, default=120, help="articles annotated per run (per-article stages)")
    parser.add_argument("--partition-size", type=int, default=10, help="JSONL lines per task (per-article stages)")
    parser.add_argument("--workers", type=int, default=2, help="local Dask workers (per-article stages)")
    parser.add_argument("--serial-topics", nargs="*", default=["haiti", "mj", "h1n1"],
                        help="Timeline17 topics whose cached annotations time the client's stages (per-article stages)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each, alternating; the speed-up is of the best of each (per-article stages)")
    args = parser.parse_args()
    if args.stages == "per-article":
        per_article(args)
        return

    settings = Settings()
    base = base_features(args.t17_cache, args.ecbplus_cache)
    print(f"base: {len(base)} cached articles' features; {args.per_day} articles a day; "
          f"window {settings.story_window_days} days")
    for size in args.sizes:
        result = run(base, size, args.per_day, settings)
        print(f"{size:>8,} articles: {result['articles_per_second']:>7,.0f} articles/s clustering; "
              f"peak memory {result['peak_bytes'] / 2**20:,.1f} MiB (tracemalloc); "
              f"{result['stories']:,} stories, {result['open']:,} open at the end; "
              f"saved state {result['state_bytes'] / 2**20:,.1f} MiB", flush=True)


if __name__ == "__main__":
    main()
