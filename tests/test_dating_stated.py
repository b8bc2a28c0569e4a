"""Tests for storyline.dating.stated and dating.verdict: what the input states about the
publication date, and the decision among the statements."""

from datetime import date
from pathlib import Path

import pytest

from storyline.clean.boilerplate import split_paragraphs
from storyline.dating.stated import (
    dateline_evidence,
    numeric_readings,
    parse_date_text,
    parse_dateline,
    take_date_prefix,
    take_datelines,
    wire_dateline,
)
from storyline.dating.verdict import stated_verdict
from storyline.model import DateEvidence, Removal

DATA = Path(__file__).parent / "data" / "clean"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_dating_stated_date_prefix_fixture() -> None:
    text, day, removed = take_date_prefix(read("date_prefix.txt"))
    assert day == date(2023, 11, 8)
    assert text.startswith("The harbour ferry resumed")
    assert removed == (Removal(text="date 2023-11-08", rule="date-prefix"),)


@pytest.mark.parametrize(
    "text",
    ["The date 2023-11-08 was chosen.", "Update 2023-11-08 The ferry", "date2023-11-08 x"],
)
def test_dating_stated_no_date_prefix(text: str) -> None:
    assert take_date_prefix(text) == (text, None, ())


def test_dating_stated_date_prefix_with_impossible_date_leaves_body() -> None:
    text, day, removed = take_date_prefix("date 2023-13-45 The ferry resumed.")
    assert (text, day) == ("The ferry resumed.", None)
    assert removed[0].rule == "date-prefix"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Apr 1, 2024 - World", date(2024, 4, 1)),
        ("Tuesday, 16 April 2024 04:32 PM EDT", date(2024, 4, 16)),
        ("April 16, 2024 at 4:32 p.m.", date(2024, 4, 16)),
        ("Updated: 16.04.2024 14:02", date(2024, 4, 16)),
        ("Published March 3, 2023 10:20am EST", date(2023, 3, 3)),
        ("Nov. 8, 2023 | Local News", date(2023, 11, 8)),
        ("2023-11-08", date(2023, 11, 8)),
        ("Wed 8th November 2023", date(2023, 11, 8)),
        ("Last updated on November 8, 2023 at 09:15 UTC", date(2023, 11, 8)),
    ],
)
def test_dating_stated_datelines(line: str, expected: date) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The ferry resumed on April 16, 2024 after the storm.",
        "April 2024",
        "Since 2019 the council has met monthly.",
        "April 31, 2024",
        "Harbour ferry resumes after storm",
        "16 killed on April 1, 2024",
    ],
)
def test_dating_stated_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_dating_stated_datelines_fixture() -> None:
    lines, evidence, removed = take_datelines(split_paragraphs(read("dateline.txt")))
    assert evidence[0].value == "2023-11-08"  # in order: the first dateline first
    assert [r.rule for r in removed] == ["dateline", "dateline"]
    assert lines[0] == "Harbour ferry resumes after storm"
    assert len(lines) == 3


def test_dating_stated_dateline_only_near_the_top() -> None:
    lines = tuple(f"Paragraph {n} of the body text." for n in range(8)) + ("April 16, 2024",)
    assert take_datelines(lines) == (lines, (), ())


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-04-02", date(2024, 4, 2)), ("2024-04-02T23:10:00+02:00", date(2024, 4, 2)),
     ("Tue, 02 Apr 2024 10:00:00 GMT", date(2024, 4, 2)), ("soon", None), ("2024-02-30", None)],
)
def test_dating_stated_parse_date_text(value: str, expected: date | None) -> None:
    assert parse_date_text(value) == expected



@pytest.mark.parametrize(
    ("paragraph", "text", "value"),
    [
        ("Tokyo, Jan. 1 (Jiji Press)--A powerful earthquake rocked the region.", "Tokyo, Jan. 1 (Jiji Press)--", "--01-01"),
        ("Wajima, Ishikawa Pref., Jan. 3 (Jiji Press)--At least 73 people died.",
         "Wajima, Ishikawa Pref., Jan. 3 (Jiji Press)--", "--01-03"),
        ("JERUSALEM/TEHRAN, Oct. 2 (Xinhua) -- The army said", "JERUSALEM/TEHRAN, Oct. 2 (Xinhua) --", "--10-02"),
        ("April 19 (UPI) -- Explosions were heard.", "April 19 (UPI) --", "--04-19"),
        ("TOKYO, Jan 04 ( News On Japan ) - Records were released.", "TOKYO, Jan 04 ( News On Japan ) -", "--01-04"),
        ("YEREVAN, JANUARY 3, ARMENPRESS. A jet collided with a plane.", "YEREVAN, JANUARY 3, ARMENPRESS.", "--01-03"),
        ("Tuesday, October 01, 2024 - The army said", "Tuesday, October 01, 2024 -", "2024-10-01"),
        ("LIMA, 12 March 2023 (Reuters) - Floods hit the coast.", "LIMA, 12 March 2023 (Reuters) -", "2023-03-12"),
    ],
)
def test_dating_stated_wire_datelines(paragraph: str, text: str, value: str) -> None:
    found = wire_dateline(paragraph)
    assert (found.source, found.text, found.value) == ("dateline", text, value)
    assert paragraph.startswith(found.text)


@pytest.mark.parametrize(
    "paragraph",
    ["Tokyo, Jan. 1 was the day the quake struck.", "SUZU, Japan (AP) — His face was hidden.",
     "London: the prime minister conceded.", "On Jan. 3 (a Wednesday) rescuers arrived.",
     "Tokyo, Feb. 30 (Jiji Press)--An impossible day."],
)
def test_dating_stated_not_wire_datelines(paragraph: str) -> None:
    assert wire_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "source", "value"),
    [
        ("Update: 2023-10-07 17:30 IST", "updated", "2023-10-07"),
        ("Last modified: March 3, 2023", "updated", "2023-03-03"),
        ("Jun. 21 2023, Updated", "dateline", "2023-06-21"),
        ("2024.03.01 00:26Nation", "dateline", "2024-03-01"),
        ("Published 05 July 2024, 05:25 IST", "dateline", "2024-07-05"),
    ],
)
def test_dating_stated_dateline_evidence(line: str, source: str, value: str) -> None:
    found = dateline_evidence(line)
    assert (found.source, found.value, found.text) == (source, value, line)


def test_dating_stated_copyright_line_is_no_dateline() -> None:
    assert dateline_evidence("© 2024 Blaze Media LLC. All rights reserved.") is None


def test_dating_stated_numeric_readings() -> None:
    assert numeric_readings("2/04/2024") == (date(2024, 2, 4), date(2024, 4, 2))
    assert numeric_readings("25/04/2024") == (date(2024, 4, 25),)
    assert numeric_readings("16.04.2024") == ()


def evidence(source: str, value: str, text: str | None = None) -> DateEvidence:
    return DateEvidence(source=source, text=text or value, value=value)


def test_dating_verdict_dateline_beats_a_contradicting_crawl_prefix() -> None:
    day, source, marked = stated_verdict([evidence("prefix", "2024-01-01", "date 2024-01-01"),
                                          evidence("dateline", "--01-04", "TOKYO, Jan 04 ( News On Japan ) -")])
    assert (day, source) == (date(2024, 1, 4), "dateline")
    prefix, dateline = marked
    assert dateline.status == "used" and dateline.value == "2024-01-04" and "year 2024" in dateline.reason
    assert prefix.status == "contradicted" and "3 days before the dateline" in prefix.reason


def test_dating_verdict_yearless_dateline_takes_the_nearest_year() -> None:
    day, _, marked = stated_verdict([evidence("prefix", "2024-01-01"), evidence("dateline", "--12-31")])
    assert day == date(2023, 12, 31)
    assert [e.status for e in marked] == ["agrees", "used"]


def test_dating_verdict_metadata_is_strongest_and_agreement_is_a_day() -> None:
    day, source, marked = stated_verdict([evidence("prefix", "2024-04-17"), evidence("metadata", "2024-04-16"),
                                          evidence("dateline", "2024-03-01")])
    assert (day, source) == (date(2024, 4, 16), "metadata")
    assert [e.status for e in marked] == ["agrees", "used", "contradicted"]


def test_dating_verdict_a_later_update_is_no_contradiction() -> None:
    _, _, marked = stated_verdict([evidence("dateline", "2023-10-07"), evidence("updated", "2023-10-12")])
    assert marked[1].status == "unused" and "update 5 days after" in marked[1].reason


def test_dating_verdict_swappable_numeric_date_alone_is_not_used() -> None:
    day, source, marked = stated_verdict([evidence("dateline", "2024-02-04", "16:22 - 2/04/2024")])
    assert (day, source) == (None, None)
    assert "either way" in marked[0].reason


def test_dating_verdict_swappable_numeric_date_read_near_the_other_statements() -> None:
    day, source, marked = stated_verdict([evidence("prefix", "2024-04-02"),
                                          evidence("dateline", "2024-02-04", "16:22 - 2/04/2024")])
    assert (day, source) == (date(2024, 4, 2), "dateline")
    assert marked[1].value == "2024-04-02" and "nearer the other statements" in marked[1].reason
    assert marked[0].status == "agrees"


def test_dating_verdict_yearless_dateline_alone_waits() -> None:
    assert stated_verdict([evidence("dateline", "--06-30", "June 30 (UPI) --")])[:2] == (None, None)


def test_dating_stated_month_only_prefix_leaves_the_text_without_a_date() -> None:
    text, day, removed = take_date_prefix(" date 2024-10 Hurricane winds reached the coast.")
    assert (text, day) == ("Hurricane winds reached the coast.", None)
    assert removed[0].text == "date 2024-10"
