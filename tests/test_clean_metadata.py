from datetime import date
from pathlib import Path

import pytest

from storyline.clean.boilerplate import split_paragraphs
from storyline.clean.metadata import (
    looks_like_headline,
    parse_byline,
    parse_date_text,
    parse_dateline,
    take_author_bio,
    take_byline,
    take_date_prefix,
    take_datelines,
    take_title,
)
from storyline.model import Removal

DATA = Path(__file__).parent / "data" / "clean"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_clean_metadata_date_prefix_fixture() -> None:
    text, day, removed = take_date_prefix(read("date_prefix.txt"))
    assert day == date(2023, 11, 8)
    assert text.startswith("The harbour ferry resumed")
    assert removed == (Removal(text="date 2023-11-08", rule="date-prefix"),)


@pytest.mark.parametrize(
    "text",
    ["The date 2023-11-08 was chosen.", "Update 2023-11-08 The ferry", "date2023-11-08 x"],
)
def test_clean_metadata_no_date_prefix(text: str) -> None:
    assert take_date_prefix(text) == (text, None, ())


def test_clean_metadata_date_prefix_with_impossible_date_leaves_body() -> None:
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
def test_clean_metadata_datelines(line: str, expected: date) -> None:
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
def test_clean_metadata_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_clean_metadata_datelines_fixture() -> None:
    taken = take_datelines(split_paragraphs(read("dateline.txt")))
    assert taken.value == date(2023, 11, 8)  # the first dateline wins
    assert [r.rule for r in taken.removed] == ["dateline", "dateline"]
    assert taken.lines[0] == "Harbour ferry resumes after storm"
    assert len(taken.lines) == 3


def test_clean_metadata_dateline_only_near_the_top() -> None:
    lines = tuple(f"Paragraph {n} of the body text." for n in range(8)) + ("April 16, 2024",)
    taken = take_datelines(lines)
    assert taken.value is None and taken.lines == lines


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-04-02", date(2024, 4, 2)), ("2024-04-02T23:10:00+02:00", date(2024, 4, 2)),
     ("Tue, 02 Apr 2024 10:00:00 GMT", date(2024, 4, 2)), ("soon", None), ("2024-02-30", None)],
)
def test_clean_metadata_parse_date_text(value: str, expected: date | None) -> None:
    assert parse_date_text(value) == expected


@pytest.mark.parametrize(
    "line",
    [
        'U.S. tells Iran it "had no involvement" in Israel strike',
        "US Informs Israel: No Participation in Retaliatory Strikes Against Iran",
        "Is the pier safe?",
        "Mayor: “We heard the town”",
        "Ferry fares to rise in the U.S.",
        "Storm hits harbour!",
    ],
)
def test_clean_metadata_headlines(line: str) -> None:
    assert looks_like_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "The harbour ferry resumed its full timetable on Wednesday morning.",
        'The mayor said: "We heard the town."',
        "Here is what we know:",
        "the ferry resumed",
        "Pier",
        " ".join(["word"] * 26),
        "Leave a Comment",
        "By Jane Doe",
        "Apr 1, 2024 - World",
    ],
)
def test_clean_metadata_not_headlines(line: str) -> None:
    assert not looks_like_headline(line)


def test_clean_metadata_title_from_first_line() -> None:
    taken = take_title(("Ferry fares to rise", "The operator will raise fares."), None)
    assert taken.value == "Ferry fares to rise"
    assert taken.lines == ("The operator will raise fares.",)
    assert taken.removed == (Removal(text="Ferry fares to rise", rule="title"),)


def test_clean_metadata_no_title_is_invented() -> None:
    lines = split_paragraphs(read("sentence_first.txt"))
    assert take_title(lines, None).value is None
    assert take_title(("Ferry fares to rise",), None).value is None  # nothing follows it


def test_clean_metadata_given_title_removes_matching_first_line() -> None:
    lines = ("Ferry Fares to Rise ", "The operator will raise fares.")
    taken = take_title(lines, "Ferry fares to rise")
    assert taken.value == "Ferry fares to rise"
    assert taken.lines == ("The operator will raise fares.",)


def test_clean_metadata_given_title_keeps_other_first_line() -> None:
    lines = ("Ports news roundup", "The operator will raise fares.")
    taken = take_title(lines, "Ferry fares to rise")
    assert (taken.value, taken.lines, taken.removed) == ("Ferry fares to rise", lines, ())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe"),
        ("By Jane Doe, John Roe and Ann Lee | Coastal Press", "Jane Doe, John Roe and Ann Lee"),
        ("BY JANE DOE", "Jane Doe"),
        ("By: Maria de Souza", "Maria de Souza"),
        ("By Tuesday, the ferry was running again.", None),
        ("By the end of the day the pier was closed.", None),
        ("Jane Doe", None),
    ],
)
def test_clean_metadata_bylines(line: str, expected: str | None) -> None:
    assert parse_byline(line) == expected


def test_clean_metadata_byline_fixture() -> None:
    taken = take_byline(split_paragraphs(read("byline.txt")))
    assert taken.value == "Jane Doe and John Roe"
    assert taken.removed == (Removal(text="By Jane Doe and John Roe, Coastal Press", rule="byline"),)
    assert taken.lines[0] == "Council approves harbour budget"


def test_clean_metadata_author_bio_pair_fixture() -> None:
    taken = take_author_bio(split_paragraphs(read("author_bio.txt")))
    assert taken.value == "Maria de Souza Jr."
    assert [r.rule for r in taken.removed] == ["author-bio", "author-bio"]
    assert taken.lines[-1] == "Members said the pier would be rebuilt by summer."


def test_clean_metadata_author_bio_pair_with_roman_suffix() -> None:
    lines = ("Body text here.", "More body text.", "James Morley III",
             "James Morley III is a writer with more than two decades of experience.")
    taken = take_author_bio(lines)
    assert taken.value == "James Morley III"
    assert taken.lines == ("Body text here.", "More body text.")


def test_clean_metadata_lone_author_bio_fixture() -> None:
    taken = take_author_bio(split_paragraphs(read("lone_bio.txt")))
    assert taken.value == "Jane Doe"
    assert taken.removed == (
        Removal(text="Jane Doe is a reporter for the Coastal Press based in Portsmouth.", rule="author-bio"),
    )


def test_clean_metadata_closing_sentence_about_a_person_is_no_bio() -> None:
    lines = split_paragraphs(read("closing_person.txt"))
    taken = take_author_bio(lines)
    assert (taken.value, taken.lines, taken.removed) == (None, lines, ())


def test_clean_metadata_name_line_without_bio_is_kept() -> None:
    lines = ("Body text here.", "Jane Doe", "The council met again on Friday.")
    assert take_author_bio(lines).lines == lines


@pytest.mark.parametrize(
    "last",
    ["the mayor is a writer of some renown, residents say.", "Mark Evans has asked for a recount."],
)
def test_clean_metadata_last_paragraph_is_no_lone_bio(last: str) -> None:
    lines = ("The council approved the budget.", last)
    assert take_author_bio(lines).lines == lines
