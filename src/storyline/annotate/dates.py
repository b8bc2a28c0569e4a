"""Resolving temporal expressions to calendar dates.

The annotation stage hands this module the text of each temporal expression it
finds (spaCy's DATE and TIME entities, plus the spans ``find_time_expressions``
adds for what the small model misses) and the article's publication date. It
decides whether the expression names a calendar date, and which: an ISO string of
the expression's own granularity (``"2024"``, ``"2024-04"``, ``"2024-04-01"``).

Pure Python, no spaCy. A small layer of compiled rules handles the common news
phrasings ("on Saturday", "overnight", "Oct. 7", "last month", "five years ago")
and rejects durations and vague phrases ("recent months", "a seven-year-old");
dateparser handles the residue, and only when the phrase carries a date cue.

Relative expressions prefer the past: a bare weekday is the most recent such day
on or before the publication date (the same day counts), a month-day without a
year the most recent such day on or before it, a month without a year the most
recent such month not after the publication month.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

NO_BASE = "relative expression and no publication date"


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """What a temporal expression refers to.

    ``value`` is an ISO date of the expression's own granularity, or ``None`` when
    it names no date or cannot be resolved (``reason`` says why). ``relative`` is
    true when the value depends on the publication date ("on Monday", "April 1",
    "last month"), whether or not that date was known. ``kind`` is a short label
    for the form of the expression: ``"explicit"`` (a full date with its year),
    ``"weekday"``, ``"deictic"`` (today, yesterday, overnight ...),
    ``"month-day"``, ``"holiday"``, ``"range"``, ``"month"``, ``"year"``,
    ``"offset"`` (five years ago, last month), ``"parsed"`` (a relative day only
    dateparser understood), and, for expressions that name no
    date, ``"time"``, ``"duration"``, ``"age"``, ``"frequency"``, ``"week"``,
    ``"season"``, ``"decade"``, ``"century"``, ``"anaphoric"`` (the next day),
    ``"vague"`` or ``"unresolved"``.
    """

    value: str | None
    relative: bool
    kind: str
    reason: str | None = None


# --- vocabulary -------------------------------------------------------------------------------

_MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAY_NUMBERS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
# (month, day) of fixed-date holidays.
_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "boxing day": (12, 26), "new year's eve": (12, 31), "new years eve": (12, 31),
    "new year's day": (1, 1), "new years day": (1, 1), "new year's": (1, 1),
    "halloween": (10, 31), "valentine's day": (2, 14), "valentines day": (2, 14),
    "independence day": (7, 4), "fourth of july": (7, 4), "the fourth of july": (7, 4),
    "bastille day": (7, 14), "st. patrick's day": (3, 17), "st patrick's day": (3, 17),
}

# Longest alternatives first, so unanchored searches take the whole word.
_MONTH_ALT = (r"january|february|march|april|may|june|july|august|september|october|november|december"
              r"|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec")
_WEEKDAY_FULL = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAY_ALT = _WEEKDAY_FULL + r"|tues|weds|thurs|thur|mon|tue|wed|thu|fri|sat|sun"
_NUMBER_ALT = r"\d+|" + "|".join(
    sorted(_NUMBER_WORDS, key=len, reverse=True)
) + r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)"
_UNIT_ALT = (r"seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|decades?"
             r"|centur(?:y|ies)")
_PART_OF_DAY = r"morning|afternoon|evening|night|overnight"


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})\.?"


def _day(name: str) -> str:
    return rf"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?"


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}})"


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})$")


# A modifier that keeps a month's or a year's granularity: "early April", "the end of 2023".
_MODIFIER = (r"(?:(?:early|late|mid|earlier|later)-?\s*"
             r"|(?:the\s+)?(?:end|start|beginning|middle|turn|close|rest|remainder|course|spring|summer"
             r"|fall|autumn|winter|first\s+half|second\s+half|(?:first|second|third|fourth|last|final)\s+"
             r"(?:week|weekend|days|half|quarter|months?))\s+of\s+"
             r"|(?:spring|summer|fall|autumn|winter|fiscal|fy|the\s+year|year)\s+)")

# --- normalisation ----------------------------------------------------------------------------

_TRANSLATE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " ",
})
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")
_LEADING = re.compile(
    r"^(?:on|in|at|during|since|by|until|till|from|as\s+of|of|around|about|circa|approximately|the"
    r"|(?:the\s+)?(?:(?:early|small|wee)\s+)?hours\s+of|(?:the\s+)?(?:night|morning|evening|afternoon)\s+of)\s+"
)
_EDGE_PUNCTUATION = " .,;:!?\"'()[]{}-"


@lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    """Lower-case ``text``, unify quotes, dashes and spaces, and drop edge punctuation, a trailing
    possessive and leading prepositions ("on Saturday's" -> "saturday")."""
    norm = _SPACES.sub(" ", text.translate(_TRANSLATE).lower()).strip(_EDGE_PUNCTUATION)
    norm = _POSSESSIVE.sub("", norm).strip(_EDGE_PUNCTUATION)
    while (stripped := _LEADING.sub("", norm)) != norm:
        norm = stripped
    return norm


# --- times of day -----------------------------------------------------------------------------

_TIMEZONE = (r"(?:\s*(?:(?:gmt|utc)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[ecmp][sd]t|[ecmp]t|bst|cest|cet|eest|eet"
             r"|msk|ist|jst|aest|aedt|z|local(?:\s+time)?|[+-]\d{2}:?\d{2})\b)?")
_CLOCK = (r"(?:\d{1,2}(?::\d{2}){0,2}\s*(?:a\.?m\b\.?|p\.?m\b\.?)"
          r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:hrs?|h)\b)?"
          r"|\d{1,2}\s*o'?clock"
          r"|\d{4}\s*(?:gmt|utc|hrs|hours\s+gmt|z)\b"
          r"|noon|midday|midnight)")
_TIME = re.compile(rf"\b{_CLOCK}{_TIMEZONE}")
_TIME_FILLER = re.compile(
    r"^(?:[\s,;-]|\b(?:at|around|about|approximately|from|to|and|between|until|till|by|shortly|just|after"
    r"|before|on|of|local|time)\b)+|(?:[\s,;-]|\b(?:at|around|about|approximately|from|to|and|between"
    r"|until|till|by|shortly|just|after|before|on|of|local|time)\b)+$"
)
_PART_OF_DAY_ALONE = _full(
    r"(?:(?:early|late|mid|the)\s*-?\s*)?(?:morning|afternoon|evening|night|nighttime|night\s+time"
    r"|dawn|dusk|daybreak|sunrise|sunset|lunchtime|noon|midday|midnight|daytime)"
    r"|(?:the\s+)?(?:early|small|wee)\s+hours|(?:late\s+)?at\s+night"
)

# --- rules --------------------------------------------------------------------------------------

_ISO_DAY = _full(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:[t ]\d{1,2}:\d{2}\S*)?")
_ISO_MONTH = _full(r"(?P<y>\d{4})-(?P<m>\d{2})")
_NUMERIC_DAY = _full(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_NUMERIC_MONTH_DAY = _full(r"(?!24/7$)(?P<a>\d{1,2})/(?P<b>\d{1,2})")

_DEICTIC_WORDS: dict[str, tuple[int, int | None]] = {
    # phrase -> (days after the base, days between that day and publication for relative_window)
    "today": (0, 0), "tonight": (0, 0), "this morning": (0, 0), "this afternoon": (0, 0),
    "this evening": (0, 0), "earlier in the day": (0, 0), "later in the day": (0, 0),
    "earlier today": (0, 0), "later today": (0, 0), "earlier this morning": (0, 0),
    "earlier this afternoon": (0, 0), "earlier this evening": (0, 0), "today morning": (0, 0),
    "yesterday": (-1, 1), "overnight": (-1, 1), "last night": (-1, 1), "last evening": (-1, 1),
    "earlier yesterday": (-1, 1), "day before yesterday": (-2, 2),
    "tomorrow": (1, None), "tomorrow night": (1, None), "day after tomorrow": (2, None),
}
_DEICTIC = _full(
    r"(?:(?:early|late|earlier|later)\s+(?:on\s+)?)?"
    rf"(?P<word>{'|'.join(sorted((re.escape(w) for w in _DEICTIC_WORDS), key=len, reverse=True))})"
    rf"(?:\s+(?P<part>{_PART_OF_DAY}))?"
)
_WEEKDAY = _full(
    r"(?:(?:early|late|overnight|(?:late\s+)?(?:on\s+)?(?:the\s+)?night\s+of)\s+(?:on\s+)?)?"
    r"(?:(?P<rel>last|this\s+past|past|this\s+coming|coming|this|next)\s+)?"
    rf"(?P<weekday>{_WEEKDAY_ALT})\.?"
    rf"(?:\s+(?:{_PART_OF_DAY}))?"
)
_WEEKDAY_PLURAL = _full(rf"(?:every\s+)?(?:{_WEEKDAY_FULL})s")
_WEEKDAY_PREFIX = re.compile(rf"^(?:{_WEEKDAY_ALT})\.?,?\s+(?:the\s+)?(?=\d|{_MONTH_ALT})")
_MONTH_DAY = _full(rf"{_month('m')}\s*(?:the\s+)?{_day('d')}(?:(?:,\s*|\s+){_year('y')})?")
_DAY_MONTH = _full(rf"(?:the\s+)?{_day('d')}\s+(?:of\s+)?{_month('m')},?(?:\s+{_year('y')})?")
_MONTH_DAY_RANGE = _full(
    rf"{_month('m')}\s*{_day('d')}\s*(?:-|to|through|until|and)\s*{_day('d2')}(?:(?:,\s*|\s+){_year('y')})?"
)
_MONTH_YEAR = _full(rf"{_MODIFIER}?{_month('m')},?\s+(?:of\s+)?{_year('y')}")
_MONTH_ALONE = _full(
    rf"(?:(?P<rel>last|this\s+past|this|next|this\s+coming)\s+)?{_MODIFIER}?"
    rf"(?:(?P<rel2>last|this|next)\s+)?{_month('m')}"
)
_YEAR = _full(rf"{_MODIFIER}?{_year('y')}")
_DECADE = _full(r"(?:(?:early|mid|late)-?\s*)?(?:\d{2})?\d0'?s")
_CENTURY = _full(
    r"(?:(?:early|mid|late)-?\s*)?(?:\d{1,2}(?:st|nd|rd|th)|(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th))[\s-]century"
)
_YEAR_RANGE = _full(r"(?:between\s+)?\d{4}\s*(?:-|/|to|and|through|until)\s*(?:\d{4}|\d{2})")
_MONTH_RANGE = _full(
    rf"(?:between\s+)?{_month('m')}\s*(?:-|to|and|through|until)\s*{_month('m2')}(?:,?\s+{_year('y')})?"
)
_OFFSET = _full(
    r"(?:(?P<qualifier>about|around|some|roughly|nearly|almost|just|only|approximately|exactly|precisely"
    r"|more\s+than|over|less\s+than|under|at\s+least|at\s+most|barely|little\s+more\s+than)\s+)?"
    rf"(?P<count>{_NUMBER_ALT}|a\s+few|few|several|many|a\s+couple\s+of|couple\s+of|a\s+couple|some)?\s*"
    rf"(?P<unit>{_UNIT_ALT})\s+ago"
)
_CALENDAR_RELATIVE = _full(
    rf"(?P<modifier>{_MODIFIER})?(?:(?P<earlier>earlier|later|early|late)\s+)?"
    r"(?P<rel>last|this|next|this\s+past|the\s+past|past|the\s+previous|previous|the\s+coming|coming"
    r"|the\s+current|current|the\s+following|following|the\s+same|same|that|the)\s+(?P<unit>week|weekend|month|year)"
)
_FREQUENCY = _full(
    r"(?:24/7|daily|weekly|monthly|yearly|annually|annual|nightly|hourly|quarterly|fortnightly|biweekly"
    r"|every\s+.+|each\s+.+|once\s+a\s+.+|twice\s+a\s+.+|\w+\s+times\s+a\s+.+|per\s+.+"
    r"|.+\s+a\s+(?:day|week|month|year))"
)
_AGE = re.compile(r"\b(?:years?|months?|weeks?|days?)[\s-]+olds?\b|\baged?\s+\d|\bage\s+of\b")
_ANAPHORIC = re.compile(
    r"\b(?:(?:the\s+)?(?:day|night|week|month|year|morning|evening)\s+(?:before|after|earlier|later|prior)"
    r"|(?:the\s+)?(?:next|following|previous|prior|preceding|same|subsequent)\s+(?:day|night|morning|afternoon"
    r"|evening|week|weekend|month|year|days|weeks|months|years)"
    r"|(?:that|this)\s+(?:day|night|morning|afternoon|evening|time)|the\s+eve\b|eve\s+of"
    rf"|(?:{_UNIT_ALT})\s+(?:earlier|later|after|before|prior|afterwards?|on|into|since))\b"
)
_WEEK = _full(r"(?:earlier\s+|later\s+|early\s+|late\s+)?(?:this|last|next|past|the)?\s*(?:week|weekend)(?:end)?")
_SEASON = _full(
    r"(?:(?:early|late|mid|the)\s*-?\s*)?(?:(?:this|last|next|past|the)\s+)?(?:spring|summer|fall|autumn|winter)"
    r"(?:time)?"
)
_UNIT_WORD = re.compile(rf"\b(?:{_UNIT_ALT}|weekends?|quarters?)\b")
_DATE_CUE = re.compile(
    rf"\b(?:{_MONTH_ALT}|{_WEEKDAY_FULL}|ago|yesterday|today|tomorrow|tonight|last|next|this)\b"
    r"|\b\d{1,4}[/.-]\d{1,2}\b|\b\d{4}\b"
)
_FOUR_DIGIT_YEAR = re.compile(r"\b(\d{4})\b")
_WEEKDAY_WORD = re.compile(rf"\b({_WEEKDAY_FULL})\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_ALT})\b")
_NUMERIC = re.compile(r"\d{1,4}[/.-]\d{1,2}")

_FIND = re.compile(
    r"(?<![\w-])(?:"
    r"earlier\s+in\s+the\s+day|earlier\s+today|yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night"
    r"|overnight|today|tonight|this\s+(?:morning|afternoon|evening)"
    rf"|(?:last\s+)?(?:{_WEEKDAY_FULL})(?:\s+(?:morning|afternoon|evening|night))?"
    r")(?![\w-])",
    re.IGNORECASE,
)


# --- helpers ------------------------------------------------------------------------------------

def _number(word: str | None) -> int | None:
    """The value of a count in digits or English words ("5", "five", "twenty-one", "a"), or ``None``."""
    if word is None:
        return None
    word = _SPACES.sub(" ", word)
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, units = word.partition("-")
        if tens in _NUMBER_WORDS and units in _NUMBER_WORDS:
            return _NUMBER_WORDS[tens] + _NUMBER_WORDS[units]
        return None
    return _NUMBER_WORDS.get(word)


def _month_number(word: str) -> int:
    return _MONTH_NUMBERS[word.rstrip(".")]


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit(year: int, month: int, day: int) -> Resolution:
    found = _valid_day(year, month, day)
    if found is None:
        return Resolution(value=None, relative=False, kind="explicit",
                          reason=f"no such day: {year:04d}-{month:02d}-{day:02d}")
    return Resolution(value=found.isoformat(), relative=False, kind="explicit")


def _relative(kind: str, base: date | None, compute: Callable[[date], str | None]) -> Resolution:
    """A relative resolution: ``compute(base)`` when the base is known, else no value."""
    if base is None:
        return Resolution(value=None, relative=True, kind=kind, reason=NO_BASE)
    value = compute(base)
    return Resolution(value=value, relative=True, kind=kind,
                      reason=None if value is not None else "could not resolve the date")


def _none(kind: str, reason: str) -> Resolution:
    return Resolution(value=None, relative=False, kind=kind, reason=reason)


def _most_recent_day(base: date, month: int, day: int) -> str | None:
    """The latest ``month``-``day`` on or before ``base`` (29 February looks back up to 8 years)."""
    for year in range(base.year, base.year - 9, -1):
        found = _valid_day(year, month, day)
        if found is not None and found <= base:
            return found.isoformat()
    return None


def _month_day(month: int, day: int, year: str | None, base: date | None, kind: str = "month-day") -> Resolution:
    if year is not None:
        resolved = _explicit(int(year), month, day)
        return resolved if kind == "month-day" else Resolution(
            value=resolved.value, relative=False, kind=kind, reason=resolved.reason)
    if not 1 <= day <= 31 or _valid_day(2024, month, day) is None:
        return Resolution(value=None, relative=True, kind=kind, reason=f"no such day: month {month} day {day}")
    return _relative(kind, base, lambda b: _most_recent_day(b, month, day))


def _month_of(base: date, month: int, rel: str | None) -> str:
    """``month`` in the year that ``rel`` ("last", "this", "next" or none: prefer past) picks from ``base``."""
    if rel == "this":
        year = base.year
    elif rel in ("next", "this coming"):
        year = base.year if month > base.month else base.year + 1
    elif rel in ("last", "this past"):
        year = base.year if month < base.month else base.year - 1
    else:
        year = base.year if month <= base.month else base.year - 1
    return f"{year:04d}-{month:02d}"


def _weekday_day(base: date, weekday: int, rel: str | None) -> str:
    """The day named by a weekday: on or before ``base`` when bare, strictly before for "last",
    strictly after for "next"."""
    if rel in ("next", "this coming", "coming"):
        return (base + timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)).isoformat()
    back = (base.weekday() - weekday) % 7
    if rel in ("last", "this past", "past") and back == 0:
        back = 7
    return (base - timedelta(days=back)).isoformat()


def _rel_word(match: re.Match[str], group: str = "rel") -> str | None:
    rel = match.group(group)
    return _SPACES.sub(" ", rel) if rel else None


# --- dateparser ---------------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _parser(base: date) -> DateDataParser:
    """A dateparser parser for English that resolves relative phrases against ``base``, preferring
    the past; built on first use for each base (about 30 µs) and kept."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    })


def _dateparser(norm: str, base: date | None) -> Resolution:
    """The residue: dateparser's reading of ``norm``, at the granularity it reports."""
    years = _FOUR_DIGIT_YEAR.findall(norm)
    relative = not years
    if base is None:
        if relative:
            return Resolution(value=None, relative=True, kind="unresolved", reason=NO_BASE)
        anchor = date(int(years[0]), 12, 31)
    else:
        anchor = base
    data = _parser(anchor).get_date_data(norm)
    if data.date_obj is None:
        return Resolution(value=None, relative=relative, kind="unresolved", reason="could not resolve the date")
    day = data.date_obj.date()
    if data.period == "week":
        return Resolution(value=None, relative=relative, kind="week", reason="week granularity")
    if data.period == "year":
        value = f"{day.year:04d}"
    elif data.period == "month":
        value = f"{day.year:04d}-{day.month:02d}"
    else:
        value = day.isoformat()
    # dateparser sometimes answers with a coarser or a different day than the words say
    # ("Monday the 1st" -> January): keep only answers that agree with the words.
    weekdays = {_WEEKDAY_NUMBERS[word] for word in _WEEKDAY_WORD.findall(norm)}
    if (weekdays and (len(value) != 10 or day.weekday() not in weekdays)) or (
            len(value) == 7 and not _MONTH_WORD.search(norm) and not _NUMERIC.search(norm)) or (
            len(value) == 4 and not years):
        return Resolution(value=None, relative=relative, kind="unresolved", reason="could not resolve the date")
    kind = {10: "explicit" if not relative else "parsed", 7: "month", 4: "year"}[len(value)]
    return Resolution(value=value, relative=relative, kind=kind)


# --- resolution ---------------------------------------------------------------------------------

def _strip_time(norm: str) -> str:
    """``norm`` without clock times and the words that tie them in ("Tuesday at 4 p.m. EDT" -> "tuesday")."""
    if not _TIME.search(norm):
        return norm
    rest = _SPACES.sub(" ", _TIME.sub(" ", norm)).strip()
    rest = _TIME_FILLER.sub("", rest).strip(_EDGE_PUNCTUATION)
    return rest


def _resolve_offset(match: re.Match[str], base: date | None) -> Resolution:
    qualifier = match.group("qualifier")
    unit = match.group("unit").rstrip("s")
    count_word = match.group("count")
    count = 1 if count_word is None and unit in ("hour", "hr", "minute", "min", "second") else _number(count_word)
    if count is None:
        return _none("vague", f"an unspecified number of {unit}s ago")
    if qualifier and _SPACES.sub(" ", qualifier) in ("more than", "over", "less than", "under", "at least",
                                                      "at most", "little more than"):
        return _none("vague", "an open bound, not a date")
    if unit in ("week", "fortnight"):
        return Resolution(value=None, relative=True, kind="offset", reason="week granularity")
    if unit in ("decade", "century", "centurie"):
        return Resolution(value=None, relative=True, kind="offset", reason=f"{unit} granularity")
    if unit == "year":
        return _relative("offset", base, lambda b: f"{b.year - count:04d}")
    if unit == "month":
        return _relative("offset", base, lambda b: "%04d-%02d" % _shift_month(b.year, b.month, -count))
    days = {"day": count, "night": count, "hour": count // 24, "hr": count // 24}.get(unit, 0)
    return _relative("offset", base, lambda b: (b - timedelta(days=days)).isoformat())


def _resolve_calendar_relative(match: re.Match[str], base: date | None) -> Resolution:
    """"last month", "this year", "earlier this month", "the end of last year"."""
    rel = _SPACES.sub(" ", match.group("rel")).removeprefix("the ")
    unit = match.group("unit")
    if rel == "the":
        # "the end of the year" is this year's end; "the year" alone names nothing.
        rel = "this" if match.group("modifier") else "that"
    if rel in ("past", "coming", "current") and match.group("modifier") is None:
        if rel == "current":
            rel = "this"
        else:
            return _none("duration", "a duration, not a date")
    if rel in ("previous", "following", "same", "that", ""):
        return _none("anaphoric", "relative to another event, not to the publication date")
    if unit in ("week", "weekend"):
        return Resolution(value=None, relative=True, kind="week", reason="week granularity")
    shift = {"last": -1, "this past": -1, "this": 0, "next": 1}.get(rel)
    if shift is None:
        return _none("vague", "names no calendar date")
    if unit == "year":
        return _relative("offset", base, lambda b: f"{b.year + shift:04d}")
    return _relative("offset", base, lambda b: "%04d-%02d" % _shift_month(b.year, b.month, shift))


def _resolve_dated(norm: str, base: date | None) -> Resolution | None:
    """The rules for expressions with a month, a day or a year in them; ``None`` when none applies."""
    if match := _ISO_DAY.match(norm):
        return _explicit(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _ISO_MONTH.match(norm):
        month = int(match["m"])
        if 1 <= month <= 12:
            return Resolution(value=f"{match['y']}-{month:02d}", relative=False, kind="month")
    if match := _NUMERIC_DAY.match(norm):
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        # US order (month/day) unless the first number cannot be a month; dotted dates are day.month.
        month, day = (b, a) if a > 12 or (match["sep"] == "." and b <= 12) else (a, b)
        return _explicit(year, month, day)
    if match := _NUMERIC_MONTH_DAY.match(norm):
        a, b = int(match["a"]), int(match["b"])
        month, day = (b, a) if a > 12 else (a, b)
        if 1 <= month <= 12:
            return _month_day(month, day, None, base)
    if match := _MONTH_DAY.match(norm) or _DAY_MONTH.match(norm):
        return _month_day(_month_number(match["m"]), int(match["d"]), match["y"], base)
    if match := _MONTH_DAY_RANGE.match(norm):
        return _month_day(_month_number(match["m"]), int(match["d"]), match["y"], base, kind="range")
    if match := _MONTH_YEAR.match(norm):
        return Resolution(value=f"{match['y']}-{_month_number(match['m']):02d}", relative=False, kind="month")
    if match := _MONTH_ALONE.match(norm):
        month, rel = _month_number(match["m"]), _rel_word(match) or _rel_word(match, "rel2")
        return _relative("month", base, lambda b: _month_of(b, month, rel))
    if match := _YEAR.match(norm):
        return Resolution(value=match["y"], relative=False, kind="year")
    if norm in _HOLIDAYS:
        month, day = _HOLIDAYS[norm]
        return _month_day(month, day, None, base, kind="holiday")
    if (match := _WEEKDAY_PREFIX.match(norm)) and (rest := norm[match.end():]):
        resolved = _resolve_dated(rest, base)
        if resolved is not None and resolved.kind in ("explicit", "month-day", "range"):
            return resolved
    return None


def _resolve_undated(norm: str, base: date | None) -> Resolution | None:
    """The rules for relative and date-less expressions; ``None`` when none applies."""
    if match := _DEICTIC.match(norm):
        offset = _DEICTIC_WORDS[_SPACES.sub(" ", match["word"])][0]
        return _relative("deictic", base, lambda b: (b + timedelta(days=offset)).isoformat())
    if match := _WEEKDAY.match(norm):
        weekday, rel = _WEEKDAY_NUMBERS[match["weekday"]], _rel_word(match)
        return _relative("weekday", base, lambda b: _weekday_day(b, weekday, rel))
    if _WEEKDAY_PLURAL.match(norm) or _FREQUENCY.match(norm):
        return _none("frequency", "a frequency, not a date")
    if _DECADE.match(norm):
        return _none("decade", "a decade, not a date")
    if _CENTURY.match(norm):
        return _none("century", "a century, not a date")
    if _YEAR_RANGE.match(norm) or _MONTH_RANGE.match(norm):
        return _none("range", "a span of months or years, not one date")
    if match := _OFFSET.match(norm):
        return _resolve_offset(match, base)
    if _AGE.search(norm):
        return _none("age", "an age, not a date")
    if match := _CALENDAR_RELATIVE.match(norm):
        return _resolve_calendar_relative(match, base)
    if _ANAPHORIC.search(norm):
        return _none("anaphoric", "relative to another event, not to the publication date")
    if _WEEK.match(norm):
        return Resolution(value=None, relative=True, kind="week", reason="week granularity")
    if _SEASON.match(norm):
        return _none("season", "a season without a year")
    if _PART_OF_DAY_ALONE.match(norm):
        return _none("time", "a time of day, not a date")
    return None


@lru_cache(maxsize=65536)
def _resolve(norm: str, base: date | None) -> Resolution:
    if not norm:
        return _none("vague", "empty expression")
    if (iso := _ISO_DAY.match(norm)) is not None:
        return _explicit(int(iso["y"]), int(iso["m"]), int(iso["d"]))
    rest = _strip_time(norm)
    if rest != norm and not rest.strip("0123456789 "):
        return _none("time", "a time of day, not a date")
    if rest != norm:
        return _resolve(_normalise(rest), base)
    resolved = _resolve_dated(norm, base) or _resolve_undated(norm, base)
    if resolved is not None:
        return resolved
    if _UNIT_WORD.search(norm):
        return _none("duration", "a duration, not a date")
    if not _DATE_CUE.search(norm):
        return _none("vague", "names no calendar date")
    return _dateparser(norm, base)


def resolve_time_expression(text: str, base: date | None) -> Resolution:
    """Resolve a temporal expression against a publication date.

    Needs ``text``, the words of the expression as found in the article (a spaCy DATE
    or TIME entity, or a span from ``find_time_expressions``: "on Saturday", "Oct. 7,
    2023", "last month", "the hours after the strike"), and ``base``, the article's
    publication date, or ``None`` when it is unknown. Returns a ``Resolution``: the ISO
    date the expression names at its own granularity, whether it depends on ``base``,
    the form of the expression, and, when there is no value, why. Expressions that
    depend on the publication date have no value when ``base`` is ``None``.

    Results are cached on the normalised text and the base date.
    """
    if isinstance(base, datetime):
        base = base.date()
    return _resolve(_normalise(text), base)


def find_time_expressions(text: str) -> list[tuple[int, int]]:
    """Character spans of the relative time expressions that spaCy's small model often misses.

    Needs the article text. Returns ``(start, end)`` offsets, in order and not
    overlapping, of "overnight", "last night", "yesterday" (with an optional part of
    the day), "today", "tonight", "this morning/afternoon/evening", "earlier in the
    day", "earlier today", and weekdays, bare or with "last" before and a part of the
    day after ("Saturday", "last Friday", "Tuesday night"). Matching ignores case and
    never starts or ends inside a word.
    """
    return [match.span() for match in _FIND.finditer(text)]


def weekday_of(text: str) -> int | None:
    """The weekday (0 = Monday ... 6 = Sunday) of a bare weekday reference, or ``None``.

    Needs the expression's text. Bare references are a weekday alone or with a
    preposition, a part of the day or "last"/"next" ("Saturday", "on Saturday",
    "Saturday night", "last Saturday", "early Saturday"); a weekday that comes with a
    date ("Saturday, April 13") is not bare, the date says the day.
    """
    match = _WEEKDAY.match(_strip_time(_normalise(text)))
    return _WEEKDAY_NUMBERS[match["weekday"]] if match else None


def relative_window(text: str) -> int | None:
    """How many days before publication, at most, a relative expression's day can lie.

    Needs the expression's text. For an expression that names a day shortly before
    publication, returns the largest possible number of days between that day and the
    publication date: 6 for a bare weekday (on or before the publication day), 7 for
    "last <weekday>" (strictly before it), 1 for "yesterday", "overnight", "last
    night", 0 for "today", "this morning", "earlier in the day", N for "N days ago".
    Returns ``None`` for everything else (dates, durations, future days).
    """
    norm = _strip_time(_normalise(text))
    if match := _DEICTIC.match(norm):
        return _DEICTIC_WORDS[_SPACES.sub(" ", match["word"])][1]
    if match := _WEEKDAY.match(norm):
        rel = _rel_word(match)
        if rel in ("next", "this coming", "coming"):
            return None
        return 7 if rel in ("last", "this past", "past") else 6
    if (match := _OFFSET.match(norm)) and match["unit"].rstrip("s") in ("day", "night") and not match["qualifier"]:
        return _number(match["count"])
    return None
