"""Timeline17: storyline's timelines against the 19 reference timelines, news-tls protocol, tilse metrics.

Reads ../shared/data/t17 in place (see its README). For each topic, the articles
published within any of its reference timelines' spans are cleaned
(``clean.clean_article``) and annotated once (``annotate.annotate_articles``, the
``processes`` setting). Then, for each reference timeline, as Ghalandari & Ifrim
(2020) do:

* the input is the topic's articles published from the timeline's first to its last
  date, near-duplicates marked among them (``clean.mark_duplicates``);
* storyline builds ONE timeline over them with the timeline stage that ``storyline
  build`` runs (``timeline.select_timeline``, which ``build_timeline`` wraps), asked
  for l dates (the reference's) and k sentences per date (round(mean sentences per
  reference date)) from the timeline's span (its first to last date, as news-tls
  gives its systems), with the topic's ``keywords.json`` as the query;
* tilse scores it: alignment-based ROUGE-1/2 ("align+ m:1",
  ``evaluate_align_date_content_costs_many_to_one``) and Date-F1.

Precision and recall are averaged over the timelines and F1 is computed from the
averages. Needs tilse (``make bench-deps``; perl and XML::Parser for ROUGE-1.5.5).

    .venv/bin/python bench/t17.py [--topics haiti egypt] [--rouge reimpl] [--cache DIR]

``--cache DIR`` keeps each topic's annotations in DIR between runs (keyed by topic,
the code of the stages before the timeline, and the spaCy pipeline), for
development; without it, everything runs from the raw articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import platform
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "t17"
TOPICS = ("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria")
#: Published numbers (Ghalandari & Ifrim 2020, Table 4, T17): AR-1 F, AR-2 F, Date-F1.
PUBLISHED = {"DATEWISE": (0.120, 0.035, 0.544), "Martschat & Markert 2018": (0.105, 0.030, 0.544),
             "PubCount": (0.105, 0.027, 0.481), "CLUST": (0.082, 0.020, 0.407)}


@dataclass(frozen=True, slots=True)
class Task:
    topic: str
    name: str
    reference: dict[date, list[str]]
    keywords: tuple[str, ...]

    @property
    def first(self) -> date:
        return min(self.reference)

    @property
    def last(self) -> date:
        return max(self.reference)

    @property
    def dates(self) -> int:
        return len(self.reference)

    @property
    def sentences_per_date(self) -> int:
        return round(sum(len(s) for s in self.reference.values()) / len(self.reference))


def load_tasks(topic: str) -> list[Task]:
    folder = DATA / topic
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    keywords = tuple(json.loads((folder / "keywords.json").read_text(encoding="utf-8")))
    tasks = []
    lines = (folder / "timelines.jsonl").read_text(encoding="utf-8").splitlines()
    for info, line in zip(meta["timelines"], lines, strict=True):
        reference = {datetime.fromisoformat(day).date(): list(sentences) for day, sentences in json.loads(line)}
        tasks.append(Task(topic=topic, name=info["file"].removesuffix(".txt"), reference=reference, keywords=keywords))
    return tasks


def raw_documents(topic: str, tasks: list[Task]) -> list:
    """The topic's articles published within any of its tasks' spans, as ``RawDocument`` records."""
    from storyline.model import RawDocument

    documents = []
    with gzip.open(DATA / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            day = date.fromisoformat(record["time"])
            if any(task.first <= day <= task.last for task in tasks):
                documents.append(RawDocument(id=record["id"], source=f"t17/{topic}/{record['id']}", kind="jsonl",
                                             content=record["text"], outlet=record["outlet"],
                                             published=record["time"]))
    return documents


def annotate_topic(topic: str, tasks: list[Task], nlp, settings, cache: Path | None) -> tuple[list, dict, bool]:
    """The topic's cleaned articles and their annotations (from ``cache`` when it has them,
    keyed by the code of every stage before the timeline and the spaCy pipeline)."""
    from annotation_cache import annotate_cached, code_key

    from storyline.clean import clean_article
    from storyline.model import Rejected

    articles = []
    for document in raw_documents(topic, tasks):
        cleaned = clean_article(document, settings)
        if not isinstance(cleaned, Rejected):
            articles.append(cleaned)
    path = cache / f"{code_key(topic, nlp, extra=('settings.py', 'clean'))}.pickle" if cache else None
    return annotate_cached(articles, nlp, path, batch_size=settings.batch_size, processes=settings.processes)


def predict(task: Task, articles: list, annotations: dict, settings) -> dict[date, list[str]]:
    """storyline's timeline for one task: its articles in, ``{date: [sentence, ...]}`` out."""
    from storyline.clean import mark_duplicates
    from storyline.link import term_weights
    from storyline.timeline import select_timeline

    members = mark_duplicates([a for a in articles if task.first <= a.published <= task.last], settings)
    weights = term_weights(s.terms for a in members for s in annotations[a.id].sentences)
    days = select_timeline(members, annotations, weights, settings, dates=task.dates,
                           sentences_per_date=task.sentences_per_date, query=list(task.keywords),
                           period=(task.first, task.last))
    return {date.fromisoformat(day.entry.date): [span.text for span in day.summary] for day in days}


def score(job: tuple[dict[date, list[str]], dict[date, list[str]], str]) -> dict[str, dict[str, float]]:
    """tilse's align+ m:1 ROUGE-1/2 and Date-F1 (precision, recall, F1) of one predicted timeline."""
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    predicted, reference, computation = job
    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation=computation)
    ground_truth = GroundTruth([Timeline(reference)])
    scores = evaluator.evaluate_align_date_content_costs_many_to_one(Timeline(predicted), ground_truth)
    shared = len(set(predicted) & set(reference))
    precision = shared / len(predicted) if predicted else 0.0
    recall = shared / len(reference)
    scores["date"] = {"precision": precision, "recall": recall, "f_score": _f1(precision, recall)}
    return scores


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def average(results: list[dict[str, dict[str, float]]]) -> dict[str, float]:
    """news-tls's averaging: P and R averaged over the timelines, F1 from the averages."""
    averaged = {}
    for measure in ("rouge_1", "rouge_2", "date"):
        precision = sum(r[measure]["precision"] for r in results) / len(results)
        recall = sum(r[measure]["recall"] for r in results) / len(results)
        averaged[measure] = _f1(precision, recall)
    return averaged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", nargs="+", choices=TOPICS, default=list(TOPICS))
    parser.add_argument("--rouge", choices=("original", "reimpl"), default="original",
                        help="tilse's ROUGE: the perl ROUGE-1.5.5 (published numbers) or its Python approximation")
    parser.add_argument("--cache", type=Path, default=None, help="keep annotations here between runs")
    parser.add_argument("--processes", type=int, default=2, help="spaCy worker processes and scoring processes")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no Timeline17 data under {DATA}; see ../shared/data/t17/README.md")
    try:
        import tilse  # noqa: F401
    except ImportError:
        sys.exit("tilse is not installed: run make bench-deps")

    from storyline.annotate import load_pipeline
    from storyline.settings import Settings

    started = time.perf_counter()
    settings = Settings(processes=args.processes)
    nlp = load_pipeline(settings.model)
    jobs, names = [], []
    seconds = {"annotate": 0.0, "timeline": 0.0, "score": 0.0}
    cached_topics = 0
    for topic in args.topics:
        tasks = load_tasks(topic)
        clock = time.perf_counter()
        articles, annotations, cached = annotate_topic(topic, tasks, nlp, settings, args.cache)
        cached_topics += cached
        seconds["annotate"] += time.perf_counter() - clock
        clock = time.perf_counter()
        for task in tasks:
            jobs.append((predict(task, articles, annotations, settings), task.reference, args.rouge))
            names.append((topic, task.name, task.dates, task.sentences_per_date))
        seconds["timeline"] += time.perf_counter() - clock
        print(f"{topic}: {len(articles)} articles, {len(tasks)} timelines"
              f"{' (cached annotations)' if cached else ''}", file=sys.stderr, flush=True)

    clock = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        results = pool.map(score, jobs)
    seconds["score"] = time.perf_counter() - clock
    wall = time.perf_counter() - started

    print(f"{'topic':<7} {'timeline':<44} {'l':>4} {'k':>2} {'AR-1':>7} {'AR-2':>7} {'Date-F1':>7}")
    for (topic, name, dates, per_date), result in zip(names, results):
        print(f"{topic:<7} {name[:44]:<44} {dates:>4} {per_date:>2} {result['rouge_1']['f_score']:7.3f} "
              f"{result['rouge_2']['f_score']:7.3f} {result['date']['f_score']:7.3f}")
    averaged = average(results)
    print(f"{'storyline, average of ' + str(len(results)) + ' timelines':<59} {averaged['rouge_1']:7.3f} "
          f"{averaged['rouge_2']:7.3f} {averaged['date']:7.3f}")
    for system, (ar1, ar2, date_f1) in PUBLISHED.items():
        print(f"{system + ' (published)':<59} {ar1:7.3f} {ar2:7.3f} {date_f1:7.3f}")
    rouge = "perl ROUGE-1.5.5" if args.rouge == "original" else "Python re-implementation"
    cached = f"cached for {cached_topics} of {len(args.topics)} topics" if cached_topics else "computed"
    print(f"ROUGE: {rouge}; annotations: {cached}; "
          f"wall {wall:.0f} s (annotate {seconds['annotate']:.0f} s, timelines {seconds['timeline']:.0f} s, "
          f"score {seconds['score']:.0f} s); {platform.machine()}, {multiprocessing.cpu_count()} cores, "
          f"Python {platform.python_version()}, {args.processes} processes")


if __name__ == "__main__":
    main()
