"""Article-body extraction on the Article Extraction Benchmark (AEB, Scrapinghub/Zyte).

Reads the 181 pages and their gold bodies in place from ../shared/data/aeb (never
copied into the repository) and scores, in one run and one process:

* storyline:   ``storyline.clean.extract.extract_article(html, url).text``, the
               extraction ``clean_article`` runs on every HTML page;
* trafilatura: ``trafilatura.extract(html, include_comments=False)``, the row the
               data set's README measured for trafilatura 2.3.1 (0.960 / 0.942 /
               0.978 / 0.293), which checks this re-implementation of the metric.

With ``--cleaned`` it also scores ``clean_article(...).text``, the text storyline
finally stores: the extraction after the text rules (title, byline, dateline and
caption lines taken out). The benchmark's gold is the article body without title
or byline, so both are shown; the extraction is the score that compares with other
extractors, as it is what each of them returns.

The metric is the benchmark's ``evaluate.py`` as the data set's README describes
it: ``\\w+`` tokens, multisets of 4-gram shingles, per page TP/FP/FN normalised to
sum to 1, precision and recall averaged over pages, F1 from the averaged P and R,
accuracy as the share of pages whose token sequence equals the gold's, and "±" as
the standard deviation of F1 over 1,000 bootstrap resamples of pages (fixed seed).

Pages are decompressed and decoded before timing starts; pages/s counts the
extraction call only, one page after another in this process, by the wall clock
and (in brackets) by this process's CPU time, which other programs running on the
machine disturb less. ``--variants`` adds trafilatura's other modes, readability-lxml
alone (through storyline's faster parse, same output as the release's), and the
extraction rule with each of its parts turned off, which uses the extraction
module's internal steps.

    .venv/bin/python bench/aeb.py [--cleaned] [--variants] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "aeb"

SHINGLE = 4
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 42
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    id: str
    url: str
    html: str
    gold: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PageScore:
    """One page's TP, FP and FN, normalised to sum to 1, and whether its tokens equal the gold's."""

    tp: float
    fp: float
    fn: float
    exact: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-grams of ``\\w+`` tokens; 1-3 tokens make one shorter shingle."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def score_page(gold: str, predicted: str) -> PageScore:
    """TP = shared shingles (multiset minimum), FP = predicted surplus, FN = gold surplus, normalised."""
    truth, guess = shingles(gold), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp=tp, fp=fp, fn=fn, exact=_TOKEN.findall(gold) == _TOKEN.findall(predicted))


def _precision(page: PageScore) -> float:
    return 1.0 if page.fp == page.fn == 0 else page.tp / (page.tp + page.fp)


def _recall(page: PageScore) -> float:
    return 1.0 if page.fp == page.fn == 0 else page.tp / (page.tp + page.fn)


def summarise(pages: Sequence[PageScore]) -> Scores:
    """P and R averaged over pages (where defined), F1 of the averages, accuracy."""
    precisions = [_precision(p) for p in pages if p.tp + p.fp > 0]
    recalls = [_recall(p) for p in pages if p.tp + p.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1=f1, precision=precision, recall=recall,
                  accuracy=sum(p.exact for p in pages) / len(pages) if pages else 0.0)


def bootstrap_f1_std(pages: Sequence[PageScore], resamples: int = BOOTSTRAP_RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> float:
    """Standard deviation of F1 over ``resamples`` resamples of the pages, with replacement."""
    generator = random.Random(seed)
    values = [summarise(generator.choices(pages, k=len(pages))).f1 for _ in range(resamples)]
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def load_pages(folder: Path = DATA) -> list[Page]:
    """The AEB pages, decoded, with their URL and gold body, in id order."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.exists():
        sys.exit(f"no AEB data under {folder}; see ../shared/data/aeb/README.md")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(folder / "html" / f"{page_id}.html.gz") as handle:
            html = handle.read().decode("utf-8")
        pages.append(Page(id=page_id, url=truth[page_id]["url"], html=html,
                          gold=truth[page_id]["articleBody"]))
    return pages


def run_system(pages: Sequence[Page], extract: Callable[[Page], str]) -> tuple[list[str], float, float]:
    """Every page's predicted body, and the wall-clock and CPU seconds the extraction took."""
    outputs = []
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        outputs.append(extract(page))
    return outputs, time.perf_counter() - wall, time.process_time() - cpu


def _storyline(page: Page) -> str:
    from storyline.clean.extract import extract_article

    return extract_article(page.html, page.url).text


def _trafilatura(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def _trafilatura_precision(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False, favor_precision=True) or ""


def _trafilatura_fast(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False, fast=True) or ""


def _readability(page: Page) -> str:
    from storyline.clean.extract import _run_readability

    return "\n\n".join(_run_readability(page.html))


def _cleaned(page: Page) -> str:
    from storyline.clean import clean_article
    from storyline.model import Article, RawDocument
    from storyline.settings import Settings

    raw = RawDocument(id=page.id, source=f"aeb/{page.id}", kind="html", content=page.html, url=page.url)
    article = clean_article(raw, Settings())
    return article.text if isinstance(article, Article) else ""


SYSTEMS: dict[str, Callable[[Page], str]] = {
    "storyline extract_article": _storyline,
    "trafilatura extract": _trafilatura,
}
VARIANTS: dict[str, Callable[[Page], str]] = {
    "trafilatura favor_precision": _trafilatura_precision,
    "trafilatura fast": _trafilatura_fast,
    "readability-lxml alone": _readability,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Pieces:
    """One page's inputs to the rule, computed once to score the rule without each of its parts."""

    raw: tuple[str, ...]
    lines: tuple[str, ...]
    readability: tuple[str, ...]
    paragraph_chars: int
    has_list: bool


def _pieces(page: Page) -> _Pieces:
    from storyline.clean.extract import (
        _load_tree,
        _run_readability,
        _run_trafilatura,
        drop_headline,
        paragraph_chars,
    )
    from storyline.clean.html_metadata import read_page_metadata

    tree = _load_tree(page.html)
    headlines = read_page_metadata(tree, page.url).headlines
    found = _run_trafilatura(tree, page.url)
    return _Pieces(raw=found.lines, lines=drop_headline(found.lines, headlines),
                   readability=drop_headline(_run_readability(page.html), headlines),
                   paragraph_chars=paragraph_chars(tree), has_list=found.has_list)


def rule_ablations(pages: Sequence[Page]) -> dict[str, tuple[list[str], float]]:
    """The rule's parts on and off: every page's text, and the share of pages readability ran on."""
    from storyline.clean.extract import combine, needs_second_opinion

    pieces = [_pieces(page) for page in pages]

    def run(asks: Callable[[_Pieces], bool], **parts: bool) -> tuple[list[str], float]:
        texts = ["\n\n".join(combine(p.lines, p.readability, **parts)[0] if asks(p) else p.lines)
                 for p in pieces]
        return texts, sum(map(asks, pieces)) / len(pieces)

    def asked(**keywords: float | bool) -> Callable[[_Pieces], bool]:
        return lambda p: needs_second_opinion(p.lines, p.paragraph_chars, p.has_list, **keywords) is not None

    always, never = (lambda p: True), (lambda p: False)
    return {
        "trafilatura fast, as extracted": (["\n\n".join(p.raw) for p in pieces], 0.0),
        "(1) headline dropped": run(never),
        "(1)+(2) longer, readability always": run(always, edges=False),
        "(1)+(3) edges, readability always": run(always, longer=False),
        "(1)+(2)+(3), readability always": run(always),
        "(1)+(2)+(3), readability when asked": run(asked()),
        "  asked without the list test": run(asked(lists=False)),
        "  asked without the low share": run(asked(low=0.0)),
        "  asked without the high share": run(asked(high=float("inf"))),
    }


def _row(name: str, pages: Sequence[Page], texts: Sequence[str], speed: str) -> str:
    scored = [score_page(page.gold, text) for page, text in zip(pages, texts)]
    scores = summarise(scored)
    return (f"{name:40} {scores.f1:6.3f} ± {bootstrap_f1_std(scored):.3f} {scores.precision:9.3f} "
            f"{scores.recall:7.3f} {scores.accuracy:8.3f} {speed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cleaned", action="store_true",
                        help="also score clean_article's text (extraction plus the text rules)")
    parser.add_argument("--variants", action="store_true",
                        help="also time trafilatura's other modes and readability-lxml alone, and score "
                             "the extraction rule without each of its parts")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time each system this many times, interleaved, and keep the fastest")
    args = parser.parse_args()

    pages = load_pages()
    systems = dict(SYSTEMS)
    if args.variants:
        systems.update(VARIANTS)
    if args.cleaned:
        systems["storyline clean_article"] = _cleaned
    for extract in systems.values():  # imports and lazy set-up (models, suffix list) out of the timings
        extract(pages[0])

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    outputs: dict[str, list[str]] = {}
    for _ in range(args.repeat):
        for name, extract in systems.items():
            outputs[name], seconds, cpu_seconds = run_system(pages, extract)
            wall[name] = min(wall.get(name, seconds), seconds)
            cpu[name] = min(cpu.get(name, cpu_seconds), cpu_seconds)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"AEB: {len(pages)} pages; python {platform.python_version()}, {os.cpu_count()} CPUs, one process; "
          f"load average (1 min) {load:.2f} at the end; best of {args.repeat}")
    print("pages/s: wall clock (CPU time of this process)")
    print(f"{'system':40} {'F1':>14} {'precision':>9} {'recall':>7} {'accuracy':>8} {'pages/s':>14}")
    for name in systems:
        speed = f"{len(pages) / wall[name]:6.1f} ({len(pages) / cpu[name]:5.1f})"
        print(_row(name, pages, outputs[name], speed))
    if args.variants:
        print("\nthe rule of storyline.clean.extract without each part (scored only; readability run on "
              "the share of pages shown):")
        for name, (texts, share) in rule_ablations(pages).items():
            print(_row(name, pages, texts, f"{share:6.0%}"))


if __name__ == "__main__":
    main()
