"""What the input states about when an article was published.

An article may say when it was published in several places, and they may disagree:
the input's own metadata (a JSONL record's ``published``, a feed's date), the HTML
page's markup and URL, a crawler's leading ``date YYYY-MM-DD`` prefix, a dateline
line at the top (``Apr 1, 2024 - World``, ``Update: 2023-10-07 17:30 IST``), or a
wire dateline that opens the first paragraph (``Tokyo, Jan. 1 (Jiji Press)--``,
``April 19 (UPI) --``, ``YEREVAN, JANUARY 3, ARMENPRESS.``). This module finds them
and turns each into a ``DateEvidence``; ``dating.verdict`` decides among them.

The cleaning stage calls the ``take_*`` functions: a prefix and a line that is only a
dateline leave the body (with a ``Removal``); a wire dateline stays in its sentence,
which it is part of.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import regex
from dateparser.date import DateDataParser

from ..model import DateEvidence, Removal

#: Datelines are looked for in this many first paragraphs.
TOP_LINES = 5

#: A crawler's leading "date 2024-04-02" (or only the month, "date 2024-10": no day to use).
_DATE_PREFIX = regex.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|(?=\n)|\Z)",
                             regex.IGNORECASE)
_ISO_DATE = regex.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\s)")
_NUMERIC_DATE = regex.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4})\s*$")

_YEAR = r"(?:1[89]|20)\d{2}"
_HAS_YEAR = regex.compile(rf"(?<!\d){_YEAR}(?!\d)")
_MAX_DATELINE_CHARS = 90
_UPDATE_WORDS = r"(?:updated?|modified)"
_DATELINE_LABEL = regex.compile(
    rf"^(?:(?:last|first)\s+)?(?:{_UPDATE_WORDS}|published|posted|created|date)"
    r"(?:\s+(?:on|at))?\s*:?\s*",
    regex.IGNORECASE,
)
#: "Jun. 21 2023, Updated": a label after the date.
_TRAILING_LABEL = regex.compile(rf"[\s,|]+(?:{_UPDATE_WORDS}|published|posted)\s*:?\s*$", regex.IGNORECASE)
#: A leading label that makes a dateline an update time ("Update: ...", "Last modified ...");
#: "Jun. 21 2023, Updated" is the publication day, updated later that day or after.
_UPDATE_LABEL = regex.compile(rf"^(?:last\s+)?{_UPDATE_WORDS}\b", regex.IGNORECASE)
_TIME = regex.compile(
    r"""(?:\s*(?:,|\bat\b|@|\||[-–—])\s*|\s+|^)
        (?:\d{1,2}(?::\d{2}){1,2}(?:\s*(?i:[ap]\.?\s?m\.?))?|\d{1,2}\s*(?i:[ap]\.?\s?m\.?))
        (?:\s*\(?(?:[A-Z]{2,5}|(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)\)?(?![\p{L}\d]))?""",
    regex.VERBOSE,
)
#: A page's section name glued to the time before it: "2024.03.01 00:26Nation".
_GLUED_SECTION = regex.compile(r"(?<=\d)\p{Lu}\p{Ll}{2,20}$")
_SECTION = regex.compile(r"\s+[-–—|•·]\s+\p{Lu}[\p{L}&'’ ]{0,40}$")
_EDGE_SEPARATORS = " ,|-–—•·"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_SHAPE = regex.compile(
    rf"""^(?:{_WEEKDAY},?\s+)?
         (?:{_MONTH}\s+{_DAY},?\s+{_YEAR}
           |{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}
           |\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}
           |{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}})$""",
    regex.VERBOSE | regex.IGNORECASE,
)

# --- wire datelines ------------------------------------------------------------------
# "Tokyo, Jan. 1 (Jiji Press)--", "Wajima, Ishikawa Pref., Jan. 3 (Jiji Press)--",
# "JERUSALEM/TEHRAN, Oct. 2 (Xinhua) --", "April 19 (UPI) --", "TOKYO, Jan 04 ( News On
# Japan ) -", "YEREVAN, JANUARY 3, ARMENPRESS.", "Tuesday, October 01, 2024 - ": a place
# (optional), the date (the year optional), then the agency in brackets or after a comma,
# or a dash. Without the agency or the dash a sentence that opens with a place and a date
# ("Tokyo, Jan. 1 was ...") would match, so one of them is required.
_PLACE_WORD = r"\p{Lu}[\p{L}.'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ /-]{_PLACE_WORD}){{0,3}}"
_WIRE_DATELINE = regex.compile(
    rf"""^(?P<line>
        (?:{_PLACE}(?:,\s+{_PLACE}){{0,2}},\s+)?
        (?P<date>(?:{_WEEKDAY},?\s+)?
                 (?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?)
        (?:\s*\(\s*(?P<agency>[^()\n]{{2,40}}?)\s*\)\s*(?:--|[-–—:])?
          |,\s+(?P<wire>\p{{Lu}}[\p{{Lu}}\p{{L}}&.' -]{{1,30}}?)\.(?=\s)
          |\s*(?:--|[-–—]))
        )\s*""",
    regex.VERBOSE | regex.IGNORECASE | regex.V1,
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH_DAY = regex.compile(rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH}))",
                           regex.IGNORECASE)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _date_parser() -> DateDataParser:
    """The one English date parser, built on first use (it is slow to build)."""
    return DateDataParser(
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            # Absolute dates only: "yesterday" or "next week" depend on the clock.
            "PARSERS": ["custom-formats", "absolute-time"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def parse_date_text(value: str) -> date | None:
    """The calendar day ``value`` names (``2024-04-01``, ``Apr 1, 2024``), or ``None``.

    ISO dates (with or without a time) and numeric dates are read directly:
    ``16.04.2024`` is day-month-year (the dotted form is European), ``04/05/2024``
    month-day-year as in American English unless the first number cannot be a
    month (``numeric_readings`` gives both readings, for a caller that can choose).
    Anything else with a year goes to dateparser (English, absolute dates only, day,
    month and year all required).
    """
    iso = _ISO_DATE.match(value)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC_DATE.match(value)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
        if numeric[2] == "." or first > 12:
            return _day(year, second, first)
        return _day(year, first, second)
    if not _HAS_YEAR.search(value):
        return None
    parsed = _date_parser().get_date_data(value.strip())
    return parsed.date_obj.date() if parsed and parsed.date_obj else None


def numeric_readings(value: str) -> tuple[date, ...]:
    """The days a numeric date with ``/`` or ``-`` can name: two when day and month can
    swap (``2/04/2024``: 4 February or 2 April), one otherwise, none for other forms."""
    numeric = _NUMERIC_DATE.match(value)
    if not numeric or numeric[2] == ".":
        return ()
    first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
    readings = {day for day in (_day(year, first, second), _day(year, second, first)) if day is not None}
    return tuple(sorted(readings))


def take_date_prefix(text: str) -> tuple[str, date | None, tuple[Removal, ...]]:
    """Take a crawler's leading ``date YYYY-MM-DD`` off the text.

    `` date 2024-04-02 The Israeli government…`` gives ``2024-04-02`` and the text
    from ``The``. Returns the text, the date (``None`` when there is no prefix, or it
    names only a month or no real day) and the removed prefix.
    """
    match = _DATE_PREFIX.match(text)
    if not match:
        return text, None, ()
    removal = Removal(text=match.group().strip(), rule="date-prefix")
    day = parse_date_text(match[1]) if len(match[1]) == 10 else None
    return text[match.end():], day, (removal,)


def _date_part(line: str) -> str | None:
    """The date of a dateline without label, time, timezone and section, if it is one."""
    if len(line) > _MAX_DATELINE_CHARS or not _HAS_YEAR.search(line):
        return None
    rest = _DATELINE_LABEL.sub("", line, count=1)
    rest = _TRAILING_LABEL.sub("", rest)
    rest = _GLUED_SECTION.sub("", rest)
    rest = _TIME.sub("", rest)
    rest = _SECTION.sub("", rest).strip(_EDGE_SEPARATORS)
    return rest if _DATE_SHAPE.match(rest) else None


def parse_dateline(line: str) -> date | None:
    """The date of ``line`` if the line is only a date, else ``None``.

    A dateline may have a label (``Updated:``, ``Published``, ``Update:``, or after the
    date: ``Jun. 21 2023, Updated``), a weekday, a time, a timezone and a section
    (``Apr 1, 2024 - World``, ``Tuesday, 16 April 2024 04:32 PM EDT``, ``April 16,
    2024 at 4:32 p.m.``, ``Updated: 16.04.2024 14:02``, ``2024.03.01 00:26Nation``).
    Only lines that pass a regular-expression check of that shape reach dateparser.
    """
    part = _date_part(line)
    return parse_date_text(part) if part else None


def dateline_evidence(line: str) -> DateEvidence | None:
    """A dateline line as evidence: ``updated`` when its label says it is an update time,
    else ``dateline``. A numeric date whose day and month can swap (``2/04/2024``) is
    kept yearless-like: its value is the American reading, and ``dating.verdict`` may
    choose the other one from the rest of the evidence (``numeric_readings``)."""
    part = _date_part(line)
    day = parse_date_text(part) if part else None
    if day is None:
        return None
    source = "updated" if _UPDATE_LABEL.search(line) else "dateline"
    return DateEvidence(source=source, text=line, value=day.isoformat())


def take_datelines(lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[DateEvidence, ...], tuple[Removal, ...]]:
    """Take the dateline lines among the first ``TOP_LINES`` paragraphs out of the body.

    Needs: paragraphs. Returns the paragraphs left, the evidence of every dateline
    (in order; ``dateline`` or ``updated``), and a ``Removal`` (rule ``dateline``) for each.
    """
    kept: list[str] = []
    removed: list[Removal] = []
    found: list[DateEvidence] = []
    for index, line in enumerate(lines):
        evidence = dateline_evidence(line) if index < TOP_LINES + len(removed) else None
        if evidence is None:
            kept.append(line)
            continue
        found.append(evidence)
        removed.append(Removal(text=line, rule="dateline"))
    return tuple(kept), tuple(found), tuple(removed)


def wire_dateline(paragraph: str) -> DateEvidence | None:
    """The wire dateline that opens ``paragraph`` ("Tokyo, Jan. 1 (Jiji Press)--"), as
    evidence whose ``text`` is the dateline; its value is ``--MM-DD`` when it gives no year."""
    match = _WIRE_DATELINE.match(paragraph)
    if not match or match.end() >= len(paragraph):
        return None
    parts = _MONTH_DAY.search(match["date"])
    if parts is None:
        return None
    month = _MONTH_NUMBERS.get((parts["month"] or parts["month2"]).lower()[:3])
    day = int(parts["day"] or parts["day2"])
    if month is None or _day(2000, month, day) is None:  # 2000: a leap year, so 29 February passes
        return None
    text = match["line"].strip()
    if match["year"]:
        full = _day(int(match["year"]), month, day)
        return DateEvidence(source="dateline", text=text, value=full.isoformat()) if full else None
    return DateEvidence(source="dateline", text=text, value=f"--{month:02d}-{day:02d}")


#: A dateline that names only the place the story was filed from: "NEW YORK (AP) —", "SUZU,
#: Japan (AP) —", "BALTIMORE --", "ISLAMABAD — (AP) —", "PARIS —": a place in capitals (then
#: perhaps a region), perhaps an agency in brackets, and a dash.
_PLACE_DATELINE = regex.compile(
    r"""^\s*\p{Lu}[\p{Lu}.'’-]+(?:[ /]\p{Lu}[\p{Lu}.'’-]+){0,3}(?:,\s*\p{Lu}[\p{L}.'’ -]{1,30}?)?
        \s*(?:\([^()\n]{1,40}\)\s*)?(?:--|[—–-])(?:\s*\([^()\n]{1,40}\)\s*(?:--|[—–-]))?\s*""",
    regex.VERBOSE,
)


def dateline_end(text: str) -> int:
    """Where a dateline that opens ``text`` ends (0 when there is none): a wire dateline
    ("Tokyo, Jan. 1 (Jiji Press)--") or a place dateline ("NEW YORK (AP) —"). Its place
    is where the story was filed from, which may not be where it happened."""
    wire = _WIRE_DATELINE.match(text)
    if wire and wire.end() < len(text):
        return wire.end()
    place = _PLACE_DATELINE.match(text)
    return place.end() if place and place.end() < len(text) else 0


def find_wire_dateline(lines: Sequence[str]) -> DateEvidence | None:
    """The first wire dateline among the first ``TOP_LINES`` paragraphs."""
    for line in lines[:TOP_LINES]:
        found = wire_dateline(line)
        if found is not None:
            return found
    return None
