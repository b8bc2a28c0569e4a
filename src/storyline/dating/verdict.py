"""Deciding among the statements of when an article was published.

``stated_verdict`` runs at cleaning time, on what the input states
(``dating.stated``): the strongest statement that names a full day is the
publication date (``used``); every other one either agrees with it (a day apart at
most: time zones, a late update) or is ``contradicted``, with the reason. The order
of strength is the order of who wrote it:

1. ``metadata``: the input's own record (a JSONL field, a feed's date): the user's data;
2. ``url``, ``html``: the publisher's page (its address, its markup);
3. ``dateline``: the outlet's words at the top of the text;
4. ``updated``: a stated update time (the publication is that day or before);
5. ``prefix``: a crawler's leading ``date YYYY-MM-DD``, which is the crawl's guess and
   is wrong often enough (a crawl date, a date of another item on the page).

A dateline without a year ("TOKYO, Jan 04") takes the year that puts it nearest the
other statements; with none, it waits for the text's own years
(``dating.content``), and else stays yearless.

Later stages may still contradict the ``used`` statement: the text itself when it
reports as past a happening dated after it (``dating.content.check_stated``), and
the story when its other articles date the happenings the article reports weeks or
years away from it (``dating.story``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import regex

from ..model import DateEvidence
from .stated import numeric_readings

#: Strength of each source, strongest first (see the module docstring).
STRENGTH = {"metadata": 0, "url": 1, "html": 1, "dateline": 2, "updated": 3, "prefix": 4}
_NUMERIC = regex.compile(r"(?<!\d)\d{1,2}[/-]\d{1,2}[/-]\d{4}(?!\d)")
#: Two statements a day apart agree (time zones, an article filed late in the day).
AGREE_DAYS = 1

_NAMES = {"metadata": "the input's metadata", "url": "the page's URL", "html": "the page's markup",
          "dateline": "the dateline", "updated": "the update time", "prefix": "the crawl prefix"}


def describe(evidence: DateEvidence) -> str:
    """How a statement is named in a reason: "the dateline 'TOKYO, Jan 04' (2024-01-04)"."""
    text = evidence.text if len(evidence.text) <= 60 else evidence.text[:57] + "..."
    return f"{_NAMES[evidence.source]} {text!r} ({evidence.value})"


def _nearest_year(month_day: str, around: date) -> date | None:
    """The day ``--MM-DD`` names in the year that puts it nearest ``around``."""
    month, day = int(month_day[2:4]), int(month_day[5:7])
    best = None
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - around).days) < abs((best - around).days):
            best = candidate
    return best


def _swapped(evidence: DateEvidence, around: date) -> DateEvidence:
    """A numeric dateline whose day and month can swap, read the way nearer ``around``."""
    readings = numeric_readings(_numeric_part(evidence.text))
    if len(readings) < 2:
        return evidence
    nearest = min(readings, key=lambda day: (abs((day - around).days), day))
    if nearest.isoformat() == evidence.value:
        return evidence
    return replace(evidence, value=nearest.isoformat(),
                   reason=f"day and month read as {nearest.isoformat()}, nearer the other statements")


def _numeric_part(text: str) -> str:
    found = _NUMERIC.search(text)
    return found.group() if found else ""


def _ambiguous(evidence: DateEvidence) -> bool:
    return evidence.source in ("dateline", "updated") and len(numeric_readings(_numeric_part(evidence.text))) == 2


def with_year(evidence: DateEvidence, around: date, basis: str) -> DateEvidence:
    """A yearless statement given the year that puts it nearest ``around``; ``basis`` says
    what ``around`` is ("the crawl prefix", "the text's dates")."""
    if not evidence.value.startswith("--"):
        return evidence
    day = _nearest_year(evidence.value, around)
    if day is None:
        return evidence
    return replace(evidence, value=day.isoformat(), reason=f"year {day.year} from {basis}")


def stated_verdict(evidence: Sequence[DateEvidence]) -> tuple[date | None, str | None, tuple[DateEvidence, ...]]:
    """The publication date the statements decide, its source, and every statement with its status.

    See the module docstring. A yearless dateline and a numeric one whose day and month
    can swap are read against the strongest other full statement; alone, the swappable
    one is not used (its reason says so) and the yearless one waits.
    """
    items = list(evidence)
    full = [e for e in items if not e.value.startswith("--") and not _ambiguous(e)]
    strongest = min(full, key=lambda e: STRENGTH[e.source]) if full else None
    reference = strongest.day if strongest else None
    if strongest is not None:
        items = [with_year(e, reference, _NAMES[strongest.source]) if e.value.startswith("--")
                 else _swapped(e, reference) if _ambiguous(e) else e for e in items]
    candidates = [e for e in items if not e.value.startswith("--") and (reference is not None or not _ambiguous(e))]
    if not candidates:
        marked = tuple(replace(e, reason=e.reason or "day and month can be read either way; nothing else decides")
                       if _ambiguous(e) else e for e in items)
        return None, None, marked
    used = min(candidates, key=lambda e: (STRENGTH[e.source], items.index(e)))
    return used.day, used.source, tuple(judge(e, used) if e is not used else replace(e, status="used") for e in items)


def redecide(evidence: Sequence[DateEvidence]) -> tuple[DateEvidence | None, tuple[DateEvidence, ...]]:
    """After later checks contradicted some statements: the strongest one left that names a full
    day is used, the others are judged against it (contradicted ones stay so)."""
    items = list(evidence)
    usable = [e for e in items if e.status != "contradicted" and e.day is not None]
    used = min(usable, key=lambda e: (STRENGTH[e.source], items.index(e))) if usable else None
    decided = tuple(e if e.status == "contradicted" else replace(e, status="used") if e is used
                    else judge(e, used) if used else replace(e, status="unused") for e in items)
    return (decided[items.index(used)] if used else None), decided


def judge(evidence: DateEvidence, used: DateEvidence) -> DateEvidence:
    """``evidence`` marked against the ``used`` statement: ``agrees``, ``contradicted`` or ``unused``."""
    if evidence.value.startswith("--") or used.day is None:
        return replace(evidence, status="unused")
    gap = (evidence.day - used.day).days
    if abs(gap) <= AGREE_DAYS:
        return replace(evidence, status="agrees")
    if evidence.source == "updated" and gap > 0:
        return replace(evidence, status="unused", reason=f"an update {gap} days after the publication date")
    return replace(evidence, status="contradicted",
                   reason=f"{abs(gap)} days {'after' if gap > 0 else 'before'} {describe(used)}, which is stronger")
