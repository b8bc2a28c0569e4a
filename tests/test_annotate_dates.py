"""Tests for storyline.annotate.dates: resolving temporal expressions to calendar dates.

Base dates: 2024-04-16 and 2024-04-02 are Tuesdays, 2024-04-13 is a Saturday.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyline.dating.expressions import (
    NO_BASE,
    Resolution,
    find_time_expressions,
    relative_window,
    resolve_time_expression,
    weekday_of,
)

TUE_16 = date(2024, 4, 16)
TUE_02 = date(2024, 4, 2)
SAT_13 = date(2024, 4, 13)
SUN_14 = date(2024, 4, 14)
FRI_19 = date(2024, 4, 19)


def _value(text: str, base: date | None) -> str | None:
    return resolve_time_expression(text, base).value


# --- weekdays --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("on Monday", TUE_02, "2024-04-01"),
    ("Monday", TUE_16, "2024-04-15"),
    ("Saturday", TUE_16, "2024-04-13"),
    ("on Saturday", TUE_16, "2024-04-13"),
    ("Sunday", TUE_16, "2024-04-14"),
    ("Wednesday", TUE_16, "2024-04-10"),
    ("Tuesday night", TUE_16, "2024-04-16"),
    ("Sunday morning", TUE_16, "2024-04-14"),
    ("Saturday's", TUE_16, "2024-04-13"),
    ("late Friday", TUE_16, "2024-04-12"),
    ("early on Sunday", TUE_16, "2024-04-14"),
    ("the early hours of Sunday", TUE_16, "2024-04-14"),
    ("overnight Saturday", SUN_14, "2024-04-13"),
    ("Tues. night", TUE_16, "2024-04-16"),
    ("Tuesday at 4 p.m.", TUE_16, "2024-04-16"),
])
def test_annotate_dates_bare_weekday_is_latest_such_day_on_or_before_base(text, base, expected):
    resolution = resolve_time_expression(text, base)
    assert resolution == Resolution(value=expected, relative=True, kind="weekday")


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("Tuesday", TUE_16, "2024-04-16"),
    ("on Tuesday", TUE_16, "2024-04-16"),
    ("Saturday", SAT_13, "2024-04-13"),
])
def test_annotate_dates_bare_weekday_on_the_base_day_is_the_base_day(text, base, expected):
    assert _value(text, base) == expected


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("last Friday", TUE_16, "2024-04-12"),
    ("last Tuesday", TUE_16, "2024-04-09"),
    ("last Saturday", SAT_13, "2024-04-06"),
    ("this past Sunday", TUE_16, "2024-04-14"),
])
def test_annotate_dates_last_weekday_is_strictly_before_base(text, base, expected):
    assert _value(text, base) == expected


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("next Monday", TUE_16, "2024-04-22"),
    ("next Tuesday", TUE_16, "2024-04-23"),
])
def test_annotate_dates_next_weekday_is_strictly_after_base(text, base, expected):
    assert _value(text, base) == expected


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("Saturday, April 13", TUE_16, "2024-04-13"),
    ("Monday, April 1, 2024", None, "2024-04-01"),
    ("Friday 12 April", TUE_16, "2024-04-12"),
])
def test_annotate_dates_weekday_with_date_takes_the_date(text, base, expected):
    assert _value(text, base) == expected


# --- deictic words ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("overnight", SUN_14, "2024-04-13"),
    ("last night", TUE_16, "2024-04-15"),
    ("late last night", TUE_16, "2024-04-15"),
    ("yesterday", TUE_16, "2024-04-15"),
    ("yesterday afternoon", TUE_16, "2024-04-15"),
    ("today", TUE_16, "2024-04-16"),
    ("Today", TUE_16, "2024-04-16"),
    ("this morning", TUE_16, "2024-04-16"),
    ("this afternoon", TUE_16, "2024-04-16"),
    ("tonight", TUE_16, "2024-04-16"),
    ("earlier in the day", TUE_16, "2024-04-16"),
    ("earlier today", TUE_16, "2024-04-16"),
    ("the day before yesterday", TUE_16, "2024-04-14"),
    ("tomorrow", TUE_16, "2024-04-17"),
])
def test_annotate_dates_deictic_words_count_days_from_base(text, base, expected):
    assert resolve_time_expression(text, base) == Resolution(value=expected, relative=True, kind="deictic")


# --- month and day ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("Oct. 7", TUE_02, "2023-10-07"),
    ("October 7", FRI_19, "2023-10-07"),
    ("April 1st", SAT_13, "2024-04-01"),
    ("April 1", TUE_16, "2024-04-01"),
    ("Oct 7th", TUE_16, "2023-10-07"),
    ("7 October", TUE_16, "2023-10-07"),
    ("the 1st of April", TUE_16, "2024-04-01"),
    ("April the 1st", TUE_16, "2024-04-01"),
    ("Sept. 11", TUE_16, "2023-09-11"),
    ("Sep 11", TUE_16, "2023-09-11"),
    ("Jan. 1", TUE_16, "2024-01-01"),
    ("April 16", TUE_16, "2024-04-16"),
    ("April 17", TUE_16, "2023-04-17"),
    ("Feb. 29", TUE_16, "2024-02-29"),
    ("Feb. 29", date(2025, 3, 1), "2024-02-29"),
    ("the night of April 13", TUE_16, "2024-04-13"),
    ("4/1", TUE_16, "2024-04-01"),
])
def test_annotate_dates_month_day_without_year_is_latest_on_or_before_base(text, base, expected):
    assert resolve_time_expression(text, base) == Resolution(value=expected, relative=True, kind="month-day")


@pytest.mark.parametrize(("text", "expected"), [
    ("Oct. 7, 2023", "2023-10-07"),
    ("October 7, 2023", "2023-10-07"),
    ("Oct 7 2023", "2023-10-07"),
    ("7 October 2023", "2023-10-07"),
    ("7th of October, 2023", "2023-10-07"),
    ("Sept. 11, 2001", "2001-09-11"),
    ("March 31, 2023 at 4 p.m.", "2023-03-31"),
])
def test_annotate_dates_month_day_with_year_is_explicit(text, expected):
    assert resolve_time_expression(text, TUE_16) == Resolution(value=expected, relative=False, kind="explicit")
    assert resolve_time_expression(text, None) == Resolution(value=expected, relative=False, kind="explicit")


@pytest.mark.parametrize(("text", "base"), [("February 30", TUE_16), ("Feb 30, 2024", None), ("2024-13-01", None)])
def test_annotate_dates_impossible_day_has_no_value(text, base):
    resolution = resolve_time_expression(text, base)
    assert resolution.value is None
    assert resolution.reason is not None and "no such day" in resolution.reason


def test_annotate_dates_day_range_takes_its_first_day():
    assert resolve_time_expression("April 1-3", TUE_16) == Resolution(value="2024-04-01", relative=True, kind="range")


@pytest.mark.parametrize(("text", "expected"), [("Christmas", "2023-12-25"), ("New Year's Day", "2024-01-01")])
def test_annotate_dates_fixed_holiday_is_latest_on_or_before_base(text, expected):
    assert resolve_time_expression(text, TUE_16) == Resolution(value=expected, relative=True, kind="holiday")


# --- months and years ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("April", TUE_16, "2024-04"),
    ("in April", TUE_16, "2024-04"),
    ("early April", TUE_16, "2024-04"),
    ("mid-March", TUE_16, "2024-03"),
    ("late May", TUE_16, "2023-05"),
    ("December", TUE_16, "2023-12"),
    ("the end of April", TUE_16, "2024-04"),
    ("the first week of April", TUE_16, "2024-04"),
    ("last April", TUE_16, "2023-04"),
    ("last March", TUE_16, "2024-03"),
    ("next May", TUE_16, "2024-05"),
])
def test_annotate_dates_month_without_year_is_not_after_base_month(text, base, expected):
    assert resolve_time_expression(text, base) == Resolution(value=expected, relative=True, kind="month")


@pytest.mark.parametrize(("text", "expected"), [
    ("March 2011", "2011-03"),
    ("in March 2011", "2011-03"),
    ("March of 2011", "2011-03"),
    ("early March 2011", "2011-03"),
    ("2024-04", "2024-04"),
])
def test_annotate_dates_month_with_year_is_absolute(text, expected):
    assert resolve_time_expression(text, None) == Resolution(value=expected, relative=False, kind="month")


@pytest.mark.parametrize(("text", "expected"), [
    ("2020", "2020"),
    ("in 2008", "2008"),
    ("the end of 2023", "2023"),
    ("early 2020", "2020"),
    ("mid-2019", "2019"),
    ("the summer of 2014", "2014"),
    ("summer 2014", "2014"),
    ("fiscal 2023", "2023"),
    ("the year 2020", "2020"),
    ("2023's", "2023"),
])
def test_annotate_dates_year_is_absolute_at_year_granularity(text, expected):
    assert resolve_time_expression(text, TUE_16) == Resolution(value=expected, relative=False, kind="year")
    assert resolve_time_expression(text, None) == Resolution(value=expected, relative=False, kind="year")


# --- numeric dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2010-05-03", "2010-05-03"),
    ("2010-05-03T12:00:00Z", "2010-05-03"),
    ("03/05/2010", "2010-03-05"),
    ("13/05/2010", "2010-05-13"),
    ("3/5/10", "2010-03-05"),
    ("05.03.2010", "2010-03-05"),
])
def test_annotate_dates_numeric_date_is_explicit(text, expected):
    assert resolve_time_expression(text, None) == Resolution(value=expected, relative=False, kind="explicit")


# --- offsets and calendar-relative phrases ---------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("five years ago", TUE_16, "2019"),
    ("about five years ago", TUE_16, "2019"),
    ("2 years ago", TUE_16, "2022"),
    ("twenty-one years ago", TUE_16, "2003"),
    ("two days ago", TUE_16, "2024-04-14"),
    ("a month ago", TUE_16, "2024-03"),
    ("three months ago", date(2024, 1, 10), "2023-10"),
    ("48 hours ago", TUE_16, "2024-04-14"),
    ("hours ago", TUE_16, "2024-04-16"),
    ("last month", TUE_16, "2024-03"),
    ("last month", date(2024, 1, 5), "2023-12"),
    ("last year", TUE_16, "2023"),
    ("late last year", TUE_16, "2023"),
    ("this year", TUE_16, "2024"),
    ("earlier this month", TUE_16, "2024-04"),
    ("next month", TUE_16, "2024-05"),
    ("the end of the year", TUE_16, "2024"),
])
def test_annotate_dates_offset_resolves_at_its_own_granularity(text, base, expected):
    assert resolve_time_expression(text, base) == Resolution(value=expected, relative=True, kind="offset")


@pytest.mark.parametrize("text", ["last week", "this week", "next week", "two weeks ago", "the weekend",
                                  "earlier this week"])
def test_annotate_dates_week_granularity_has_no_value(text):
    resolution = resolve_time_expression(text, TUE_16)
    assert resolution.value is None
    assert resolution.relative is True
    assert resolution.reason == "week granularity"


@pytest.mark.parametrize("text", ["several days ago", "a few years ago", "more than five years ago"])
def test_annotate_dates_imprecise_offset_has_no_value(text):
    assert _value(text, TUE_16) is None


# --- no dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("months", "duration"),
    ("recent months", "duration"),
    ("decades", "duration"),
    ("minutes", "duration"),
    ("24 hours", "duration"),
    ("two-and-a-half-hour", "duration"),
    ("the past year", "duration"),
    ("a few minutes", "duration"),
    ("more than two decades", "duration"),
    ("the coming days", "duration"),
    ("the hours after the strike", "anaphoric"),
    ("the following day", "anaphoric"),
    ("the day before", "anaphoric"),
    ("a year earlier", "anaphoric"),
    ("that night", "anaphoric"),
    ("a seven-year-old", "age"),
    ("seven-year-old", "age"),
    ("the 1990s", "decade"),
    ("the early 2000s", "decade"),
    ("the 19th century", "century"),
    ("the summer", "season"),
    ("last summer", "season"),
    ("daily", "frequency"),
    ("weekly", "frequency"),
    ("on Saturdays", "frequency"),
    ("24/7", "frequency"),
    ("2010-2015", "range"),
    ("March and April", "range"),
    ("now", "vague"),
    ("Easter", "vague"),
])
def test_annotate_dates_duration_or_vague_phrase_is_not_a_date(text, kind):
    for base in (TUE_16, None):
        resolution = resolve_time_expression(text, base)
        assert resolution.value is None
        assert resolution.kind == kind
        assert resolution.reason


@pytest.mark.parametrize("text", ["04:32 PM EDT", "4 p.m.", "10:30", "midnight", "1600 GMT", "the morning", "dawn",
                                  "between 2 and 4 p.m."])
def test_annotate_dates_time_of_day_alone_has_no_date(text):
    resolution = resolve_time_expression(text, TUE_16)
    assert resolution.value is None
    assert resolution.kind == "time"


# --- unknown publication date ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Saturday", "weekday"),
    ("on Monday", "weekday"),
    ("overnight", "deictic"),
    ("yesterday", "deictic"),
    ("April 1", "month-day"),
    ("April", "month"),
    ("last month", "offset"),
    ("five years ago", "offset"),
])
def test_annotate_dates_relative_expression_without_base_has_no_value(text, kind):
    assert resolve_time_expression(text, None) == Resolution(value=None, relative=True, kind=kind, reason=NO_BASE)


def test_annotate_dates_explicit_date_without_base_resolves():
    assert resolve_time_expression("Oct. 7, 2023", None) == Resolution(value="2023-10-07", relative=False,
                                                                       kind="explicit")


def test_annotate_dates_accepts_a_datetime_base():
    assert _value("Saturday", datetime(2024, 4, 16, 18, 30)) == "2024-04-13"


# --- dateparser residue ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "base", "expected"), [
    ("1-Apr-2024", None, "2024-04-01"),
    ("2024, April 1", TUE_16, "2024-04-01"),
])
def test_annotate_dates_residue_goes_to_dateparser(text, base, expected):
    assert resolve_time_expression(text, base) == Resolution(value=expected, relative=False, kind="explicit")


def test_annotate_dates_dateparser_answer_that_contradicts_the_words_is_dropped():
    # dateparser reads "Monday the 1st" as January 2024
    assert _value("Monday the 1st", TUE_16) is None


# --- find_time_expressions -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("Iran launched drones overnight.", ["overnight"]),
    ("It happened last night, officials said yesterday.", ["last night", "yesterday"]),
    ("Talks resumed Tuesday night and again on Wednesday.", ["Tuesday night", "Wednesday"]),
    ("He spoke last Friday and this morning.", ["last Friday", "this morning"]),
    ("Earlier in the day, and earlier today, and tonight.", ["Earlier in the day", "earlier today", "tonight"]),
    ("The SATURDAY strike came yesterday morning.", ["SATURDAY", "yesterday morning"]),
    ("Today's vote", ["Today"]),
    ("It is now clear, and currently so, that recently it rose.", ["now", "currently", "recently"]),
    ("In the near future it trades daily, every day, and the weekend too.",
     ["the near future", "daily", "every day", "the weekend"]),
    ("Mondays, todays, Saturdayish, overnighter, pre-Sunday, nowhere, snow, dailyness", []),
])
def test_annotate_dates_find_time_expressions_spans(text, found):
    spans = find_time_expressions(text)
    assert [text[start:end] for start, end in spans] == found


def test_annotate_dates_find_time_expressions_offsets_index_the_text():
    text = "On Saturday, Iran struck. Overnight, Israel responded."
    assert find_time_expressions(text) == [(3, 11), (26, 35)]


# --- weekday_of and relative_window ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Saturday", 5),
    ("on Saturday", 5),
    ("Saturday night", 5),
    ("last Saturday", 5),
    ("Monday", 0),
    ("early Sunday", 6),
    ("Saturday, April 13", None),
    ("overnight", None),
    ("April 1", None),
    ("Saturdays", None),
])
def test_annotate_dates_weekday_of(text, expected):
    assert weekday_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Saturday", 6),
    ("on Monday", 6),
    ("Tuesday night", 6),
    ("last Friday", 7),
    ("yesterday", 1),
    ("overnight", 1),
    ("last night", 1),
    ("today", 0),
    ("this morning", 0),
    ("earlier in the day", 0),
    ("two days ago", 2),
    ("next Monday", None),
    ("tomorrow", None),
    ("April 1", None),
    ("last month", None),
    ("months", None),
])
def test_annotate_dates_relative_window(text, expected):
    assert relative_window(text) == expected


# --- caching -------------------------------------------------------------------------------------

def test_annotate_dates_same_expression_resolves_the_same_each_time():
    first = resolve_time_expression("  on   Saturday ", TUE_16)
    assert resolve_time_expression("on Saturday", TUE_16) is first


def test_annotate_dates_cache_keys_on_the_base():
    assert _value("Saturday", TUE_16) == "2024-04-13"
    assert _value("Saturday", date(2024, 4, 23)) == "2024-04-20"


@pytest.mark.parametrize("text", ["7000 years ago", "3000000 months ago", "10000000 days ago"])
def test_offsets_beyond_the_calendar_stay_unresolved(text) -> None:
    # Timeline17's Egypt topic has "REMEMBER WHAT OUR PHARAOH DID TO YOU 7000 YEARS AGO".
    resolution = resolve_time_expression(text, date(2011, 1, 31))
    assert resolution.value is None and resolution.relative
