from pathlib import Path

import pytest

from storyline.clean.boilerplate import split_paragraphs
from storyline.clean.metadata import looks_like_headline, parse_byline, take_author_bio, take_byline, take_title
from storyline.model import Removal

DATA = Path(__file__).parent / "data" / "clean"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


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


def test_clean_metadata_site_label_before_the_headline_is_navigation() -> None:
    lines = ("World", "Harbour ferry resumes after storm", "The ferry resumed its timetable on Wednesday.", "More.")
    taken = take_title(lines, None)
    assert taken.value == "Harbour ferry resumes after storm"
    assert [(r.rule, r.text) for r in taken.removed] == [("navigation", "World"),
                                                          ("title", "Harbour ferry resumes after storm")]


def test_clean_metadata_two_word_line_is_no_headline() -> None:
    lines = ("Newsfrom Harbour", "Tokyo, Jan. 1 (Jiji Press)--The ferry resumed on Monday.", "More text.")
    assert take_title(lines, None).value is None


def test_clean_metadata_headline_glued_to_labels_then_alone() -> None:
    lines = ("NewsLocalHarbour ferry resumes after storm", "Harbour ferry resumes after storm",
             "Harbour ferry resumes after storm", "The ferry resumed its timetable on Wednesday.")
    taken = take_title(lines, None)
    assert taken.value == "Harbour ferry resumes after storm"
    assert taken.lines == ("The ferry resumed its timetable on Wednesday.",)
    assert [r.rule for r in taken.removed] == ["title", "title", "title"]


@pytest.mark.parametrize("line", ["By: BBC", "By AFP", "by: Harbour Gazette newsroom"])
def test_clean_metadata_credit_line_leaves_the_body_without_an_author(line: str) -> None:
    taken = take_byline((line, "The ferry resumed its timetable on Wednesday."))
    assert taken.value is None and [r.rule for r in taken.removed] == ["byline"]
    assert not looks_like_headline(line)
