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
    for path in sorted(ecbplus_cache.glob("ecbplus-*.pickle")):
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


def main() -> None:
    from storyline.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-day", type=int, default=500, help="articles per synthetic publication day")
    parser.add_argument("--t17-cache", type=Path, default=Path("/tmp/storyline-t17-stories-cache"))
    parser.add_argument("--ecbplus-cache", type=Path, default=Path("/tmp/storyline-ecbplus-cache"))
    args = parser.parse_args()

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
