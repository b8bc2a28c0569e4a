"""Downloads of a story's timeline: CSV, and Knight Lab TimelineJS JSON.

Both take the story as ``StoreReader.story`` returns it.
"""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from .reader import parse_date

CSV_COLUMNS = ("story_id", "position", "date", "granularity", "background", "summary", "summary_article_id",
               "summary_start", "summary_end", "independent_reports", "sources", "article_ids")
#: A spreadsheet would run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def timeline_csv(story: dict[str, Any]) -> str:
    """One row per timeline entry (``CSV_COLUMNS``); ``article_ids`` are joined with spaces.
    A text cell that a spreadsheet would take for a formula gets a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in story["timeline"]:
        writer.writerow([_cell(value) for value in (
            story["id"], entry["position"], entry["date"], entry["granularity"], int(entry["background"]),
            entry["summary"], entry["summary_article_id"], entry["summary_start"], entry["summary_end"],
            entry["independent_reports"], len(entry["sources"]), " ".join(entry["article_ids"]))])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def timelinejs(story: dict[str, Any]) -> dict[str, Any]:
    """The story in TimelineJS's JSON format: a title slide and one event per timeline entry
    (``start_date`` at the entry's granularity; background entries in the group
    "Background"). TimelineJS shows ``text`` as HTML, so every article string is escaped."""
    articles = len(story["articles"])
    title = {"text": {
        "headline": html.escape(story.get("title") or "Untitled story"),
        "text": html.escape(f"{articles} article{'s' if articles != 1 else ''}; every line is a sentence "
                            "quoted from them. Built by storyline.")}}
    events = []
    for entry in story["timeline"]:
        day = parse_date(entry["date"])
        if day is None:
            continue
        start = {"year": day.year}
        if entry["granularity"] in ("month", "day"):
            start["month"] = day.month
        if entry["granularity"] == "day":
            start["day"] = day.day
        sources = "; ".join(dict.fromkeys(source["label"] for source in entry["sources"]))
        event = {
            "start_date": start,
            "display_date": entry["date"],
            "text": {"headline": html.escape(entry["date"] + (" (background)" if entry["background"] else "")),
                     "text": f"<p>{html.escape(entry['summary'])}</p><p><small>sources: {html.escape(sources)}"
                             "</small></p>"},
            "unique_id": f"entry-{entry['position']}",
        }
        if entry["background"]:
            event["group"] = "Background"
        events.append(event)
    return {"title": title, "events": events}
