"""Learn storyline's attribution-cue lexicon from PolNeAR's train split and write
``src/storyline/attribute/data/cues.json``.

    python bench/attribution_lexicon.py [--data PATH] [--out PATH] [--docs CACHE.spacy]

For every verb outside quote marks in the train articles (parsed with storyline's own
pipeline, as ``find_quotes`` sees them) the script notes its lemma and its *frame*, the argument that
would be the content:

* ``ccomp``: a clausal complement ("X believes [that ...]");
* ``xcomp``: an infinitival complement ("X wants [to ...]");
* ``dobj``: a direct object ("X mocked [the plan]");
* ``prep:<word>``: a prepositional object right after the verb ("X called for [...]").

Only verbs with an active subject count, in their clause or shared with the clause they
hang on ("..., saying ..."), as ``find_quotes`` reads them. A (lemma, frame) occurrence is a *hit* when the verb lies inside a gold cue of the primary
annotator and its argument overlaps that attribution's gold content. A pair is kept when
it has at least ``--min-hits`` hits and a hit rate of at least ``--min-rate``, unless its
lemma is in ``EXCLUDED`` (verbs that mostly name deeds outside campaign news). Only train is
read: dev and test stay unseen. The output records the corpus commit, the counts and the
thresholds. It holds lemmas and counts only, no text of the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DATA = ROOT / "shared" / "data" / "polnear" / "articles.jsonl.gz"
FALLBACK_DATA = Path("/work/shared/data/polnear/articles.jsonl.gz")
OUT = ROOT / "src" / "storyline" / "attribute" / "data" / "cues.json"
#: The PolNeAR commit the converted corpus comes from (see shared/data/polnear/README.md).
POLNEAR_COMMIT = "c3eee833c035bf7b8c84f55b58c0bf7346cfae76"
#: Lemmas left out whatever their rate: PolNeAR is campaign coverage, where "attacked his
#: rival" is speech, but in general news these verbs mostly name deeds, not words ("Iran
#: attacked Israel", "released the hostages", "aimed to", "seemed to"), and find_quotes's
#: results are shown as who said what.
EXCLUDED = frozenset({
    "aim", "appear", "attack", "back", "balk", "brush", "care", "charge", "compare", "decide", "double",
    "experience", "hail", "identify", "imagine", "invoke", "issue", "lash", "learn", "like", "look", "name",
    "offer", "order", "prefer", "prohibit", "publish", "realize", "release", "remember", "resist", "seek", "seem",
    "side", "signal", "stand", "support", "unveil", "vote", "withdraw",
})


def frame_of(verb) -> tuple[str, object] | None:
    """The verb's frame and the token heading its argument, or ``None``: the product's own
    ``storyline.attribute.quotes.verb_frame``."""
    from storyline.attribute.quotes import verb_frame

    return verb_frame(verb)


def _overlaps(start: int, end: int, segments: Iterable[Sequence[int]]) -> bool:
    return any(a < end and start < b for a, b in segments)


def count(docs, rows) -> tuple[Counter, Counter]:
    from storyline.attribute.quotes import _find_subject, _inside_map, _quoted_stretches

    hits: Counter = Counter()
    totals: Counter = Counter()
    for doc, row in zip(docs, rows):
        gold = [a for a in row["attributions"].get(row["primary_annotator"], []) if a["cue"]]
        inside = _inside_map(doc, _quoted_stretches(doc.text))  # find_quotes reads no verb inside quote marks
        for token in doc:
            if token.pos_ != "VERB" or not token.is_alpha or inside[token.i] is not None:
                continue
            subject, speaker_of = _find_subject(token)
            if subject is None and speaker_of is None or subject is not None and subject.dep_ != "nsubj":
                continue  # find_quotes wants an active subject, in the clause or shared ("..., saying")
            found = frame_of(token)
            if found is None:
                continue
            frame, argument = found
            key = (token.lemma_.lower(), frame)
            totals[key] += 1
            start, end = token.idx, token.idx + len(token.text)
            arg_start = argument.left_edge.idx
            arg_end = argument.right_edge.idx + len(argument.right_edge.text)
            if any(_overlaps(start, end, a["cue"]) and _overlaps(arg_start, arg_end, a["content"]) for a in gold):
                hits[key] += 1
    return hits, totals


def _dumps(result: dict) -> str:
    """JSON with one line per lemma, so that a change to the lexicon reads as a small diff."""
    frames = result["frames"]
    head = json.dumps({key: value for key, value in result.items() if key != "frames"}, indent=1)
    lines = [head[:-2] + ',\n "frames": {']
    for f, frame in enumerate(frames):
        lines.append(f'  {json.dumps(frame)}: {{')
        entries = list(frames[frame].items())
        for e, (lemma, counts) in enumerate(entries):
            lines.append(f"   {json.dumps(lemma)}: {json.dumps(counts)}" + ("," if e < len(entries) - 1 else ""))
        lines.append("  }" + ("," if f < len(frames) - 1 else ""))
    lines.append(" }\n}\n")
    return "\n".join(lines)


def train_docs(data: Path, cached: Path | None) -> tuple[list[dict], list]:
    """PolNeAR's train articles and their parses by storyline's spaCy pipeline; the parses
    are read from the DocBin ``cached`` when it exists, and written there otherwise."""
    import spacy
    from spacy.tokens import DocBin

    from storyline.annotate import load_pipeline
    from storyline.settings import Settings

    with gzip.open(data, "rt", encoding="utf-8") as stream:
        rows = [row for row in map(json.loads, stream) if row["split"] == "train"]
    if cached is not None and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(spacy.blank("en").vocab))
    else:
        nlp = load_pipeline(Settings().model)
        started = time.perf_counter()
        docs = list(nlp.pipe((row["text"] for row in rows), batch_size=8))
        print(f"parsed {len(docs)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if cached is not None:
            store = DocBin()
            for doc in docs:
                store.add(doc)
            store.to_disk(cached)
    if len(docs) != len(rows):
        raise SystemExit(f"{cached} holds {len(docs)} docs, train has {len(rows)} articles")
    return rows, docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA if DATA.exists() else FALLBACK_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--docs", type=Path, default=None,
                        help="a spaCy DocBin of the parsed train articles: read it if it exists, else write it")
    parser.add_argument("--min-hits", type=int, default=4)
    parser.add_argument("--min-rate", type=float, default=0.5)
    args = parser.parse_args(argv)

    from storyline.settings import Settings

    rows, docs = train_docs(args.data, args.docs)
    hits, totals = count(docs, rows)

    kept: dict[str, dict[str, list[int]]] = {}
    for (lemma, frame), n in sorted(hits.items()):
        if n >= args.min_hits and n / totals[(lemma, frame)] >= args.min_rate and lemma not in EXCLUDED:
            kept.setdefault(frame, {})[lemma] = [n, totals[(lemma, frame)]]
    attributions = sum(len(row["attributions"].get(row["primary_annotator"], [])) for row in rows)
    result = {
        "about": "Cue lexicon for storyline.attribute.quotes: verb lemmas by frame, [hits, occurrences] on "
                 "PolNeAR train. Generated by bench/attribution_lexicon.py; do not edit by hand.",
        "provenance": {
            "corpus": "PolNeAR v1.0.0 (Newell, Margolin, Ruths, LREC 2018), networkdynamics/PolNeAR",
            "commit": POLNEAR_COMMIT,
            "split": "train",
            "articles": len(rows),
            "attributions": attributions,
            "gold": "primary_annotator",
            "parser": Settings().model,
            "verbs_counted": sum(totals.values()),
            "min_hits": args.min_hits,
            "min_rate": args.min_rate,
            "excluded": sorted(EXCLUDED),
        },
        "frames": {frame: kept[frame] for frame in sorted(kept)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(_dumps(result), encoding="utf-8")
    print(f"{args.out}: " + ", ".join(f"{frame} {len(lemmas)}" for frame, lemmas in sorted(kept.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
