"""Timeline17 as one stream: do nine long-running stories stay apart?

Reads ../shared/data/t17 in place (see its README): all 4,625 articles of the 9
topics (BP oil spill, Egypt, financial crisis, H1N1, Haiti, Iraq, Libya, Michael
Jackson, Syria), cleaned (``clean.clean_article``), annotated
(``annotate.annotate_articles``), mixed in publication-time order and clustered by
``link.group_stories``. Scored with BCubed precision, recall and F1 against the 9
topics. Precision is what matters (a story must not mix topics); recall is low by
design, since a topic spans months or years of distinct happenings and a story
closes after ``story_window_days`` without news.

    .venv/bin/python bench/t17_stories.py [--cache DIR] [--reuse DIR] [--processes N]

``--cache DIR`` (default /tmp/storyline-t17-stories-cache) keeps each topic's
annotations between runs. ``--reuse DIR`` takes annotations already pickled by
``bench/t17.py --cache DIR`` (``<topic>-<key>.pickle`` holding ``(articles,
annotations)``) for the articles they cover; only the others are annotated.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

from ecbplus import bcubed  # the same BCubed as the ECB+ script (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
if not DATA.exists():
    DATA = Path("/work/shared/data/t17")
sys.path.insert(0, str(ROOT / "src"))

TOPICS = ("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria")


def raw_documents(topic: str) -> list:
    from storyline.model import RawDocument

    with gzip.open(DATA / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [RawDocument(id=r["id"], source=f"t17/{topic}/{r['id']}", kind="jsonl", content=r["text"],
                        outlet=r["outlet"], published=r["time"]) for r in records]


def annotate_topic(topic: str, nlp, settings, cache: Path, reuse: Path | None, processes: int) -> tuple[list, dict, int]:
    """The topic's articles and annotations, from the cache, else reused pickles plus annotation of the rest.
    Returns how many articles were annotated in this run."""
    from storyline.annotate import annotate_articles
    from storyline.clean import clean_article
    from storyline.model import Annotation, Rejected

    path = cache / f"t17-stories-{topic}.pickle"
    if path.exists():
        articles, annotations = pickle.loads(path.read_bytes())
        return articles, annotations, 0
    known: dict = {}
    for pickled in sorted(reuse.glob(f"{topic}-*.pickle")) if reuse else ():
        old_articles, old_annotations = pickle.loads(pickled.read_bytes())
        # records pickled by an older model.py may lack newer fields: keep the text (to check that
        # the offsets still hold) and what clustering reads, rebuilt as current records
        known.update((a.id, (a.text, Annotation(article_id=a.id, sentences=old_annotations[a.id].sentences,
                                                entities=old_annotations[a.id].entities,
                                                times=old_annotations[a.id].times)))
                     for a in old_articles)
    articles, todo, annotations = [], [], {}
    for document in raw_documents(topic):
        cleaned = clean_article(document, settings)
        if isinstance(cleaned, Rejected):
            continue
        articles.append(cleaned)
        if document.id in known and known[document.id][0] == cleaned.text:
            annotations[document.id] = known[document.id][1]
        else:
            todo.append(cleaned)
    for annotated in annotate_articles(todo, nlp, batch_size=settings.batch_size, processes=processes):
        if not isinstance(annotated, Rejected):
            annotations[annotated.article_id] = annotated
    articles = [article for article in articles if article.id in annotations]
    annotations = {article.id: annotations[article.id] for article in articles}
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((articles, annotations), protocol=pickle.HIGHEST_PROTOCOL))
    return articles, annotations, len(todo)


def main() -> None:
    from storyline.annotate import load_pipeline
    from storyline.link import group_stories
    from storyline.link.stream import StoryStream, article_features
    from storyline.link.stories import stream_order
    from storyline.settings import Settings, load_settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline-t17-stories-cache"))
    parser.add_argument("--reuse", type=Path, default=Path("/tmp/t17-final-cache"),
                        help="annotations pickled by bench/t17.py --cache, reused where the article ids match")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a setting")
    args = parser.parse_args()

    settings = load_settings(env={}, overrides=dict(i.split("=", 1) for i in args.set)) if args.set else Settings()
    nlp = None
    articles, annotations, gold = [], {}, {}
    started = time.perf_counter()
    annotated = 0
    for topic in TOPICS:
        path = args.cache / f"t17-stories-{topic}.pickle"
        if nlp is None and not path.exists():
            nlp = load_pipeline(settings.model)
        topic_articles, topic_annotations, done = annotate_topic(
            topic, nlp, settings, args.cache, args.reuse if args.reuse and args.reuse.exists() else None,
            args.processes)
        annotated += done
        for article in topic_articles:
            new_id = f"{topic}/{article.id}"
            articles.append(replace(article, id=new_id))
            annotations[new_id] = replace(topic_annotations[article.id], article_id=new_id)
            gold[new_id] = topic
        print(f"{topic}: {len(topic_articles)} articles ({done} annotated now)", file=sys.stderr, flush=True)
    print(f"T17: {len(articles)} articles of {len(TOPICS)} topics; annotations: {annotated} computed in "
          f"{time.perf_counter() - started:.0f}s, the rest cached")
    articles.sort(key=lambda a: (a.published.isoformat() if a.published else "9999", a.id))

    started = time.perf_counter()
    groups = group_stories(articles, annotations, settings)
    seconds = time.perf_counter() - started
    precision, recall, f1 = bcubed(groups, gold)
    sizes = sorted((len(g) for g in groups), reverse=True)
    mixed = sum(1 for g in groups if len({gold[i] for i in g}) > 1)
    print(f"group_stories: {len(groups)} stories (largest {sizes[:5]}, singletons {sizes.count(1)}, "
          f"{mixed} mixing topics) in {seconds:.2f}s = {len(articles) / seconds:,.0f} articles/s (with features)")
    print(f"BCubed vs the 9 topics: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")

    features = [article_features(articles[i], annotations[articles[i].id]) for i in stream_order(articles)]
    stream = StoryStream(settings)
    started = time.perf_counter()
    for item in features:
        stream.add_features(item)
    seconds = time.perf_counter() - started
    print(f"clustering alone (features precomputed): {len(features) / seconds:,.0f} articles/s; "
          f"{stream.open_stories} stories open at the end")


if __name__ == "__main__":
    main()
