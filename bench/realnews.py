"""realnews: storyline on crawled news text, as a user runs it.

Reads ../shared/data/realnews in place (see its README): 108 crawled article openings
about 12 stories, four of them look-alike pairs, a third undated, some wrongly dated by
their crawl prefix. Builds the whole ``articles/`` folder with the command line, default
settings (``storyline build .../realnews/articles --out DIR``), and scores the build's
``storyline.json`` with the set's protocol:

- stories: BCubed precision / recall / F1 against the 12 gold stories over all 108
  articles (an article in no story counts as a story of its own), and twin merges: the
  stories holding articles of both halves of a look-alike pair;
- publication dates against ``pub_date_estimate``: right (a stated date at most a day off,
  or an inferred window, widened by a day at each end, that holds it), wrong, unknown;
- event dates: the (article, dated happening) pairs for which a timeline entry (not
  background) of the article's story has that day and cites a sentence of that article;
- misdated entries: timeline entries (not background) outside their gold story's span
  (7 days before the earlier of its first key event and first publication estimate, to a
  day after its last publication estimate; the gold story most of the story's articles
  belong to);
- titles: a story's title must be a headline of one of its articles, never page chrome.
  The set has no gold headlines, so this script judges a title by what it can check: it
  is bad when it is under four words, names a site, section, button or byline (patterns
  below), or is not a line of its article's file. A missing title is counted apart: it
  is honest when none of the story's articles has a headline (many crawled openings
  start with the body). ``--errors`` lists every title, so the judgement can be read.

    .venv/bin/python bench/realnews.py [--out DIR] [--reuse] [--errors]

``--out`` is the build folder (default /tmp/storyline-realnews); ``--reuse`` scores a build
already there instead of building again.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from ecbplus import bcubed  # the same BCubed as the ECB+ script (bench/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "realnews"
if not DATA.exists():
    DATA = Path("/work/shared/data/realnews")

GOALS = {"precision": 0.95, "f1": 0.90, "twin_merges": 0, "dates_wrong": 2, "dates_right": 90,
         "events_cited": 0.85, "misdated": 0, "bad_titles": 0}

# What a headline is not: the chrome lines seen on crawled pages of any outlet (site names,
# sections, buttons, bylines, video and app prompts), not the lines of this set's files.
_CHROME = re.compile(
    r"^(by\b|by:|from\b)|\b(watch|listen|subscribe|sign (in|up)|log ?in|connect with us|follow us|"
    r"download|newsletter|advertis\w*|cookie|menu|skip to|home\b|arrow|camera|photo|video|"
    r"live tv|breaking news|latest news|top stories|read more|share|comments?)\b|"
    r"news ?from\b|^news$|\|", re.I)
_WORD = re.compile(r"[a-z0-9]+")


def load_gold() -> tuple[dict[str, dict], dict[str, dict]]:
    index = {}
    with (DATA / "index.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            index[Path(record["file"]).stem] = record
    stories = {s["story"]: s for s in json.loads((DATA / "stories.json").read_text(encoding="utf-8"))}
    return index, stories


def build(out: Path) -> float:
    started = time.perf_counter()
    storyline = ROOT / ".venv" / "bin" / "storyline"
    command = [str(storyline) if storyline.exists() else "storyline", "build", str(DATA / "articles"),
               "--out", str(out), "--quiet"]
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def day(value: str) -> date:
    return date.fromisoformat(value[:10])


def interval(value: str, granularity: str) -> tuple[date, date]:
    """The days an entry's date covers: a day, a month or a year."""
    if granularity == "year" or len(value) == 4:
        return date(int(value[:4]), 1, 1), date(int(value[:4]), 12, 31)
    if granularity == "month" or len(value) == 7:
        first = date(int(value[:4]), int(value[5:7]), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    return day(value), day(value)


def judge_title(title: str, raw: str) -> str | None:
    """Why a story title is not a headline of its article, or None when it passes."""
    if len(_WORD.findall(title.lower())) < 4:
        return "too short for a headline"
    if _CHROME.search(title):
        return "page chrome"
    if " ".join(title.split()) not in " ".join(raw.split()):
        return "not in its article's text"
    return None


def score(result: dict, index: dict[str, dict], gold_stories: dict[str, dict], errors: bool) -> dict:
    articles = {a["id"]: a for a in result["articles"]}
    stories = result["stories"]
    gold = {name: record["story"] for name, record in index.items()}
    clusters = [tuple(s["article_ids"]) for s in stories]
    clustered = {i for c in clusters for i in c}
    clusters += [(name,) for name in index if name not in clustered]
    precision, recall, f1 = bcubed(clusters, gold)
    story_of = {i: s for s in stories for i in s["article_ids"]}
    lines: list[str] = []

    # twin merges
    twins = {tuple(sorted((k, v["twin_of"]))) for k, v in gold_stories.items() if v.get("twin_of")}
    merges = []
    for story in stories:
        labels = Counter(gold[i] for i in story["article_ids"] if i in gold)
        for a, b in twins:
            if labels[a] and labels[b]:
                merges.append((story["id"], a, b))
    # splits and merges, for --errors
    by_gold: dict[str, list[str]] = defaultdict(list)
    for story in stories:
        labels = Counter(gold[i] for i in story["article_ids"] if i in gold)
        for label in labels:
            by_gold[label].append(story["id"])
        if len(labels) > 1:
            lines.append(f"merge  {story['id']}: " + ", ".join(
                f"{label}: {' '.join(i for i in story['article_ids'] if gold.get(i) == label)}" for label in sorted(labels)))
    for label, ids in sorted(by_gold.items()):
        if len(ids) > 1:
            parts = [" ".join(i for i in next(s for s in stories if s["id"] == sid)["article_ids"] if gold.get(i) == label)
                     for sid in ids]
            lines.append(f"split  {label} into {len(ids)} stories: " + " | ".join(parts))

    # publication dates
    right = wrong = unknown = 0
    for name, record in sorted(index.items()):
        expected = day(record["pub_date_estimate"])
        published = (articles.get(name) or {}).get("published") or {}
        if published.get("date"):
            stated = day(published["date"])
            ok = abs((stated - expected).days) <= 1
            what = f"stated {published['date']} ({published.get('source')})"
        elif published.get("inferred"):
            window = published["inferred"]
            ok = day(window["from"]) - timedelta(days=1) <= expected <= day(window["to"]) + timedelta(days=1)
            what = f"inferred {window['from']}..{window['to']} ({window.get('basis')})"
        else:
            unknown += 1
            continue
        if ok:
            right += 1
        else:
            wrong += 1
            lines.append(f"date   {name}: {what}, expected {expected}")

    # event dates cited
    cited = total = 0
    for name, record in sorted(index.items()):
        story = story_of.get(name)
        for event in record["event_dates"]:
            total += 1
            found = story is not None and any(
                not entry["background"] and entry["date"] == event["date"]
                and any(source["article_id"] == name for source in entry["sources"])
                for entry in story["timeline"])
            cited += found
            if not found:
                lines.append(f"event  {name}: {event['date']} {event['phrase']!r} not cited by its story's timeline")

    # misdated entries
    spans = {}
    for label, story in gold_stories.items():
        estimates = [day(r["pub_date_estimate"]) for r in index.values() if r["story"] == label]
        first = min([day(e["date"]) for e in story["key_events"]] + [min(estimates)])
        spans[label] = (first - timedelta(days=7), max(estimates) + timedelta(days=1))
    misdated = entries = 0
    for story in stories:
        labels = Counter(gold[i] for i in story["article_ids"] if i in gold)
        if not labels:
            continue
        low, high = spans[labels.most_common(1)[0][0]]
        for entry in story["timeline"]:
            if entry["background"]:
                continue
            entries += 1
            first, last = interval(entry["date"], entry["granularity"])
            if last < low or first > high:
                misdated += 1
                lines.append(f"entry  {story['id']} ({labels.most_common(1)[0][0]}): {entry['date']} outside "
                             f"{low}..{high}: {entry['summary'][:90]!r}")

    # titles
    bad_titles = missing_titles = 0
    for story in stories:
        title_article = story.get("title_article_id")
        if not story["title"]:
            missing_titles += 1
            lines.append(f"title  {story['id']}: none")
            continue
        raw = (DATA / "articles" / f"{title_article}.txt").read_text(encoding="utf-8") if title_article in index else ""
        verdict = judge_title(story["title"], raw.replace("\\n", "\n"))
        bad_titles += verdict is not None
        if errors or verdict:
            lines.append(f"title  {story['id']} [{title_article}] {story['title']!r}: {verdict or 'ok'}")

    if errors:
        for line in lines:
            print(line)
        print()
    return {"articles": len(index), "built_articles": len(articles), "stories": len(stories),
            "precision": precision, "recall": recall, "f1": f1, "twin_merges": len(merges),
            "dates_right": right, "dates_wrong": wrong, "dates_unknown": unknown,
            "events_cited": cited / total if total else 0.0, "events_cited_count": cited, "events_total": total,
            "misdated": misdated, "entries": entries, "bad_titles": bad_titles, "missing_titles": missing_titles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/storyline-realnews"))
    parser.add_argument("--reuse", action="store_true", help="score the build already in --out")
    parser.add_argument("--errors", action="store_true", help="list every wrong date, split, merge and title")
    args = parser.parse_args()
    index, gold_stories = load_gold()
    seconds = None if args.reuse else build(args.out)
    result = json.loads((args.out / "storyline.json").read_text(encoding="utf-8"))
    figures = score(result, index, gold_stories, args.errors)

    def check(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(f"realnews: {figures['articles']} articles, {figures['built_articles']} built, {figures['stories']} stories"
          + (f", build {seconds:.1f} s" if seconds is not None else ""))
    print(f"stories BCubed  P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}"
          f"   goal P >= 0.95, F1 >= 0.90: "
          f"{check(figures['precision'] >= GOALS['precision'] and figures['f1'] >= GOALS['f1'])}")
    print(f"twin merges     {figures['twin_merges']}   goal 0: {check(figures['twin_merges'] == 0)}")
    print(f"pub dates       right {figures['dates_right']}  wrong {figures['dates_wrong']}  "
          f"unknown {figures['dates_unknown']}   goal wrong <= 2, right >= 90: "
          f"{check(figures['dates_wrong'] <= GOALS['dates_wrong'] and figures['dates_right'] >= GOALS['dates_right'])}")
    print(f"event dates     {figures['events_cited_count']} / {figures['events_total']} cited "
          f"({figures['events_cited']:.0%})   goal >= 85%: {check(figures['events_cited'] >= GOALS['events_cited'])}")
    print(f"misdated        {figures['misdated']} / {figures['entries']} entries   goal 0: {check(figures['misdated'] == 0)}")
    print(f"bad titles      {figures['bad_titles']} / {figures['stories']} stories   goal 0: "
          f"{check(figures['bad_titles'] == 0)}   (no title: {figures['missing_titles']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
