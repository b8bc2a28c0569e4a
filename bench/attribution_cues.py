"""Learn storyline's cue scorer from PolNeAR's train split and write
``src/storyline/attribute/data/cue_scorer.json``.

    python bench/attribution_cues.py [--data PATH] [--out PATH] [--docs CACHE.spacy]
                                     [--precision 0.65] [--C 0.5]

The cue lexicon (``bench/attribution_lexicon.py``) keeps a verb lemma in a frame when it
is a cue in at least half of its train occurrences. Many cues fall under that bar only on
average: "want to ..." is an attribution when a candidate or a campaign wants, much less
so otherwise. This script learns a logistic regression over the features that
``storyline.attribute.quotes.cue_features`` reads from the parse (lemma, frame, the kind of
subject, the verb's tag and dependency, the shape of the argument) for every verb that
``cue_candidate`` offers: outside quote marks, with an active subject and a frame. A
candidate is positive when the verb lies inside a gold cue of the primary annotator and
its argument overlaps that attribution's gold content, as in the lexicon script.

The threshold is picked by 5-fold cross-validation over train articles: the lowest
probability at which the candidates outside the lexicons (the only ones ``find_quotes``
asks the scorer about) reach ``--precision``. Lemmas in the lexicon script's ``EXCLUDED``
stay out whatever their score. Only train is read: dev and test stay unseen. The output
holds feature names (lemmas, labels) and weights, no text of the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from attribution_lexicon import DATA, EXCLUDED, FALLBACK_DATA, POLNEAR_COMMIT, _overlaps, train_docs  # noqa: E402

OUT = ROOT / "src" / "storyline" / "attribute" / "data" / "cue_scorer.json"


def candidates(docs, rows) -> tuple[list[list[str]], list[bool], list[bool], list[int]]:
    """Features, label, whether the lexicons already take it, and article index, per candidate verb."""
    from storyline.attribute import quotes

    features, labels, known, articles = [], [], [], []
    for index, (doc, row) in enumerate(zip(docs, rows)):
        gold = [a for a in row["attributions"].get(row["primary_annotator"], []) if a["cue"]]
        inside = quotes._inside_map(doc, quotes._quoted_stretches(doc.text))
        for token in doc:
            if token.pos_ != "VERB":
                continue
            found = quotes.cue_candidate(token, inside)
            if found is None:
                continue
            frame, argument, subject = found
            lemma = token.lemma_.lower()
            start, end = token.idx, token.idx + len(token.text)
            arg_start = argument.left_edge.idx
            arg_end = argument.right_edge.idx + len(argument.right_edge.text)
            features.append(quotes.cue_features(token, frame, argument, subject, inside))
            labels.append(any(_overlaps(start, end, a["cue"]) and _overlaps(arg_start, arg_end, a["content"])
                              for a in gold))
            known.append(frame == "ccomp" and lemma in quotes._CCOMP_VERBS
                         or frame == "dobj" and lemma in quotes._DOBJ_VERBS
                         or frame == "xcomp" and lemma in quotes._XCOMP_VERBS
                         or frame.startswith("prep:") and lemma in quotes._PREP_VERBS.get(frame[5:], ())
                         or lemma in EXCLUDED)
            articles.append(index)
    return features, labels, known, articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA if DATA.exists() else FALLBACK_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--docs", type=Path, default=None,
                        help="a spaCy DocBin of the parsed train articles: read it if it exists, else write it")
    parser.add_argument("--precision", type=float, default=0.65,
                        help="cross-validated precision the new cues must reach")
    parser.add_argument("--veto", type=float, default=0.25,
                        help="a verb of the learned lexicon scored below this is dropped (checked on dev)")
    parser.add_argument("--C", type=float, default=0.5, help="inverse L2 regularisation strength")
    parser.add_argument("--min-count", type=int, default=3, help="features seen fewer times are dropped")
    args = parser.parse_args(argv)

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from storyline.settings import Settings

    rows, docs = train_docs(args.data, args.docs)

    features, labels, known, articles = candidates(docs, rows)
    counts = Counter(feature for row in features for feature in row)
    kept = [[f for f in row if counts[f] >= args.min_count] for row in features]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in kept])
    y = np.array(labels)
    new = ~np.array(known)
    folds = np.array(articles) % 5
    probabilities = np.zeros(len(y))
    for fold in range(5):
        test = folds == fold
        fitted = LogisticRegression(C=args.C, max_iter=5000).fit(matrix[~test], y[~test])
        probabilities[test] = fitted.predict_proba(matrix[test])[:, 1]
    threshold = 1.0
    for candidate in np.arange(0.95, 0.3, -0.01):
        chosen = new & (probabilities >= candidate)
        if chosen.sum() and (chosen & y).sum() / chosen.sum() >= args.precision:
            threshold = float(round(candidate, 2))
        else:
            break
    chosen = new & (probabilities >= threshold)
    print(f"{len(y)} candidates, {int(y.sum())} cues; outside the lexicons {int(new.sum())} candidates, "
          f"{int((new & y).sum())} cues; at threshold {threshold:.2f} (5-fold): {int(chosen.sum())} taken, "
          f"{int((chosen & y).sum())} cues", file=sys.stderr)

    fitted = LogisticRegression(C=args.C, max_iter=5000).fit(matrix, y)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), fitted.coef_[0])
               if abs(w) >= 0.005}
    result = {
        "about": "Cue scorer for storyline.attribute.quotes: logistic-regression weights over cue_features, "
                 "learned on PolNeAR train. Generated by bench/attribution_cues.py; do not edit by hand.",
        "provenance": {
            "corpus": "PolNeAR v1.0.0 (Newell, Margolin, Ruths, LREC 2018), networkdynamics/PolNeAR",
            "commit": POLNEAR_COMMIT,
            "split": "train",
            "articles": len(rows),
            "gold": "primary_annotator",
            "parser": Settings().model,
            "candidates": len(y),
            "positives": int(y.sum()),
            "C": args.C,
            "min_count": args.min_count,
            "target_precision": args.precision,
            "cross_validated": {"taken": int(chosen.sum()), "cues": int((chosen & y).sum())},
        },
        "threshold": threshold,
        "veto": args.veto,
        "bias": round(float(fitted.intercept_[0]), 4),
        "excluded": sorted(EXCLUDED),
        "weights": dict(sorted(weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(weights)} weights, threshold {threshold:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
