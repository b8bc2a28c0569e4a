"""Resolving temporal expressions to calendar dates and to TimeML TIMEX3 values.

The annotation stage hands this module the text of each temporal expression it
finds (spaCy's DATE and TIME entities, plus the spans ``find_timexes`` adds for
what the small model misses) and the article's publication date. It decides
whether the expression names a calendar date, and which: an ISO string of the
expression's own granularity (``"2024"``, ``"2024-04"``, ``"2024-04-01"``); and,
with ``timex_of``, the expression's TIMEX3 type and value as TempEval-3 scores
them (weeks, quarters, durations, sets, times, "now": see the TIMEX3 section).

Pure Python, no spaCy. A small layer of compiled rules handles the common news
phrasings ("on Saturday", "overnight", "Oct. 7", "last month", "five years ago")
and rejects durations and vague phrases ("recent months", "a seven-year-old");
dateparser handles the residue, and only when the phrase carries a date cue.

Relative expressions prefer the past: a bare weekday is the most recent such day
on or before the publication date (the same day counts), a month-day without a
year the most recent such day on or before it, a month without a year the most
recent such month not after the publication month. ``time_expression`` makes the
record the annotation stage keeps, where a month-day or month in a clause about the
future ("will vote on June 30") takes the coming one instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ..model import TimeExpression

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
#: "early Wednesday (June 21)": a weekday and its date in brackets, read as "wednesday, june 21";
#: a qualifier before a weekday that comes with a date says nothing the date does not.
_BRACKETED_DATE = re.compile(
    rf"^(?:(?:early|late|mid)\s+)?({_WEEKDAY_FULL})\s*[(,]?\s*((?:{_MONTH_ALT})\.?\s+\d{{1,2}})\)?$")


@lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    """Lower-case ``text``, unify quotes, dashes and spaces, and drop edge punctuation, a trailing
    possessive and leading prepositions ("on Saturday's" -> "saturday")."""
    norm = _SPACES.sub(" ", text.translate(_TRANSLATE).lower()).strip(_EDGE_PUNCTUATION)
    norm = _BRACKETED_DATE.sub(r"\1, \2", norm)
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
    r"|now|currently|recently|the\s+(?:near\s+|foreseeable\s+)?future|daily|every\s+day|the\s+weekend"
    r")(?![\w-])",
    re.IGNORECASE,
)

# The wider finder for TIMEX3s: dates, durations, sets and times that a small spaCy model
# misses on text unlike its training data. Month names must be capitalised ("may" is a verb).
_F_MONTH = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)")
_F_WEEKDAY = rf"(?:{_WEEKDAY_FULL})"
_F_YEAR = r"(?:1[6-9]\d\d|20[0-4]\d)(?![\d,.]\d|\s*(?:%|percent))"
_F_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_F_COUNT = (rf"(?:{_NUMBER_ALT}|a\s+couple\s+of|a\s+few|few|several|many|some|dozens\s+of|hundreds\s+of"
            r"|half\s+an?|\d+(?:\.\d+)?)(?:\s+and\s+a\s+half|\s+1/2)?")
_F_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?"
           r"|decades?|centur(?:y|ies))")
_F_UNIT_ONE = r"(?:week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
_F_REL = (r"(?:this|last|next|this\s+past|this\s+coming|the\s+past|the\s+last|the\s+next|the\s+coming"
          r"|the\s+previous|the\s+following|the\s+current|the\s+same|the\s+first|the\s+final)")
_F_APPROX = (r"(?:(?:about|nearly|almost|roughly|approximately|more\s+than|less\s+than|at\s+least|at\s+most"
             r"|up\s+to|over|some|another|an\s+additional)\s+)?")
_F_EDGE = r"(?:(?:early|mid|late|earlier|later)[\s-]+|the\s+(?:end|beginning|start|middle|rest)\s+of\s+)?"
_F_CLOCK = (r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}|noon|midnight)"
            rf"(?:{_TIMEZONE})")
_FIND_TIMEX = re.compile(
    r"(?<![\w$\u00a3\u20ac-])(?:"
    # dates with a day: "Friday, March 22, 2013", "22 March", "March 22"
    rf"(?:{_F_WEEKDAY},?\s+)?{_F_MONTH}\s+{_F_DAY}(?:,?\s+{_F_YEAR})?"
    rf"|{_F_DAY}\s+(?:of\s+)?{_F_MONTH}(?:,?\s+{_F_YEAR})?"
    # months and years: "early March 2011", "the end of 2012", "mid-2013", "fiscal 2012"
    rf"|{_F_EDGE}(?:(?:last|next|this)\s+)?{_F_MONTH}(?:,?\s+(?:of\s+)?{_F_YEAR})?"
    rf"|{_F_EDGE}(?:fiscal\s+|the\s+year\s+)?{_F_YEAR}(?!\s*(?:-|to)\s*\d)"
    # decades and centuries: "the 1990s", "the '80s", "the 20th century"
    r"|(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?:1[6-9]|20)\d0s|'\d0s)"
    r"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)[\s-]century"
    # calendar units counted from now: "last week", "earlier this month", "the past year"
    rf"|{_F_EDGE}{_F_REL}\s+{_F_UNIT_ONE}"
    r"|(?:the\s+)?(?:first|second|third|fourth)[\s-]quarter(?:\s+of\s+\d{4})?"
    r"|the\s+(?:latest\s+|current\s+|same\s+|comparable\s+|year[\s-](?:ago|earlier)\s+)?(?:fiscal\s+)?quarter"
    r"|the\s+(?:latest\s+|current\s+|full\s+)?(?:fiscal\s+)?year|the\s+week|year[\s-]end|year's\s+end"
    r"|the\s+end\s+of\s+the\s+(?:year|month|week)|the\s+(?:early\s+|late\s+)?(?:spring|summer|fall|autumn|winter)"
    r"|tomorrow|centuries|decades-long"
    r"|(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:the\s+year|\d{4}|this\s+year|last\s+year)"
    # offsets and durations: "two years ago", "the past three months", "a decade", "two-year"
    rf"|{_F_APPROX}{_F_COUNT}[\s-]+(?:more\s+|additional\s+|straight\s+|full\s+)?{_F_UNIT}(?:\s+ago)?"
    rf"|{_F_APPROX}(?:the\s+)?(?:past|last|next|first|coming|previous|following|final|recent)\s+"
    rf"(?:{_F_COUNT}\s+)?{_F_UNIT}"
    r"|(?:recent|coming)\s+(?:days|weeks|months|years|decades)"
    # sets: "every week", "each year", "weekly"
    rf"|(?:every|each)\s+(?:other\s+)?(?:{_F_UNIT}|{_F_WEEKDAY}|morning|afternoon|evening|night|season)"
    r"|weekly|monthly|annually|yearly|hourly|nightly|quarterly"
    # times: "3:30 p.m. EDT", "noon"
    rf"|{_F_CLOCK}"
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
    try:
        value = compute(base)
    except (OverflowError, ValueError):  # "10,000,000 days ago"
        value = None
    if value is not None and not ("0001" <= value[:4] <= "9999" and value[:4].isdigit()):
        # "7000 years ago" is before year 1: no calendar date to put on a timeline.
        return Resolution(value=None, relative=True, kind=kind, reason="before year 1 or after 9999")
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
            return _on_weekday(resolved, match.group().strip(" ,"), base)
    return None


def _on_weekday(resolved: Resolution, weekday_text: str, base: date | None) -> Resolution:
    """A month-day that comes with its weekday ("Sunday, June 30") is in the year, within one of
    the publication date's, in which that day is that weekday (nearest the publication date)."""
    weekday = _WEEKDAY_NUMBERS.get(weekday_text.rstrip("."))
    if resolved.kind != "month-day" or resolved.value is None or base is None or weekday is None:
        return resolved
    day = date.fromisoformat(resolved.value)
    if day.weekday() == weekday:
        return resolved
    matching = [found for year in (base.year - 1, base.year, base.year + 1)
                if (found := _valid_day(year, day.month, day.day)) is not None and found.weekday() == weekday]
    if not matching:
        return resolved
    nearest = min(matching, key=lambda found: abs((found - base).days))
    return Resolution(value=nearest.isoformat(), relative=True, kind="month-day")


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
    day", "earlier today", weekdays, bare or with "last" before and a part of the
    day after ("Saturday", "last Friday", "Tuesday night"), and "now", "currently",
    "recently", "the (near) future", "daily", "every day", "the weekend". Matching
    ignores case and never starts or ends inside a word.
    """
    return [match.span() for match in _FIND.finditer(text)]


def find_timexes(text: str) -> list[tuple[int, int]]:
    """Character spans of the wider set of TIMEX3 forms: dates ("March 22, 2013", "the
    1990s", "last week", "the third quarter"), offsets and durations ("two years ago",
    "the past three months", "a decade"), sets ("every week", "weekly") and clock times
    ("3:30 p.m. EDT"), together with ``find_time_expressions``'s, in order and not
    overlapping. Matching never starts or ends inside a word; month names must be
    capitalised ("may" is a verb).
    """
    spans = sorted(match.span() for pattern in (_FIND, _FIND_TIMEX) for match in pattern.finditer(text))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept


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


# --- TIMEX3 types and values ----------------------------------------------------------------------
#
# TimeML's TIMEX3, as annotated in TimeBank and TempEval-3, gives every temporal expression a
# type (DATE, TIME, DURATION or SET) and a value resolved against the document creation time:
# "2013-03-22", "2013-W11" (a week), "2013-W12-WE" (a weekend), "2013-Q1" (a quarter), "2013-H2"
# (a half year), "2013-SU" (a season), "199" (the 1990s), "19" (the 20th century), "2013-03-22TMO"
# (a part of a day), "2013-03-22T14:00", "P3D", "PT5H", "PXY" (years), "PRESENT_REF",
# "PAST_REF", "FUTURE_REF"; a SET's value is its period ("P1W") or a pattern ("XXXX-WXX-1",
# every Monday). ``timex_of`` computes them. The calendar date a timeline uses stays
# ``resolve_time_expression``'s: the two differ where TimeML reads a bare weekday or month
# by the clause's tense ("will meet on Monday" is the next Monday), or a phrase from another
# date of the text ("a year earlier").
#
# The rules were written against TimeBank and AQUAINT (TempEval-3's training data); the
# platinum test set is only measured (bench/tempeval3.py).

#: The tense of the clause an expression modifies: a bare weekday or month in a clause about
#: the future points forward from the publication date.
Direction = Literal["past", "future"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex:
    """A TIMEX3 type (``"DATE"``, ``"TIME"``, ``"DURATION"`` or ``"SET"``) and value."""

    type: str
    value: str


_X_DAY = "XXXX-XX-XX"
_PRESENT, _PAST, _FUTURE = "PRESENT_REF", "PAST_REF", "FUTURE_REF"

# unit -> (ISO 8601 designator, multiplier, a time-of-day unit?)
_TIMEX_UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "sec": ("S", 1, True), "minute": ("M", 1, True), "min": ("M", 1, True),
    "hour": ("H", 1, True), "hr": ("H", 1, True), "day": ("D", 1, False), "night": ("D", 1, False),
    "week": ("W", 1, False), "weekend": ("D", 2, False), "fortnight": ("W", 2, False),
    "month": ("M", 1, False), "quarter": ("Q", 1, False), "year": ("Y", 1, False),
    "decade": ("Y", 10, False), "century": ("Y", 100, False), "millennium": ("Y", 1000, False),
}
# An unspecified number of decades, centuries, millennia: "PXDE", "PXCE", "PXML".
_VAGUE_DESIGNATORS = {"decade": "DE", "century": "CE", "millennium": "ML"}
# A fraction of a unit goes into the next smaller one: 2 1/2 years = P2Y6M.
_SMALLER = {("Y", False): ("M", 12, False), ("M", False): ("D", 30, False), ("W", False): ("D", 7, False),
            ("D", False): ("H", 24, True), ("H", True): ("M", 60, True), ("M", True): ("S", 60, True)}
_REFERENCES: dict[str, str] = {
    "now": _PRESENT, "right now": _PRESENT, "just now": _PRESENT, "currently": _PRESENT, "current": _PRESENT,
    "present": _PRESENT, "the present": _PRESENT, "presently": _PRESENT, "nowadays": _PRESENT,
    "these days": _PRESENT, "the moment": _PRESENT, "the present time": _PRESENT, "present day": _PRESENT,
    "recently": _PAST, "recent": _PAST, "lately": _PAST, "previously": _PAST, "formerly": _PAST,
    "the past": _PAST, "past": _PAST, "once": _PAST, "earlier": _PAST, "the recent past": _PAST,
    "some time ago": _PAST, "a while ago": _PAST, "long ago": _PAST, "years ago": _PAST,
    "the future": _FUTURE, "future": _FUTURE, "soon": _FUTURE, "the near future": _FUTURE,
    "the foreseeable future": _FUTURE, "someday": _FUTURE, "one day": _FUTURE, "the long term": _FUTURE,
    "the long run": _FUTURE, "the short term": _FUTURE,
}
_SET_WORDS: dict[str, str] = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W",
    "monthly": "P1M", "bimonthly": "P2M", "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y",
    "semiannually": "P6M", "semi-annually": "P6M", "hourly": "PT1H", "24/7": "P1D",
}
_PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "mornings": "MO", "dawn": "MO", "daybreak": "MO", "sunrise": "MO",
    "afternoon": "AF", "afternoons": "AF", "mid-afternoon": "AF", "midafternoon": "AF", "lunchtime": "MI",
    "evening": "EV", "evenings": "EV", "dusk": "EV", "sunset": "EV", "night": "NI", "nights": "NI",
    "nighttime": "NI", "overnight": "NI", "tonight": "NI", "daytime": "DT",
}
_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_DECADE_NAMES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "twenty-first": 21}
_QUARTER_NUMBERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                    "final": 4}
_YEAR_WORDS = frozenset({
    "year-earlier", "year-ago", "a year earlier", "a year ago", "the year-earlier", "the year-ago", "the prior year",
    "the previous year", "prior-year", "the year before", "a year before"})

# --- TIMEX3 patterns ------------------------------------------------------------------------------

_TIMEX_UNIT_ALT = (r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weekends?|weeks?|fortnights?"
                   r"|months?|quarters?|years?|decades?|centur(?:y|ies)|millenni(?:um|a|ums)")
_COUNT_WORDS = (r"\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
                r"(?:one|two|three|four|five|six|seven|eight|nine)\b|" + "|".join(
                    sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|a\s+couple\s+of|couple\s+of|a\s+dozen|dozen")
_COUNT = rf"(?:{_COUNT_WORDS})(?:[\s-]+(?:and[\s-]+a[\s-]+half|1/2))?|half\s+an?|a\s+half|one[\s-]half"
_VAGUE_COUNT = r"a\s+few|few|several|some|many|a\s+number\s+of|numerous|dozens\s+of|hundreds\s+of|a\s+couple"
_PART_OF_DAY_ALT = "|".join(sorted((re.escape(word) for word in _PARTS_OF_DAY), key=len, reverse=True))

# What TIMEX3 extents leave out before an expression, and approximations whose value is the
# expression's own ("about a decade" is P10Y).
_TIMEX_LEADING = re.compile(
    r"^(?:on|in|at(?!\s+(?:least|most)\b)|during|since|by|until|till|from|as\s+of|of|for|through|throughout"
    r"|within|into|before|after|over\s+the|between|around|about|circa|approximately|roughly|nearly|almost"
    r"|some(?=\s+\d)|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
    r"|not\s+more\s+than|little\s+more\s+than|just|only|barely|well\s+over|over|under|another|an\s+additional"
    r"|additional|fully|a\s+full|the\s+better\s+part\s+of|a\s+good\s+part\s+of|much\s+of|most\s+of|all\s+of"
    r"|each\s+of|part\s+of|(?:the\s+)?(?:(?:early|small|wee)\s+)?hours\s+of)\s+"
)
_SET = _full(
    rf"(?:every|each|per|once\s+an?|twice\s+an?|(?:{_NUMBER_ALT})\s+times\s+an?)\s+"
    rf"(?:other\s+)?(?:(?P<count>{_COUNT})\s+)?(?P<rest>.+)"
)
_TIMEX_DURATION = _full(
    r"(?:(?P<determiner>the|these|those|its|their|his|her|our|that|this|a|an)\s+)?"
    r"(?:(?P<rel>past|last|next|coming|previous|prior|first|final|latest|following|initial|remaining|recent"
    r"|preceding|ensuing|subsequent|same|whole|entire|full|early|other|more)\s+)?"
    rf"(?:(?P<count>{_COUNT})(?:\s*(?:to|or|-)\s*(?:{_COUNT}))?[\s-]*|(?P<vague>{_VAGUE_COUNT})\s+)?"
    r"(?:(?:more|additional|further|straight|consecutive|full|long|short|trading|business|calendar|working"
    r"|fiscal|school|extra|[a-z]+-long)[\s-]+)?"
    rf"(?P<unit>{_TIMEX_UNIT_ALT})(?P<half>\s+and\s+a\s+half)?"
    r"(?:[\s-]+(?:or\s+so|or\s+more|or\s+longer|long|old|plus|running|in\s+a\s+row|straight|ahead|to\s+come"
    r"|in\s+between|since))?"
)
_TIMEX_OFFSET = _full(
    rf"(?P<count>{_COUNT}|{_VAGUE_COUNT})?\s*(?P<unit>{_TIMEX_UNIT_ALT})\s+(?:or\s+so\s+)?"
    r"(?P<dir>ago|earlier|before|back|later|after|from\s+now|hence)"
)
_TIMEX_WEEK = _full(
    r"(?:(?:the\s+)?(?:end|start|beginning|middle|rest|remainder|balance)\s+of\s+|(?:early|late|earlier|later"
    r"|mid)[\s-]+)?(?P<rel>this|last|next|the\s+last|the\s+past|the\s+previous|previous|the\s+coming"
    r"|the\s+following|the\s+current|current|the|this\s+past|this\s+coming|coming)\s+(?P<unit>week|weekend)"
)
_TIMEX_QUARTER = re.compile(
    r"(?:^|\s|-)(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|this|next"
    r"|previous|past|same|the|fiscal)[\s-]+)?(?:fiscal[\s-]+)?(?:quarter|q(?P<number>[1-4]))(?:$|\s|')"
)
_QUARTER_CUE = re.compile(r"quarter|\bq[1-4]\b")
_QUARTERS = re.compile(r"\bquarters\b")
_TIMEX_PERIOD = _full(r"(?:the\s+)?(?:(?P<year>\d{4})|latest|current|most\s+recent|same)\s+(?:fiscal\s+)?period")
_TIMEX_HALF = _full(
    r"(?:the\s+)?(?P<which>first|second|last|latter|back|front)[\s-]+half(?:\s+of\s+(?P<year>\d{4}|the\s+year"
    r"|this\s+year|last\s+year|next\s+year))?"
)
_TIMEX_SEASON = _full(
    r"(?:(?:the\s+)?(?:early|late|mid|end\s+of|start\s+of|beginning\s+of|middle\s+of)[\s-]*)?(?:the\s+)?"
    r"(?:(?P<rel>this|last|next|this\s+past|this\s+coming|past|coming|the)\s+)?(?:(?:early|late|mid)[\s-]*)?"
    r"(?P<season>spring|summer|fall|autumn|winter)(?:time)?(?:\s+(?:of\s+)?(?P<year>\d{4}))?"
)
_TIMEX_DECADE = _full(
    r"(?:the\s+)?(?:(?:early|mid|late|last\s+half\s+of\s+the|first\s+half\s+of\s+the)[\s-]*)?"
    rf"(?:(?P<century>\d{{2}})?(?P<tens>\d)0'?s|'(?P<short>\d)0s|(?P<name>{'|'.join(_DECADE_NAMES)}))"
)
_TIMEX_DECADE_RELATIVE = _full(r"(?:the\s+)?(?P<rel>this|last|past|next|previous|current)\s+decade")
_TIMEX_CENTURY = _full(
    r"(?:the\s+)?(?:(?:early|mid|late)[\s-]*)?(?:(?P<ordinal>\d{1,2})(?:st|nd|rd|th)|(?P<word>[a-z]+(?:-[a-z]+)?))"
    r"[\s-]century"
)
_TIMEX_CENTURY_RELATIVE = _full(r"(?:the\s+)?(?P<rel>this|last|next|current|past|previous)\s+century")
_YEAR_BEFORE = re.compile(r"\b(?:year[\s-]+(?:ago|earlier)|year-ago|year-earlier|last\s+year|previous\s+year"
                          r"|prior[\s-]+year|a\s+year\s+(?:ago|earlier|before))\b")
_YEAR_AFTER = re.compile(r"\b(?:next\s+year|following\s+year|coming\s+year)\b")
_YEAR_END = _full(r"(?:the\s+)?(?:fiscal\s+)?year(?:'s)?[\s-]*end|the\s+end\s+of\s+(?:the\s+)?year")
_THE_RELATIVE_YEAR = _full(
    r"the\s+(?P<rel>past|last|next|coming|previous|prior|latest|current|full|present)\s+(?:fiscal\s+|calendar\s+)?"
    r"(?P<unit>year|month)(?:\s+or\s+so)?"
)
_SPELLED_YEAR = _full(
    r"(?:(?:the\s+)?year\s+)?(?:(?P<century>nineteen|twenty)[\s-]+(?P<rest>[a-z]+(?:[\s-][a-z]+)?)"
    r"|two\s+thousand(?:\s+and\s+(?P<units>[a-z]+))?)"
)
_MONTH_RELATIVE_YEAR = _full(rf"{_month('m')},?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year")
_REL_WORD = re.compile(r"\b(?:last|this|next|past|coming)\b")
_EARLIER_LATER = re.compile(r"^(?:earlier|later)\s+(?:on\s+)?")
_CLOCK_VALUE = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2})?\s*(?P<ampm>a\.?m\b\.?|p\.?m\b\.?)?"
    r"|(?P<hhmm>\d{4})\s*(?:gmt|utc|hrs|hours|z)\b|(?P<named>noon|midday|midnight)"
)
_PART_OF_DAY_IN = re.compile(rf"\b(?:(?:early|late|mid)[\s-]*)?(?P<part>{_PART_OF_DAY_ALT})\b")
_TIMEZONE_WORDS = re.compile(rf"^{_TIMEZONE}|{_TIMEZONE}$")
_TIME_GLUE = re.compile(r"^(?:[\s,]|\b(?:at|on|of|in|the|about|around|approximately|shortly|just|after|before"
                        r"|local|time|by|early|late|later|earlier|this|until|till)\b)+|(?:[\s,]|\b(?:at|on|of|in"
                        r"|the|local|time|by)\b)+$")
_DAY_BEFORE_WORDS = frozenset({"last", "yesterday", "late last", "early last"})
_SAME_DAY_WORDS = frozenset({"this", "this early", "early this", "late this", "later this", "earlier this", "tonight",
                             "the", "today", "later today", "earlier today", "early today", "this same", "that"})

# --- TIMEX3 helpers -------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _timex_normalise(text: str) -> str:
    """Like ``_normalise``, but "the" stays (it tells "the past year" from "past"), and so do
    "at least" and "more than": TIMEX3 extents hold them."""
    norm = _SPACES.sub(" ", text.translate(_TRANSLATE).lower()).strip(_EDGE_PUNCTUATION)
    norm = _POSSESSIVE.sub("", norm).strip(_EDGE_PUNCTUATION)
    while (stripped := _TIMEX_LEADING.sub("", norm)) != norm:
        norm = stripped
    return norm


def _count(word: str) -> float | None:
    """The value of a count: "5", "five", "twenty-one", "a couple of", "2 1/2", "one and a half"."""
    word = _SPACES.sub(" ", word.replace("-", " ")).strip()
    half = 0.0
    for suffix in (" and a half", " 1/2"):
        if word.endswith(suffix):
            word, half = word[: -len(suffix)], 0.5
    if word in ("half a", "half an", "a half", "one half"):
        return 0.5
    if word in ("a couple of", "couple of"):
        return 2
    if word in ("a dozen", "dozen"):
        return 12
    try:
        return float(word) + half
    except ValueError:
        pass
    tens, _, units = word.partition(" ")
    if units and tens in _NUMBER_WORDS and units in _NUMBER_WORDS:
        return _NUMBER_WORDS[tens] + _NUMBER_WORDS[units] + half
    number = _NUMBER_WORDS.get(word)
    return None if number is None else number + half


def _unit(word: str) -> str:
    """The singular of a unit word: "centuries" -> "century", "hrs" -> "hr"."""
    if word.startswith("centur"):
        return "century"
    if word.startswith("millenni"):
        return "millennium"
    return word[:-1] if word.endswith("s") and word[:-1] in _TIMEX_UNITS else word


def _period(count: float | None, unit: str) -> str:
    """An ISO 8601 duration: ``(3, "day")`` -> ``"P3D"``, ``(2.5, "year")`` -> ``"P2Y6M"``,
    ``(None, "hour")`` -> ``"PTXH"``."""
    designator, multiplier, is_time = _TIMEX_UNITS[unit]
    prefix = "PT" if is_time else "P"
    if count is None:
        return f"{prefix}X{_VAGUE_DESIGNATORS.get(unit, designator)}"
    count *= multiplier
    whole = int(count)
    if count == whole:
        return f"{prefix}{whole}{designator}"
    smaller, factor, smaller_is_time = _SMALLER.get((designator, is_time), (designator, 1, is_time))
    rest = round((count - whole) * factor)
    head = f"{whole}{designator}" if whole else ""
    if smaller_is_time and not is_time:
        return f"P{head}T{rest}{smaller}"
    return f"{prefix}{head}{rest}{smaller}"


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _year_shift(norm: str) -> int:
    """-1 for words that name the year before ("year-ago", "last year"), 1 for the next one, else 0."""
    if _YEAR_BEFORE.search(norm):
        return -1
    if _YEAR_AFTER.search(norm):
        return 1
    return 0


def _spelled_year(match: re.Match[str]) -> int | None:
    """"nineteen ninety-six", "two thousand": transcripts spell years out."""
    if match["century"]:
        rest = _count(match["rest"])
        if rest is None or rest >= 100:
            return None
        return {"nineteen": 1900, "twenty": 2000}[match["century"]] + int(rest)
    units = _count(match["units"]) if match["units"] else 0
    return None if units is None else 2000 + int(units)


def _clock(match: re.Match[str]) -> str | None:
    """"HH:MM" of a clock time: "4 p.m." -> "16:00", "noon" -> "12:00"."""
    if match["named"]:
        return {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[match["named"]]
    if match["hhmm"]:
        hours, minutes = int(match["hhmm"][:2]), int(match["hhmm"][2:])
    else:
        hours, minutes = int(match["h"]), int(match["m"] or 0)
        ampm = (match["ampm"] or "").replace(".", "")
        if ampm == "pm" and hours < 12:
            hours += 12
        elif ampm == "am" and hours == 12:
            hours = 0
    if hours > 24 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def _forward(value: str, base: date) -> str:
    """A month or month-day before ``base`` moved to the next year."""
    if len(value) == 10 and value < base.isoformat():
        day = _valid_day(int(value[:4]) + 1, int(value[5:7]), int(value[8:10]))
        return day.isoformat() if day else value
    if len(value) == 7 and value < base.isoformat()[:7]:
        return f"{int(value[:4]) + 1:04d}{value[4:]}"
    return value


#: How far ahead of the publication date a month or a day without a year may lie when the
#: clause's tense does not say: "Nov. 16" in an article of 30 October is 16 November.
NEAREST_AHEAD_DAYS = 120


def _nearest(value: str, base: date) -> str:
    """The month or month-day nearer the publication date: ``value`` (on or before it) or the
    same a year later, when that is at most ``NEAREST_AHEAD_DAYS`` ahead."""
    later = _forward(value, base)
    if later == value:
        return value
    if len(value) == 10:
        ahead = (date.fromisoformat(later) - base).days
        back = (base - date.fromisoformat(value)).days
    else:
        this_month = base.year * 12 + base.month
        ahead = 30 * (int(later[:4]) * 12 + int(later[5:7]) - this_month)
        back = 30 * (this_month - int(value[:4]) * 12 - int(value[5:7]))
    return later if ahead < back and ahead <= NEAREST_AHEAD_DAYS else value


def _weekday_timex(base: date, weekday: int, rel: str | None, direction: Direction | None) -> str:
    """A weekday's day: as ``resolve_time_expression`` reads it, but on or after ``base`` when bare
    in a clause about the future."""
    if rel is None and direction == "future":
        return (base + timedelta(days=(weekday - base.weekday()) % 7)).isoformat()
    return _weekday_day(base, weekday, rel)


def _day_of(norm: str, base: date | None, direction: Direction | None) -> str | None:
    """The day a weekday, a deictic word or a date names (the publication date for nothing), or ``None``."""
    if not norm:
        return base.isoformat() if base else _X_DAY
    if (match := _WEEKDAY.match(norm)) and base is not None:
        return _weekday_timex(base, _WEEKDAY_NUMBERS[match["weekday"]], _rel_word(match), direction)
    resolution = _resolve(_normalise(norm), base)
    if resolution.value is not None and len(resolution.value) == 10:
        return resolution.value
    if base is None and resolution.relative and resolution.kind in ("weekday", "deictic", "month-day"):
        return _X_DAY
    return None


# --- TIMEX3 rules: each reads one form, or returns None -------------------------------------------

def _reference_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"now", "recently", "the future"."""
    value = _REFERENCES.get(norm)
    return Timex(type="DATE", value=value) if value else None


def _set_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"daily", "every week", "each Thursday", "Mondays", "twice a year"."""
    if value := _SET_WORDS.get(norm):
        return Timex(type="SET", value=value)
    if _WEEKDAY_PLURAL.match(norm):
        return Timex(type="SET", value=f"XXXX-WXX-{_WEEKDAY_NUMBERS[norm.split()[-1][:-1]] + 1}")
    match = _SET.match(norm)
    if match is None:
        return None
    rest = match["rest"]
    if rest in _TIMEX_UNITS:
        return Timex(type="SET", value=_period(_count(match["count"]) if match["count"] else 1, rest))
    if (weekday := _WEEKDAY_WORD.fullmatch(rest)) is not None:
        return Timex(type="SET", value=f"XXXX-WXX-{_WEEKDAY_NUMBERS[weekday[1]] + 1}")
    if rest in _MONTH_NUMBERS:
        return Timex(type="SET", value=f"XXXX-{_MONTH_NUMBERS[rest]:02d}")
    if rest in _PARTS_OF_DAY:
        return Timex(type="SET", value=f"XXXX-XX-XXT{_PARTS_OF_DAY[rest]}")
    if rest in _SEASON_CODES:
        return Timex(type="SET", value=f"XXXX-{_SEASON_CODES[rest]}")
    return None


def _decade_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"the 1990s" -> "199", "the '80s", "this decade", "the 20th century" -> "19", "this century"."""
    if match := _TIMEX_DECADE.match(norm):
        if match["name"]:
            return Timex(type="DATE", value=f"19{_DECADE_NAMES[match['name']]}")
        if match["short"]:
            return Timex(type="DATE", value=f"19{match['short']}")
        return Timex(type="DATE", value=f"{match['century'] or '19'}{match['tens']}")
    if match := _TIMEX_DECADE_RELATIVE.match(norm):
        if match["rel"] == "past" or (match["rel"] == "last" and norm.startswith("the")):
            return Timex(type="DURATION", value="P10Y")
        if base is None:
            return Timex(type="DATE", value="XXX")
        shift = {"last": -1, "previous": -1, "next": 1}.get(match["rel"], 0)
        return Timex(type="DATE", value=f"{base.year // 10 + shift:03d}")
    if match := _TIMEX_CENTURY_RELATIVE.match(norm):
        if match["rel"] == "past":
            return Timex(type="DURATION", value="P100Y")
        if base is None:
            return Timex(type="DATE", value="XX")
        shift = {"last": -1, "previous": -1, "next": 1}.get(match["rel"], 0)
        return Timex(type="DATE", value=f"{base.year // 100 + shift:02d}")
    if match := _TIMEX_CENTURY.match(norm):
        number = int(match["ordinal"]) if match["ordinal"] else _ORDINALS.get(match["word"] or "")
        return Timex(type="DATE", value=f"{number - 1:02d}") if number else None
    return None


def _quarter_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"the third quarter", "third-quarter", "Q3", "the fiscal first quarter", "the latest quarter"
    (the one a company last reported), "the current quarter", "the year-ago quarter"."""
    if match := _TIMEX_PERIOD.match(norm):
        # A company's "latest period" is the quarter it reports; "the 1988 period" is a year.
        if match["year"]:
            return Timex(type="DATE", value=match["year"])
        norm = norm.replace("period", "quarter")
    if not _QUARTER_CUE.search(norm):
        return None
    match = _TIMEX_QUARTER.search(norm)
    if match is None or (_QUARTERS.search(norm) and not match["number"]):
        return None
    years = _FOUR_DIGIT_YEAR.findall(norm)
    ordinal = match["ordinal"]
    number = int(match["number"]) if match["number"] else _QUARTER_NUMBERS.get(ordinal or "")
    if years:
        year = int(years[0])
    elif base is None:
        return Timex(type="DATE", value=f"XXXX-Q{number or 'X'}")
    else:
        year = base.year + _year_shift(norm)
    if number is None:
        if ordinal is None:
            return None  # "a quarter of voters"
        if base is None or years:
            return Timex(type="DATE", value=f"{year:04d}-QX")
        this_year, this_quarter = _quarter_of(base)
        if ordinal in ("current", "this"):
            number = this_quarter
        elif ordinal == "next":
            year, number = (this_year + 1, 1) if this_quarter == 4 else (this_year, this_quarter + 1)
        else:
            year, number = (this_year - 1, 4) if this_quarter == 1 else (this_year, this_quarter - 1)
            year += _year_shift(norm)
    return Timex(type="DATE", value=f"{year:04d}-Q{number}")


def _half_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"the first half", "the second half of 1989" -> "1989-H2"."""
    match = _TIMEX_HALF.match(norm)
    if match is None:
        return None
    half = 1 if match["which"] in ("first", "front") else 2
    if match["year"] and match["year"].isdigit():
        return Timex(type="DATE", value=f"{match['year']}-H{half}")
    if base is None:
        return Timex(type="DATE", value=f"XXXX-H{half}")
    return Timex(type="DATE", value=f"{base.year + _year_shift(match['year'] or ''):04d}-H{half}")


def _week_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"this week", "the last week", "next week", "the weekend" -> ISO weeks."""
    match = _TIMEX_WEEK.match(norm)
    if match is None:
        return None
    rel = _SPACES.sub(" ", match["rel"]).removeprefix("the ")
    weekend = "-WE" if match["unit"] == "weekend" else ""
    if base is None:
        return Timex(type="DATE", value=f"XXXX-WXX{weekend}")
    if rel in ("last", "past", "previous", "this past"):
        shift = -1
    elif rel in ("next", "coming", "following", "this coming"):
        shift = 1
    elif rel == "the" and weekend:
        # "the weekend": early in the week the one just past, later the coming one.
        shift = -1 if base.weekday() < 2 and direction != "future" else 0
    else:
        shift = 0
    return Timex(type="DATE", value=_week(base + timedelta(weeks=shift)) + weekend)


def _season_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"this summer" -> "2013-SU", "last fall", "the winter of 1994"."""
    match = _TIMEX_SEASON.match(norm)
    if match is None:
        return None
    code = _SEASON_CODES[match["season"]]
    if match["year"]:
        return Timex(type="DATE", value=f"{match['year']}-{code}")
    if base is None:
        return Timex(type="DATE", value=f"XXXX-{code}")
    rel = _SPACES.sub(" ", match["rel"] or "")
    year = base.year
    if rel in ("last", "past"):
        year -= 1
    elif rel in ("next", "coming", "this coming"):
        year += {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code] <= base.month
    return Timex(type="DATE", value=f"{year:04d}-{code}")


def _offset_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"five years ago" -> a year, "two weeks ago" -> a week, "three days later" -> a day."""
    match = _TIMEX_OFFSET.match(norm)
    if match is None:
        return None
    unit = _unit(match["unit"])
    backwards = match["dir"] in ("ago", "earlier", "before", "back")
    count = _count(match["count"]) if match["count"] else (1 if _TIMEX_UNITS[unit][2] else None)
    if count is None or base is None:
        return Timex(type="DATE", value=_PAST if backwards else _FUTURE)
    steps = -int(count) if backwards else int(count)
    if unit == "year":
        return Timex(type="DATE", value=f"{base.year + steps:04d}")
    if unit == "decade":
        return Timex(type="DATE", value=f"{(base.year + 10 * steps) // 10:03d}")
    if unit == "month":
        return Timex(type="DATE", value="%04d-%02d" % _shift_month(base.year, base.month, steps))
    if unit in ("week", "fortnight"):
        return Timex(type="DATE", value=_week(base + timedelta(weeks=steps * _TIMEX_UNITS[unit][1])))
    if unit == "quarter":
        index = base.year * 4 + _quarter_of(base)[1] - 1 + steps
        return Timex(type="DATE", value=f"{index // 4:04d}-Q{index % 4 + 1}")
    if unit in ("day", "night"):
        return Timex(type="DATE", value=(base + timedelta(days=steps)).isoformat())
    if unit in ("hour", "hr"):
        return Timex(type="DATE", value=(base + timedelta(days=int(steps / 24))).isoformat())
    return None


def _time_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """A clock time or a part of a day, on the day the rest of the expression names: "4 p.m."
    -> "2013-03-22T16:00", "Friday morning" -> "2013-03-22TMO", "last night" -> "...TNI"."""
    if match := _TIME.search(norm):
        clock = _CLOCK_VALUE.match(match.group(0))
        value = _clock(clock) if clock else None
        if value is None:
            return None
        rest = _TIME_GLUE.sub("", _SPACES.sub(" ", f"{norm[:match.start()]} {norm[match.end():]}").strip())
        rest = _TIMEZONE_WORDS.sub("", rest).strip(_EDGE_PUNCTUATION)
        rest = _TIME_GLUE.sub("", _PART_OF_DAY_IN.sub("", rest).strip(_EDGE_PUNCTUATION))
        return Timex(type="TIME", value=f"{_day_of(rest, base, direction) or _X_DAY}T{value}")
    match = _PART_OF_DAY_IN.search(norm)
    if match is None:
        return None
    rest = _TIME_GLUE.sub("", _SPACES.sub(" ", f"{norm[:match.start()]} {norm[match.end():]}").strip())
    rest = rest.strip(_EDGE_PUNCTUATION)
    if base is not None and ((match["part"] == "overnight" and not rest) or rest in _DAY_BEFORE_WORDS):
        day = (base - timedelta(days=1)).isoformat()
    elif base is not None and rest in _SAME_DAY_WORDS:
        day = base.isoformat()
    elif base is not None and rest == "tomorrow":
        day = (base + timedelta(days=1)).isoformat()
    else:
        day = _day_of(rest, base, direction)
    return Timex(type="TIME", value=f"{day}T{_PARTS_OF_DAY[match['part']]}") if day else None


def _calendar_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """Days, months and years: "the past year", "June last year", "year-end", and what
    ``resolve_time_expression`` reads, with bare weekdays, months and month-days read forward
    in a clause about the future, and to the nearer year otherwise ("Jan. 14" in an article of
    7 January is 14 January)."""
    if match := _THE_RELATIVE_YEAR.match(norm):
        shift = {"past": -1, "last": -1, "previous": -1, "prior": -1, "latest": -1, "next": 1, "coming": 1}.get(
            match["rel"], 0)
        if base is None:
            return Timex(type="DATE", value="XXXX" if match["unit"] == "year" else "XXXX-XX")
        if match["unit"] == "year":
            return Timex(type="DATE", value=f"{base.year + shift:04d}")
        return Timex(type="DATE", value="%04d-%02d" % _shift_month(base.year, base.month, shift))
    if (match := _SPELLED_YEAR.match(norm)) and (year := _spelled_year(match)) is not None:
        return Timex(type="DATE", value=f"{year:04d}")
    if match := _MONTH_RELATIVE_YEAR.match(norm):
        month = _month_number(match["m"])
        if base is None:
            return Timex(type="DATE", value=f"XXXX-{month:02d}")
        return Timex(type="DATE", value=f"{base.year + {'last': -1, 'next': 1}.get(match['rel'], 0):04d}-{month:02d}")
    if _YEAR_END.match(norm):
        return Timex(type="DATE", value=f"{base.year:04d}" if base else "XXXX")
    if norm in _YEAR_WORDS:
        return Timex(type="DATE", value=f"{base.year - 1:04d}" if base else "XXXX")
    if match := _WEEKDAY.match(_EARLIER_LATER.sub("", _strip_time(_normalise(norm)))):
        if base is None:
            return Timex(type="DATE", value=_X_DAY)
        weekday = _WEEKDAY_NUMBERS[match["weekday"]]
        return Timex(type="DATE", value=_weekday_timex(base, weekday, _rel_word(match), direction))
    resolution = _resolve(_normalise(norm), base)
    if resolution.value is None:
        return Timex(type="DATE", value=_X_DAY) if resolution.reason == NO_BASE else None
    value = resolution.value
    if (resolution.kind in ("month-day", "month") and resolution.relative and base is not None
            and not _REL_WORD.search(norm)):
        value = _forward(value, base) if direction == "future" else _nearest(value, base)
    return Timex(type="DATE", value=value)


def _duration_timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    """"three days" -> "P3D", "the past two years", "two-year", "a decade" -> "P10Y",
    "recent months" -> "PXM", "2 1/2 hours" -> "PT2H30M", "the year" (a fiscal year) -> "P1Y"."""
    match = _TIMEX_DURATION.match(norm)
    if match is None:
        return None
    unit = _unit(match["unit"])
    plural = unit != match["unit"]
    if unit == "quarter" and match["determiner"] in (None, "a", "an") and match["rel"] is None:
        return None  # "a quarter of voters", "three-quarters": fractions
    half = 0.5 if match["half"] else 0
    if match["count"]:
        count = _count(match["count"])
        return Timex(type="DURATION", value=_period(count + half, unit)) if count is not None else None
    if match["vague"] or plural:
        return Timex(type="DURATION", value=_period(None, unit))
    if match["determiner"] in ("a", "an") or match["rel"] in (
            "past", "last", "previous", "prior", "coming", "next", "following", "whole", "entire", "full", "first",
            "same", "preceding", "ensuing", "subsequent"):
        return Timex(type="DURATION", value=_period(1 + half, unit))
    if match["determiner"] == "the" and unit == "year":
        return Timex(type="DURATION", value="P1Y")  # "the year ended Sept. 30": a fiscal year
    return None


_TIMEX_RULES = (
    _reference_timex, _set_timex, _decade_timex, _quarter_timex, _half_timex, _week_timex, _season_timex,
    _offset_timex, _time_timex, _calendar_timex, _duration_timex,
)


@lru_cache(maxsize=65536)
def _timex(norm: str, base: date | None, direction: Direction | None) -> Timex | None:
    if not norm or _AGE.search(norm):
        return None
    for rule in _TIMEX_RULES:
        if (found := rule(norm, base, direction)) is not None:
            return found
    return None


# --- anaphora: "a year earlier", "that day", "the following week" --------------------------------

_ANAPHORIC_UNITS = r"(?P<unit>day|night|week|month|year|quarter|period)"
_ANAPHORA: tuple[tuple[re.Pattern[str], int | None, bool], ...] = (
    # (pattern, shift in units (None: the count in the words, backwards), keep the reference's granularity?)
    (_full(rf"(?P<count>{_COUNT})\s+{_ANAPHORIC_UNITS}s?\s+(?:earlier|before|(?P<ago>ago))"), None, True),
    (_full(r"(?:the\s+)?(?:comparable\s+|corresponding\s+|same\s+)?(?P<unit>year)[\s-](?:earlier|ago)"
           r"(?:\s+(?:period|quarter|(?:first|second|third|fourth)\s+quarter|nine\s+months|months|results))?"),
     -1, True),
    (_full(r"(?:the\s+)?(?:comparable|corresponding|same)\s+(?:period|quarter)\s+(?:a\s+year\s+(?:earlier|ago)"
           r"|(?P<unit>last\s+year))"), -1, True),
    (_full(r"(?:(?:earlier|later|late|early)\s+)?(?:that|the\s+same|that\s+same)\s+" + _ANAPHORIC_UNITS), 0, False),
    (_full(r"the\s+(?:next|following|subsequent)\s+" + _ANAPHORIC_UNITS), 1, False),
    (_full(r"the\s+(?:previous|preceding|prior)\s+" + _ANAPHORIC_UNITS), -1, False),
    (_full(rf"the\s+{_ANAPHORIC_UNITS}\s+before"), -1, False),
    (_full(rf"the\s+{_ANAPHORIC_UNITS}\s+after"), 1, False),
)
_ANAPHORA_CUE = re.compile(r"\b(?:earlier|before|ago|that|same|next|following|subsequent|previous|preceding|prior"
                           r"|after|comparable|corresponding)\b")
_QUARTER_WORD = re.compile(r"\b(?:quarter|period)\b")
_REFERENCE = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|W(?P<w>\d{2})))?")
_GRANULARITIES = ("year", "quarter", "month", "week", "day")
_UNIT_GRANULARITY = {"year": "year", "quarter": "quarter", "period": "quarter", "month": "month", "week": "week",
                     "day": "day", "night": "day"}


def _anchor(reference: str) -> tuple[date, str] | None:
    """The first day of a TIMEX3 date value and its granularity: "1989-Q3" -> (1989-07-01, "quarter")."""
    match = _REFERENCE.match(reference)
    if match is None:
        return None
    year = int(match["y"])
    if match["d"]:
        day = _valid_day(year, int(match["m"]), int(match["d"]))
        return (day, "day") if day else None
    if match["m"]:
        return (date(year, int(match["m"]), 1), "month") if 1 <= int(match["m"]) <= 12 else None
    if match["q"]:
        return date(year, int(match["q"]) * 3 - 2, 1), "quarter"
    if match["w"]:
        return (date.fromisocalendar(year, int(match["w"]), 1), "week") if 1 <= int(match["w"]) <= 52 else None
    return date(year, 1, 1), "year"


def _shifted(reference: str, unit: str, shift: int, granularity: str | None) -> str | None:
    """The TIMEX3 date value ``shift`` units after ``reference`` (itself one), at ``granularity``
    (``None``: the reference's own): a year before "1989-Q3" is "1988-Q3". ``None`` when the
    reference is coarser than the granularity asked for."""
    anchored = _anchor(reference)
    if anchored is None:
        return None
    day, own = anchored
    granularity = granularity or own
    if _GRANULARITIES.index(granularity) > _GRANULARITIES.index(own) and (own, granularity) != ("month", "quarter"):
        return None
    if unit in ("day", "night"):
        day += timedelta(days=shift)
    elif unit == "week":
        day += timedelta(weeks=shift)
    else:
        months = {"year": 12, "quarter": 3, "period": 3, "month": 1}[unit] * shift
        year, month = _shift_month(day.year, day.month, months)
        day = _valid_day(year, month, day.day) or date(year, month, 28)
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "quarter":
        return "%04d-Q%d" % _quarter_of(day)
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return _week(day) if granularity == "week" else day.isoformat()


@lru_cache(maxsize=65536)
def _anaphoric_timex(norm: str, reference: str) -> Timex | None:
    """"a year earlier", "that day", "the following week": a date counted from ``reference``, the
    TIMEX3 value of the last date the text named before; ``None`` for other expressions."""
    if not _ANAPHORA_CUE.search(norm):
        return None
    for pattern, shift, keep in _ANAPHORA:
        if (match := pattern.match(norm)) is None:
            continue
        # "the same period a year earlier" names its unit in words the pattern does not capture.
        named = match["unit"] or "year"
        unit = "year" if named.endswith("year") else named
        if shift is None:
            count = _count(match["count"])
            if count is None or count != int(count):
                return None
            shift = -int(count)
            if match["ago"] and (shift != -1 or unit != "year" or "-Q" not in reference):
                # "five years ago" counts back from the publication date; only a company's
                # results "a year ago" are those of the same quarter a year before.
                return None
        granularity = "quarter" if _QUARTER_WORD.search(norm) else None if keep else _UNIT_GRANULARITY[unit]
        value = _shifted(reference, unit, shift, granularity)
        return Timex(type="DATE", value=value) if value else None
    return None


# --- public ----------------------------------------------------------------------------------------

def timex_of(text: str, base: date | None, direction: Direction | None = None,
             reference: str | None = None) -> Timex | None:
    """The TIMEX3 type and value of a temporal expression, or ``None`` when it is no TIMEX3.

    Needs the expression's words as found in the text ("the last week", "a decade",
    "Friday"), the publication date (``None`` when unknown: relative values then have ``X``
    placeholders, "XXXX-XX-XX") and, when known, the tense of the clause it modifies
    (``"future"``: a bare weekday or month points forward from the publication date) and
    ``reference``, the TIMEX3 value of the last date the text named before it, which "a year
    earlier" or "that day" count from. ``None`` is returned for what TimeML does not annotate
    (ages: "a seven-year-old") and for phrases no rule reads.

    Results are cached on the normalised text, the date, the tense and the reference.
    """
    if isinstance(base, datetime):
        base = base.date()
    norm = _timex_normalise(text)
    if reference is not None and (found := _anaphoric_timex(norm, reference)) is not None:
        return found
    return _timex(norm, base, direction)


def is_anaphoric(text: str) -> bool:
    """Whether a time expression counts from another date of the text ("a year earlier", "that
    day", "the following week") rather than from the publication date."""
    norm = _timex_normalise(text)
    return bool(_ANAPHORA_CUE.search(norm)) and any(pattern.match(norm) for pattern, _, _ in _ANAPHORA)


# --- time expressions as records -------------------------------------------------------------------

def time_expression(text: str, start: int, end: int, sentence: int, published: date | None,
                    clause_terms: tuple[str, ...], direction: Direction | None = None,
                    reference: str | None = None, *, anchor: str = "published") -> TimeExpression:
    """A ``TimeExpression`` resolved against the publication date (when known), with its TIMEX3
    type and value; ``direction`` is the tense of the clause it modifies and ``reference`` the
    TIMEX3 value of the last date before it, which "that day" or "a year earlier" refer to.
    ``anchor`` names what ``published`` is, for a relative value ("published", or "inferred"
    for a day the dating decided). A month or month-day without a year in a clause about the
    future is the coming one ("the vote will take place on June 30"), as its TIMEX3 says;
    otherwise, and for a bare weekday, the most recent one (see ``resolve_time_expression``)."""
    resolution = resolve_time_expression(text, published)
    value_anchor = None
    if resolution.value is not None:
        value_anchor = anchor if resolution.relative else "absolute"
    timex = timex_of(text, published, direction, reference)
    value = resolution.value
    if direction == "future" and value is not None and resolution.kind in _FORWARD_KINDS and timex is not None \
            and len(timex.value) == len(value) and timex.value > value:
        value = timex.value  # "will vote on June 30": the coming one
    return TimeExpression(start=start, end=end, text=text, sentence=sentence, value=value,
                          relative=resolution.relative, anchor=value_anchor, kind=resolution.kind,
                          clause_terms=clause_terms, timex_type=timex.type if timex else None,
                          timex=timex.value if timex else None, tense=direction)


#: Kinds of expression whose day a clause about the future moves forward (``time_expression``).
#: Not bare weekdays: on Timeline17, "will meet on Monday" read as the coming Monday cost Date-F1
#: (the tense is misread more often for a weekday than the month-day of a scheduled vote).
_FORWARD_KINDS = frozenset({"month-day", "month"})


def next_reference(time: TimeExpression, reference: str | None) -> str | None:
    """The TIMEX3 value that "a year earlier" counts from after ``time``: its own, when it names
    a date or time of its own, else ``reference`` still."""
    if time.timex_type in ("DATE", "TIME") and time.timex[:4].isdigit() and not is_anaphoric(time.text):
        return time.timex
    return reference


def rebase(times: Sequence[TimeExpression], published: date | None, *,
           anchor: str = "published") -> tuple[TimeExpression, ...]:
    """``times`` resolved again against another publication date (``None``: unknown), as the
    annotation stage would have resolved them against it; absolute ones are unchanged."""
    rebased = []
    reference = None
    for time in times:
        new = time_expression(time.text, time.start, time.end, time.sentence, published, time.clause_terms,
                              time.tense, reference, anchor=anchor)
        reference = next_reference(new, reference)
        rebased.append(new)
    return decide_numeric_order(rebased, published)


#: A numeric date read the other way round is taken when it is within this many days of the
#: publication date and the American reading is not.
NUMERIC_NEAR_DAYS = 60


def _numeric_readings(text: str) -> tuple[int, int, int] | None:
    """(first, second, year) of a slashed or dotted numeric date, or ``None``."""
    match = _NUMERIC_DAY.match(_normalise(text))
    if not match:
        return None
    year = int(match["y"])
    return int(match["a"]), int(match["b"]), year + (2000 if year < 70 else 1900) if year < 100 else year


def decide_numeric_order(times: Sequence[TimeExpression], published: date | None) -> tuple[TimeExpression, ...]:
    """Numeric dates whose day and month can swap ("2/04/2024"), read the page's way.

    The page's way is that of its numeric dates that cannot swap ("25/04/2024" is day
    first, "04/25/2024" month first); without one, the reading within
    ``NUMERIC_NEAR_DAYS`` of the publication date when only one is; otherwise the date is
    left unresolved (``kind`` ``"ambiguous"``): 4 February or 2 April, nothing says."""
    orders = set()
    ambiguous = []
    for index, time in enumerate(times):
        parts = _numeric_readings(time.text)
        if parts is None:
            continue
        first, second, _ = parts
        if first > 12 >= second:
            orders.add("day-first")
        elif second > 12 >= first:
            orders.add("month-first")
        elif first != second and "." not in time.text:
            ambiguous.append(index)
    if not ambiguous:
        return tuple(times)
    decided = list(times)
    for index in ambiguous:
        time = times[index]
        first, second, year = _numeric_readings(time.text)
        readings = {"month-first": _valid_day(year, first, second), "day-first": _valid_day(year, second, first)}
        if len(orders) == 1:
            day = readings[next(iter(orders))]
        elif published is not None:
            near = [d for d in readings.values() if d is not None and abs((d - published).days) <= NUMERIC_NEAR_DAYS]
            day = near[0] if len(near) == 1 else None
        else:
            day = None
        if day is None:
            decided[index] = replace(time, value=None, anchor=None, kind="ambiguous")
        elif day.isoformat() != time.value:
            decided[index] = replace(time, value=day.isoformat(), anchor="absolute")
    return tuple(decided)
