"""ECB+ cross-document event coreference: storyline's event linking on gold event mentions.

Reads ../shared/data/ecbplus in place (see its README). Every document becomes an
``Article`` (its text as the corpus rebuilt it, no publication date) and is annotated
with storyline's own annotation stage (``annotate.annotate_articles``). The gold event
mentions (``category == "event"`` in a fully annotated sentence) of each split are
clustered with ``link.events.cluster_event_mentions`` - the linking that
``link_events`` runs inside a story - within groups of documents:

* predicted topics: the document clusters of ``link.group_stories`` over the split's
  documents (storyline's story grouping, default ``Settings``), as Barhom et al. (2019)
  cluster documents before linking mentions; the acceptance setting;
* gold topics and gold sub-topics, for reference.

Scores: MUC, B³ and CEAF-e F1 and their mean, the CoNLL F1, as the CoNLL-2012 reference
scorer defines them (Pradhan et al. 2014), singletons included (the common ECB+ practice
on gold mentions: every gold mention is a key mention, unlinked ones as singleton
clusters). The same-lemma baseline (mentions with the same head lemma within a gold
topic form one cluster; 71.9 CoNLL F1 in the data's README) is scored by the same code,
to check the scorer.

    .venv/bin/python bench/ecbplus_events.py [--split test] [--cache DIR]

``--cache DIR`` keeps the pickled annotations in DIR between runs (keyed by the code
of the annotation stage and the spaCy pipeline), for development.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.link.events import EventMentionInput, cluster_event_mentions, mention_head  # noqa: E402
from storyline.model import Annotation, Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ecbplus"
SPLITS = {"train": "train", "dev": "dev", "test": "test"}
#: Published CoNLL F1 on the test topics with gold mentions (the data's README).
PUBLISHED = {"same lemma, gold topics (README)": 71.9, "Barhom et al. 2019 (predicted doc clusters)": 79.5,
             "Cattan et al. 2021": 81.0, "Min et al. 2024": 86.7}

Clusters = Sequence[Sequence[Hashable]]


# ---------------------------------------------------------------------------------------------
# data


def load_corpus() -> tuple[list[dict], list[dict]]:
    with gzip.open(DATA / "documents.jsonl.gz", "rt", encoding="utf-8") as handle:
        documents = [json.loads(line) for line in handle]
    with gzip.open(DATA / "mentions.jsonl.gz", "rt", encoding="utf-8") as handle:
        mentions = [json.loads(line) for line in handle]
    return documents, mentions


def gold_event_mentions(mentions: Sequence[dict], split: str) -> list[dict]:
    return [m for m in mentions if m["category"] == "event" and m["in_coref_sentence"] and m["split"] == split]


def article_of(document: dict) -> Article:
    return Article(id=document["doc_id"], source=f"ecbplus:{document['doc_id']}", text=document["text"])


def annotate_corpus(articles: Sequence[Article], cache: Path | None) -> dict[str, Annotation]:
    """Annotations of ``articles`` by storyline's annotation stage, cached in ``cache`` when given."""
    from annotation_cache import code_key

    from storyline.annotate import annotate_articles, load_pipeline

    nlp = load_pipeline(Settings().model)
    path = cache / f"{code_key('ecbplus-annotations', nlp)}.pickle" if cache else None
    done: dict[str, Annotation] = {}
    if path is not None and path.exists():
        done = pickle.loads(path.read_bytes())
    todo = [article for article in articles if article.id not in done]
    if todo:
        started = time.perf_counter()
        for article, annotation in zip(todo, annotate_articles(todo, nlp, batch_size=16)):
            if not isinstance(annotation, Annotation):
                raise RuntimeError(f"{article.id}: {annotation.reason}")
            done[article.id] = annotation
        print(f"annotated {len(todo)} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(done))
    return {article.id: done[article.id] for article in articles}


# ---------------------------------------------------------------------------------------------
# scorer: MUC, B³, CEAF-e as in the CoNLL-2012 reference scorer (Pradhan et al. 2014)


def _as_sets(clusters: Clusters) -> list[set]:
    return [set(cluster) for cluster in clusters if cluster]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Vilain et al. (1995): links kept, partitions of each key cluster by the response."""
    key, response = _as_sets(key), _as_sets(response)

    def recall(gold: list[set], other: list[set]) -> float:
        where = {m: i for i, cluster in enumerate(other) for m in cluster}
        numerator = denominator = 0
        for cluster in gold:
            parts = {where.get(m, ("alone", m)) for m in cluster}
            numerator += len(cluster) - len(parts)
            denominator += len(cluster) - 1
        return numerator / denominator if denominator else 0.0

    r, p = recall(key, response), recall(response, key)
    return p, r, _f1(p, r)


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Bagga & Baldwin (1998), per mention, singletons included."""
    key, response = _as_sets(key), _as_sets(response)

    def score(gold: list[set], other: list[set]) -> float:
        where = {m: cluster for cluster in other for m in cluster}
        total = sum(len(cluster) for cluster in gold)
        return sum(len(cluster & where.get(m, set())) / len(cluster) for cluster in gold for m in cluster) / total

    r, p = score(key, response), score(response, key)
    return p, r, _f1(p, r)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Luo (2005), entity-based: the best one-to-one alignment of clusters under phi4."""
    key, response = _as_sets(key), _as_sets(response)
    where = defaultdict(list)
    for j, cluster in enumerate(response):
        for m in cluster:
            where[m].append(j)
    similarity = np.zeros((len(key), len(response)))
    for i, cluster in enumerate(key):
        touched = {j for m in cluster for j in where[m]}
        for j in touched:
            similarity[i, j] = 2 * len(cluster & response[j]) / (len(cluster) + len(response[j]))
    rows, columns = linear_sum_assignment(-similarity)
    total = similarity[rows, columns].sum()
    r, p = total / len(key), total / len(response)
    return p, r, _f1(p, r)


def conll(key: Clusters, response: Clusters) -> dict[str, float]:
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    result = {f"{name}_{part}": value for name, triple in scores.items()
              for part, value in zip(("p", "r", "f1"), triple)}
    result["conll_f1"] = sum(triple[2] for triple in scores.values()) / 3
    return result


def clusters_of(labels: Mapping[str, Hashable]) -> list[list[str]]:
    grouped: dict[Hashable, list[str]] = defaultdict(list)
    for mention_id, label in labels.items():
        grouped[label].append(mention_id)
    return list(grouped.values())


# ---------------------------------------------------------------------------------------------
# systems


def _weights(annotations: Mapping[str, Annotation]):
    from storyline.link import term_weights
    return term_weights(sentence.terms for a in annotations.values() for sentence in a.sentences)


def link_within(groups: Sequence[Sequence[str]], gold: Sequence[dict], articles: Mapping[str, Article],
                annotations: Mapping[str, Annotation], weights, **options) -> dict[str, str]:
    """Storyline's cluster label for every gold mention, linking only within each group of documents."""
    by_doc = defaultdict(list)
    for mention in gold:
        by_doc[mention["doc_id"]].append(mention)
    labels = {}
    for number, group in enumerate(groups):
        mentions = [m for doc_id in group for m in sorted(by_doc.get(doc_id, ()), key=lambda m: m["char_start"])]
        inputs = [EventMentionInput(article=articles[m["doc_id"]], annotation=annotations[m["doc_id"]],
                                    start=m["char_start"], end=m["char_end"]) for m in mentions]
        for mention, label in zip(mentions, cluster_event_mentions(inputs, weights, **options)):
            labels[mention["mention_id"]] = f"{number}:{label}"
    return labels


def same_lemma(groups: Sequence[Sequence[str]], gold: Sequence[dict], articles: Mapping[str, Article],
               annotations: Mapping[str, Annotation]) -> dict[str, str]:
    """The baseline: mentions with the same head lemma within a group are one cluster."""
    group_of = {doc_id: number for number, group in enumerate(groups) for doc_id in group}
    labels = {}
    for m in gold:
        head = mention_head(articles[m["doc_id"]].text, annotations[m["doc_id"]], m["char_start"], m["char_end"])
        labels[m["mention_id"]] = f"{group_of[m['doc_id']]}:{head[0] if head else m['text'].lower()}"
    return labels


def predicted_topics(articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> list[tuple[str, ...]]:
    from storyline.link import group_stories
    return group_stories(articles, annotations, Settings())


def gold_groups(documents: Sequence[dict], field_name: str) -> list[tuple[str, ...]]:
    grouped: dict[Hashable, list[str]] = defaultdict(list)
    for document in documents:
        grouped[document[field_name]].append(document["doc_id"])
    return [tuple(ids) for ids in grouped.values()]


def _load(split: str, cache: Path | None):
    documents, mentions = load_corpus()
    documents = [d for d in documents if d["split"] == split]
    articles = [article_of(d) for d in documents]
    annotations = annotate_corpus(articles, cache)
    return documents, gold_event_mentions(mentions, split), articles, annotations


def score_event_linking(doc_clusters: Mapping[str, str] | None = None, *, split: str = "test",
                        cache: Path | None = None, **options) -> dict:
    """CoNLL F1 (with MUC, B³, CEAF-e) of storyline's event linking on the gold event mentions of ``split``.

    ``doc_clusters`` maps every document id of the split to its predicted cluster
    (story); ``None`` groups the documents with ``link.group_stories``. Mentions are
    linked within each document cluster. ``options`` go to ``cluster_event_mentions``.
    """
    documents, gold, articles, annotations = _load(split, cache)
    by_id = {a.id: a for a in articles}
    if doc_clusters is None:
        groups = predicted_topics(articles, annotations)
    else:
        grouped: dict[str, list[str]] = defaultdict(list)
        for document in documents:
            grouped[doc_clusters[document["doc_id"]]].append(document["doc_id"])
        groups = list(grouped.values())
    weights = _weights(annotations)
    key = clusters_of({m["mention_id"]: m["cluster_id"] for m in gold})
    response = clusters_of(link_within(groups, gold, by_id, annotations, weights, **options))
    result = conll(key, response)
    result.update(mentions=len(gold), gold_clusters=len(key), clusters=len(response), document_clusters=len(groups))
    return result


def run(split: str, cache: Path | None, **options) -> dict[str, dict]:
    documents, gold, articles, annotations = _load(split, cache)
    by_id = {a.id: a for a in articles}
    weights = _weights(annotations)
    key = clusters_of({m["mention_id"]: m["cluster_id"] for m in gold})
    predicted = predicted_topics(articles, annotations)
    settings = {"predicted topics": predicted, "gold topics": gold_groups(documents, "topic"),
                "gold sub-topics": gold_groups(documents, "subtopic_id")}
    results = {}
    for name, groups in settings.items():
        response = clusters_of(link_within(groups, gold, by_id, annotations, weights, **options))
        results[f"storyline, {name}"] = conll(key, response) | {"document_clusters": len(groups)}
    for name in ("gold topics", "gold sub-topics"):
        response = clusters_of(same_lemma(settings[name], gold, by_id, annotations))
        results[f"same lemma, {name}"] = conll(key, response) | {"document_clusters": len(settings[name])}
    results["singletons"] = conll(key, [[m["mention_id"]] for m in gold]) | {"document_clusters": 0}
    return results


def _print(split: str, results: Mapping[str, dict]) -> None:
    print(f"ECB+ event coreference, {split} split, gold event mentions in coreference sentences, singletons included")
    print(f"{'system, document groups':44} {'groups':>6} {'MUC':>6} {'B3':>6} {'CEAF-e':>6} {'CoNLL':>6}")
    for name, r in results.items():
        print(f"{name:44} {r['document_clusters']:>6} {100 * r['muc_f1']:6.1f} {100 * r['b3_f1']:6.1f} "
              f"{100 * r['ceafe_f1']:6.1f} {100 * r['conll_f1']:6.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), action="append",
                        help="which split(s) to score (default: test)")
    parser.add_argument("--cache", type=Path, help="keep the annotations in this folder between runs")
    args = parser.parse_args(argv)
    for split in args.split or ["test"]:
        _print(split, run(split, args.cache))
        print()
    print("published CoNLL F1 (test, gold mentions): " + "; ".join(f"{k} {v}" for k, v in PUBLISHED.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
