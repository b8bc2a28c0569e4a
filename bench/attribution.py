"""PolNeAR attribution benchmark: storyline's ``find_quotes`` against PolNeAR's gold
source / cue / content spans.

    python bench/attribution.py [--split {train,dev,test}] [--limit N] [--data PATH]

Reads ``shared/data/polnear/articles.jsonl.gz`` in place (see its README), parses each
article's raw text with storyline's pipeline (``load_pipeline``) and runs the product's
``find_quotes`` on it, unchanged. Gold is the ``primary_annotator``'s attributions.

Scoring, per role (source, cue, content), micro-averaged over the split:

* exact: a predicted role counts when its set of segments equals a gold role's set of
  segments (one-to-one; a content interrupted by "he said" must match both pieces);
  the per-segment score of content is printed too;
* overlap: token-level, over the union of each role's spans in an article: shared
  tokens over predicted tokens (P) and over gold tokens (R); tokens are words and
  punctuation marks (``\\w+|[^\\w\\s]``).

``find_quotes`` uses a cue lexicon and a cue scorer learned from PolNeAR **train** only
(``bench/attribution_lexicon.py``, ``bench/attribution_cues.py``), so dev and test stay
unseen; develop on dev and read test at the end.

One convention is converted, not learned: PolNeAR's direct-quote content includes its
quote marks (and the comma inside them); storyline's ``Quote.content`` holds the words
between the marks, so a direct segment is widened to its enclosing marks before scoring.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DATA = ROOT / "shared" / "data" / "polnear" / "articles.jsonl.gz"
FALLBACK_DATA = Path("/work/shared/data/polnear/articles.jsonl.gz")
ROLES = ("source", "cue", "content")
#: Exact-match F1 (%) on PolNeAR test, from CofeNet (COLING 2022), and Citron on PARC 3.0 test.
PUBLISHED = {
    "BERT-CofeNet (PolNeAR test)": {"source": 83.2, "cue": 75.3, "content": 72.9},
    "BERT-CRF (PolNeAR test)": {"source": 82.2, "cue": 74.9, "content": 71.0},
    "Citron (PARC 3.0 test)": {"source": 82.0, "cue": 82.3, "content": 59.3},
}
PUBLISHED_OVERLAP = {
    "BERT-CofeNet (Jaccard)": {"source": 76.4, "cue": 69.4, "content": 73.2},
    "Citron (overlap)": {"source": 85.3, "cue": 76.8, "content": 83.3},
}
_TOKEN = re.compile(r"\w+|[^\w\s]")
_OPEN = "\"“‘'«"
_CLOSE = "\"”’'»"

Segments = tuple[tuple[int, int], ...]


def read_articles(path: Path, split: str, limit: int | None) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row["split"] == split:
                rows.append(row)
                if limit and len(rows) >= limit:
                    break
    return rows


def gold_roles(row: dict) -> dict[str, list[Segments]]:
    roles: dict[str, list[Segments]] = {role: [] for role in ROLES}
    for attribution in row["attributions"].get(row["primary_annotator"], []):
        for role in ROLES:
            segments = tuple(sorted((a, b) for a, b in attribution[role] if b > a))
            if segments:
                roles[role].append(segments)
    return roles


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A direct segment with its enclosing quote marks and the punctuation inside them."""
    if start > 0 and text[start - 1] in _OPEN + "`":
        width = 2 if start > 1 and text[start - 2:start] in ("''", "``") else 1
        close = end
        while close < len(text) and text[close] in ",.;:?!":
            close += 1
        if close < len(text) and text[close] in _CLOSE:
            closing = 2 if width == 2 and text[close:close + 2] == "''" else 1
            return start - width, close + closing
    return start, end


def predicted_roles(text: str, quotes: Iterable) -> dict[str, list[Segments]]:
    roles: dict[str, list[Segments]] = {role: [] for role in ROLES}
    for quote in quotes:
        if quote.source is not None:
            roles["source"].append(((quote.source.start, quote.source.end),))
        if quote.cue is not None:
            roles["cue"].append(((quote.cue.start, quote.cue.end),))
        segments = []
        for segment in quote.content:
            start, end = segment.start, segment.end
            if quote.kind == "direct":
                start, end = _widen(text, start, end)
            segments.append((start, end))
        if segments:
            roles["content"].append(tuple(sorted(segments)))
    return roles


def _matches(predicted: Sequence[Segments], gold: Sequence[Segments]) -> int:
    left = Counter(gold)
    hits = 0
    for item in predicted:
        if left[item] > 0:
            left[item] -= 1
            hits += 1
    return hits


def _tokens(text: str, spans: Iterable[Segments]) -> set[int]:
    chars = {i for segments in spans for a, b in segments for i in range(a, b)}
    return {m.start() for m in _TOKEN.finditer(text) if m.start() in chars}


class Scores:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, name: str, hits: int, predicted: int, gold: int) -> None:
        counts = self.counts.setdefault(name, [0, 0, 0])
        counts[0] += hits
        counts[1] += predicted
        counts[2] += gold

    def prf(self, name: str) -> tuple[float, float, float]:
        hits, predicted, gold = self.counts.get(name, [0, 0, 0])
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_article(scores: Scores, text: str, gold: dict[str, list[Segments]],
                  predicted: dict[str, list[Segments]]) -> None:
    for role in ROLES:
        scores.add(f"exact {role}", _matches(predicted[role], gold[role]), len(predicted[role]), len(gold[role]))
        gold_tokens, predicted_tokens = _tokens(text, gold[role]), _tokens(text, predicted[role])
        scores.add(f"overlap {role}", len(gold_tokens & predicted_tokens), len(predicted_tokens), len(gold_tokens))
    pieces_p = [(s,) for segments in predicted["content"] for s in segments]
    pieces_g = [(s,) for segments in gold["content"] for s in segments]
    scores.add("segment content", _matches(pieces_p, pieces_g), len(pieces_p), len(pieces_g))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--data", type=Path, default=DATA if DATA.exists() else FALLBACK_DATA)
    args = parser.parse_args(argv)

    from storyline.annotate import load_pipeline
    from storyline.attribute.quotes import find_quotes
    from storyline.settings import Settings

    rows = read_articles(args.data, args.split, args.limit)
    nlp = load_pipeline(Settings().model)
    scores = Scores()
    parse_seconds = quote_seconds = 0.0
    words = 0
    for row in rows:
        text = row["text"]
        words += len(text.split())
        started = time.perf_counter()
        doc = nlp(text)
        parsed = time.perf_counter()
        quotes = find_quotes(doc)
        quote_seconds += time.perf_counter() - parsed
        parse_seconds += parsed - started
        score_article(scores, text, gold_roles(row), predicted_roles(text, quotes))
    print(report(scores, args.split, len(rows), words, parse_seconds, quote_seconds))
    return 0


def report(scores: Scores, split: str, articles: int, words: int, parse_seconds: float, quote_seconds: float) -> str:
    lines = [f"PolNeAR {split}: {articles} articles, {words} words; gold = primary_annotator", ""]
    lines.append("exact span match (a role's set of segments equals gold's), P / R / F1 %:")
    for role in ROLES:
        p, r, f = scores.prf(f"exact {role}")
        published = "  ".join(f"{name} {values[role]:.1f}" for name, values in PUBLISHED.items())
        lines.append(f"  {role:8} {100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}   published F1: {published}")
    p, r, f = scores.prf("segment content")
    lines.append(f"  {'content, per segment':8} {100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}")
    lines.append("")
    lines.append("overlap (token level: shared tokens / predicted tokens, / gold tokens), P / R / F1 %:")
    for role in ROLES:
        p, r, f = scores.prf(f"overlap {role}")
        published = "  ".join(f"{name} {values[role]:.1f}" for name, values in PUBLISHED_OVERLAP.items())
        lines.append(f"  {role:8} {100 * p:5.1f} {100 * r:5.1f} {100 * f:5.1f}   published F1: {published}")
    total = parse_seconds + quote_seconds
    lines.append("")
    lines.append(f"speed (parse + find_quotes, 1 process): {articles / total:.1f} pages/s, {words / total:.0f} words/s; "
                 f"find_quotes alone {articles / quote_seconds if quote_seconds else 0:.0f} pages/s "
                 f"({100 * quote_seconds / parse_seconds if parse_seconds else 0:.1f}% of parse time)")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
