"""TempEval-3 Task A (time expressions): storyline's finder and normaliser against the gold TIMEX3s.

Reads the TempEval-3 collections in place from ../shared/data/tempeval3 (never copied
into the repository) and runs the code the pipeline runs: ``annotate_articles`` with
the project's spaCy pipeline, on an ``Article`` whose text is the document's text
and whose publication date is the date of its document creation time (DCT). The
time expressions that carry a TIMEX3 type (``TimeExpression.timex_type``; an age
such as "a seven-year-old" is found but is no TIMEX3) are scored against the gold
TIMEX3s, as the task defines it (UzZaman et al. 2013, section 4.1):

* strict match: identical extent; relaxed match: any overlap;
* precision = system timexes that match a gold one / system timexes, recall = gold
  timexes that match a system one / gold timexes;
* type and value accuracy over the gold timexes with a relaxed match (each compared
  with the system timex that overlaps it most); value F1 = relaxed F1 x value accuracy.

This is a re-implementation on character offsets, not the official
``TE3-evaluation.py`` (which works on TimeML files and PTB tokens); its numbers are
very close to the official ones but not necessarily identical.

The platinum test set is the benchmark; TimeBank + AQUAINT ("TBAQ", the training
data the rules are tuned on) is reported next to it, so that a gap between the two
shows rules fitted to the data they were measured on.

    .venv/bin/python bench/tempeval3.py [--corpus platinum tbaq] [--errors errors.tsv]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "tempeval3"
CORPORA = {"platinum": ("platinum",), "tbaq": ("timebank", "aquaint")}
#: TempEval-3 Table 3, platinum test set: relaxed F1, strict F1, value F1.
PUBLISHED = (("HeidelTime-t", 90.30, 81.34, 77.61), ("NavyTime-1,2", 90.32, 79.57, 70.97),
             ("SUTime", 90.32, 79.57, 67.38), ("ClearTK-1,2", 90.23, 82.71, 64.66))


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class Score:
    gold: int
    system: int
    strict_precision_hits: int
    strict_recall_hits: int
    relaxed_precision_hits: int
    relaxed_recall_hits: int
    type_hits: int
    value_hits: int

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def strict(self) -> tuple[float, float, float]:
        p = self.strict_precision_hits / self.system if self.system else 0.0
        r = self.strict_recall_hits / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def relaxed(self) -> tuple[float, float, float]:
        p = self.relaxed_precision_hits / self.system if self.system else 0.0
        r = self.relaxed_recall_hits / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def type_accuracy(self) -> float:
        return self.type_hits / self.relaxed_recall_hits if self.relaxed_recall_hits else 0.0

    def value_accuracy(self) -> float:
        return self.value_hits / self.relaxed_recall_hits if self.relaxed_recall_hits else 0.0

    def type_f1(self) -> float:
        return self.relaxed()[2] * self.type_accuracy()

    def value_f1(self) -> float:
        return self.relaxed()[2] * self.value_accuracy()


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score_document(gold: Sequence[Timex], system: Sequence[Timex],
                   errors: list[tuple[str, Timex | None, Timex | None]] | None = None) -> Score:
    """Task A counts for one document; ``errors`` collects what went wrong, for tuning."""
    strict_recall = relaxed_recall = type_hits = value_hits = 0
    for g in gold:
        overlapping = [s for s in system if _overlap(g, s) > 0]
        if not overlapping:
            if errors is not None:
                errors.append(("missed", g, None))
            continue
        relaxed_recall += 1
        best = max(overlapping, key=lambda s: (_overlap(g, s), -abs(s.start - g.start)))
        strict_recall += any(s.start == g.start and s.end == g.end for s in overlapping)
        type_hits += best.type == g.type
        value_hits += best.value == g.value
        if errors is not None:
            if best.start != g.start or best.end != g.end:
                errors.append(("extent", g, best))
            if best.type != g.type or best.value != g.value:
                errors.append(("value", g, best))
    strict_precision = relaxed_precision = 0
    for s in system:
        overlapping = [g for g in gold if _overlap(g, s) > 0]
        relaxed_precision += bool(overlapping)
        strict_precision += any(g.start == s.start and g.end == s.end for g in overlapping)
        if not overlapping and errors is not None:
            errors.append(("spurious", None, s))
    return Score(len(gold), len(system), strict_precision, strict_recall, relaxed_precision, relaxed_recall,
                 type_hits, value_hits)


def add_scores(scores: Iterable[Score]) -> Score:
    totals = [0] * 8
    for score in scores:
        for i, count in enumerate((score.gold, score.system, score.strict_precision_hits, score.strict_recall_hits,
                                   score.relaxed_precision_hits, score.relaxed_recall_hits, score.type_hits,
                                   score.value_hits)):
            totals[i] += count
    return Score(*totals)


def read_documents(collection: str) -> list[dict]:
    path = DATA / f"{collection}.jsonl.gz"
    if not path.exists():
        sys.exit(f"no TempEval-3 data at {path}; see ../shared/data/tempeval3/README.md")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def gold_timexes(document: dict) -> list[Timex]:
    return [Timex(t["start"], t["end"], t["text"], t["type"], t["value"]) for t in document["timexes"]]


def system_timexes(annotation) -> list[Timex]:
    return [Timex(t.start, t.end, t.text, t.timex_type, t.timex) for t in annotation.times
            if t.timex_type is not None]


def articles_of(documents: Sequence[dict]):
    from storyline.model import Article

    return [Article(id=d["doc_id"], source=f"tempeval3/{d['corpus']}", text=d["text"],
                    published=date.fromisoformat(d["dct"][:10])) for d in documents]


def _print_score(name: str, documents: int, score: Score, seconds: float) -> None:
    sp, sr, sf = score.strict()
    rp, rr, rf = score.relaxed()
    print(f"\n{name}: {documents} documents, {score.gold} gold timexes, {score.system} found, "
          f"annotated in {seconds:.1f} s")
    print(f"  strict   P {100 * sp:6.2f}  R {100 * sr:6.2f}  F1 {100 * sf:6.2f}")
    print(f"  relaxed  P {100 * rp:6.2f}  R {100 * rr:6.2f}  F1 {100 * rf:6.2f}")
    print(f"  type     accuracy {100 * score.type_accuracy():6.2f}  F1 {100 * score.type_f1():6.2f}")
    print(f"  value    accuracy {100 * score.value_accuracy():6.2f}  F1 {100 * score.value_f1():6.2f}")


def _write_errors(path: Path, rows: list[tuple[str, str, str, Timex | None, Timex | None]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("corpus\tdoc_id\tdct\terror\tgold_text\tgold_type\tgold_value\tsystem_text\tsystem_type"
                     "\tsystem_value\n")
        for corpus, doc_id, dct, kind, g, s in rows:
            handle.write("\t".join([corpus, doc_id, dct, kind,
                                    repr(g.text) if g else "", g.type if g else "", g.value if g else "",
                                    repr(s.text) if s else "", s.type if s else "", s.value if s else ""]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=["platinum", "tbaq"])
    parser.add_argument("--errors", type=Path, help="write every miss, spurious find and wrong value to this TSV")
    args = parser.parse_args()

    from storyline.annotate import annotate_articles, load_pipeline
    from storyline.settings import Settings

    settings = Settings()
    nlp = load_pipeline(settings.model)
    print(f"storyline time expressions on TempEval-3 Task A ({nlp.meta['lang']}_{nlp.meta['name']} "
          f"{nlp.meta['version']}, Python {platform.python_version()}, one process)")
    print("Scorer: a character-offset re-implementation of TempEval-3 Task A (relaxed = any overlap, "
          "strict = identical extent, value F1 = relaxed F1 x value accuracy), not the official "
          "TE3-evaluation.py.")
    error_rows: list = []
    for name in args.corpus:
        documents = [d for collection in CORPORA[name] for d in read_documents(collection)]
        started = time.perf_counter()
        annotations = list(annotate_articles(articles_of(documents), nlp))
        seconds = time.perf_counter() - started
        scores = []
        for document, annotation in zip(documents, annotations, strict=True):
            errors: list | None = [] if args.errors else None
            scores.append(score_document(gold_timexes(document), system_timexes(annotation), errors))
            error_rows.extend((name, document["doc_id"], document["dct"], *error) for error in errors or ())
        label = name if CORPORA[name] == (name,) else f"{name} ({' + '.join(CORPORA[name])})"
        _print_score(label, len(documents), add_scores(scores), seconds)
    if args.errors:
        _write_errors(args.errors, error_rows)
        print(f"\nerrors written to {args.errors}")
    print("\nPublished, platinum (UzZaman et al. 2013, Table 3): relaxed F1 / strict F1 / value F1")
    for system, relaxed, strict, value in PUBLISHED:
        print(f"  {system:<14} {relaxed:6.2f} / {strict:6.2f} / {value:6.2f}")


if __name__ == "__main__":
    main()
