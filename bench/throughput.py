"""End-to-end throughput of `storyline build` against bare spaCy on the same text.

Reads Timeline17 articles in place from ../shared/data/t17 (never copied into the
repository), writes a sample to a temporary JSONL file, and measures in one run:

* bare:        ``nlp.pipe`` of the same spaCy pipeline over the cleaned article texts;
* end to end:  ``pipeline.build`` (ingest, clean, annotate, stories, dates, timelines)
               plus ``write_outputs`` (JSON, SQLite, HTML) on that JSONL file.

Both use one process and an already loaded pipeline (loading takes about half a
second either way); each is run ``--repeat`` times, interleaved, and the best run
is kept. Words are whitespace-separated tokens of the cleaned texts.

    .venv/bin/python bench/throughput.py [--articles 400] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "t17"


def sample_articles(count: int) -> list[dict]:
    """``count`` articles taken round-robin from the T17 topics, in file order."""
    topics = sorted(p for p in DATA.iterdir() if (p / "articles.jsonl.gz").exists())
    if not topics:
        sys.exit(f"no Timeline17 data under {DATA}; see ../shared/data/README.md")
    streams = []
    for topic in topics:
        with gzip.open(topic / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
            streams.append([json.loads(line) for line in itertools.islice(handle, count)])
    picked = [a for group in itertools.zip_longest(*streams) for a in group if a is not None]
    return picked[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from storyline.annotate import load_pipeline
    from storyline.clean import clean_article
    from storyline.ingest import read_inputs
    from storyline.model import RawDocument
    from storyline.pipeline import build, write_outputs
    from storyline.settings import Settings

    settings = Settings()
    nlp = load_pipeline(settings.model)
    articles = sample_articles(args.articles)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "t17-sample.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps({"id": article["id"], "text": article["text"], "outlet": article["outlet"],
                                         "published": article["time"]}) + "\n")
        documents = [d for d in read_inputs([str(corpus)], settings) if isinstance(d, RawDocument)]
        texts = [c.text for d in documents if not hasattr(c := clean_article(d, settings), "reason")]
        words = sum(len(text.split()) for text in texts)
        list(nlp.pipe(texts[:20], batch_size=settings.batch_size))  # warm up

        bare, end_to_end = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = build([str(corpus)], settings, nlp=nlp)
            write_outputs(result, Path(folder) / "out")
            end_to_end.append(time.perf_counter() - started)

    bare_wps, e2e_wps = words / min(bare), words / min(end_to_end)
    print(f"machine: {platform.machine()}, {platform.python_version()}, spaCy pipeline {result.model}")
    print(f"corpus: {len(texts)} Timeline17 articles, {words:,} words "
          f"({result.stats['articles']} articles, {result.stats['rejected']} rejected, {result.stats['stories']} stories)")
    print(f"bare nlp.pipe:        {min(bare):7.2f} s  {bare_wps:9,.0f} words/s")
    print(f"storyline end to end: {min(end_to_end):7.2f} s  {e2e_wps:9,.0f} words/s  "
          f"({len(texts) / min(end_to_end):.1f} articles/s)")
    print(f"ratio end to end / bare: {e2e_wps / bare_wps:.2f}  (goal >= 0.70)")


if __name__ == "__main__":
    main()
