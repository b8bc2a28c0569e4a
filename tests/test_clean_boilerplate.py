from pathlib import Path

import pytest

from storyline.clean.boilerplate import (
    is_call_to_action,
    is_caption,
    is_navigation,
    is_tag_line,
    line_rule,
    remove_boilerplate,
    repeats_caption,
    split_paragraphs,
    strip_inline_teasers,
)

DATA = Path(__file__).parent / "data" / "clean"


def paragraphs(name: str) -> tuple[str, ...]:
    return split_paragraphs((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", ["WATCH TV LIVE", "SKIP TO CONTENT", "MOST READ", "BREAKING NEWS",
                                  "SPORTS | WEATHER | TRAFFIC"])
def test_clean_boilerplate_navigation(line: str) -> None:
    assert is_navigation(line)


@pytest.mark.parametrize(
    "line",
    ["Watch TV live", "THE COUNCIL VOTED ON MONDAY.", "ONE TWO THREE FOUR FIVE SIX SEVEN",
     "2024", "北京时间", "U.S. STRIKES", "Ferry fares to rise in spring"],
)
def test_clean_boilerplate_not_navigation(line: str) -> None:
    assert not is_navigation(line)


@pytest.mark.parametrize(
    "line",
    ["Go deeper", "Leave a Comment", "Read more", "Read more »", "Share this article", "Subscribe",
     "SIGN UP FOR OUR NEWSLETTER", "Advertisement", "Continue reading...", "Comments", "Related",
     "Recommended"],
)
def test_clean_boilerplate_call_to_action(line: str) -> None:
    assert is_call_to_action(line)


@pytest.mark.parametrize(
    "line",
    ["Read more about the pier on our website.", "Go deeper into the harbour, divers found a wreck.",
     "Comments from residents were mostly positive."],
)
def test_clean_boilerplate_sentence_is_no_call_to_action(line: str) -> None:
    assert not is_call_to_action(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tags: antony blinken | israel | iran", True),
        ("Topics: Harbour, Ferries", True),
        ("Filed under: Local news", True),
        ("Categories: World", True),
        ("The tags were removed by the council.", False),
    ],
)
def test_clean_boilerplate_tag_lines(line: str, expected: bool) -> None:
    assert is_tag_line(line) is expected


@pytest.mark.parametrize(
    "line",
    [
        "Workers repair the pier on Tuesday. Photo: Jane Roe/Coastal Press via Getty Images",
        "Passengers queue at the terminal. (Photo by Ann Lee/AFP via Getty Images)",
        "People walk past a mural. REUTERS/Tom Baker/File Photo",
        "Smoke rises over the port. AP Photo/Ohad Zwigenberg, File",
        "The pier at dawn. Credit: Jane Roe/The Coastal Press",
        "Image: Courtesy of the harbour authority",
        "FILE PHOTO: The ferry leaves the north pier.",
        "(Courtesy of the family)",
        "Getty Images",
        "The old terminal. File photo",
    ],
)
def test_clean_boilerplate_captions(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "A photo of the damaged pier, shared widely on Monday, showed the posts snapped.",
        "A Reuters/Ipsos poll showed broad support for the plan.",
        "He posted a photo on social media and later deleted it.",
        "The image of the town suffered, the mayor said.",
    ],
)
def test_clean_boilerplate_body_mentioning_photos_is_no_caption(line: str) -> None:
    assert not is_caption(line)


def test_clean_boilerplate_caption_repeated_as_alt_text() -> None:
    caption = "Workers repair the landing stage at the north pier on Tuesday. Photo: Jane Roe/Coastal Press"
    assert repeats_caption("Workers repair the landing stage at the north pier.", caption)
    assert not repeats_caption("The ferry resumed its timetable on Wednesday.", caption)
    assert not repeats_caption("North pier repaired", caption)


def test_clean_boilerplate_captions_fixture() -> None:
    taken = remove_boilerplate(paragraphs("captions.txt"))
    assert taken.lines == (
        "The ferry resumed its timetable on Wednesday after engineers replaced two mooring posts.",
        "A photo of the damaged pier, shared widely on Monday, showed the posts snapped at the waterline.",
        "The operator said refunds would be paid within a month.",
        "Inspectors signed off the repairs shortly before dawn.",
    )
    assert [r.rule for r in taken.removed] == ["caption"] * 4
    assert taken.removed[0].text == "Workers repair the landing stage at the north pier."


def test_clean_boilerplate_inline_teasers() -> None:
    line = "Approved on Monday. (RELATED: Council Delays Vote (Again): REPORT) Members argued."
    assert strip_inline_teasers(line) == (
        "Approved on Monday. Members argued.",
        ("(RELATED: Council Delays Vote (Again): REPORT)",),
    )
    assert strip_inline_teasers("They walked out [Related: Who sits there?] before the vote.") == (
        "They walked out before the vote.", ("[Related: Who sits there?]",))
    assert strip_inline_teasers("Ends here. (READ MORE: Five things)") == ("Ends here.", ("(READ MORE: Five things)",))
    assert strip_inline_teasers("A (see also) remark (SEE ALSO: other story).") == (
        "A (see also) remark.", ("(SEE ALSO: other story)",))


def test_clean_boilerplate_teasers_fixture() -> None:
    taken = remove_boilerplate(paragraphs("teasers.txt"))
    assert taken.lines == (
        "The council approved the budget on Monday. Members argued for two hours.",
        "Opposition members walked out before the final vote.",
        "The budget takes effect in April.",
    )
    assert {r.rule for r in taken.removed} == {"teaser"}
    assert "READ MORE: Five things to know about the pier" in [r.text for r in taken.removed]


def test_clean_boilerplate_furniture_fixture() -> None:
    taken = remove_boilerplate(paragraphs("furniture.txt"))
    assert taken.lines == (
        "Ferry fares to rise in spring",
        "The operator of the harbour ferry will raise fares by ten percent from April, it said on Friday.",
        "The increase is the first since 2018, when fuel costs pushed the single fare above three pounds.",
    )
    assert [(r.rule, r.text) for r in taken.removed] == [
        ("call-to-action", "SKIP TO CONTENT"),
        ("navigation", "NEWS SPORTS WEATHER"),
        ("call-to-action", "MOST READ"),
        ("call-to-action", "Subscribe"),
        ("tags", "Tags: harbour | ferries | council"),
        ("tags", "Filed under: Local news"),
        ("call-to-action", "Read more »"),
        ("call-to-action", "Sign up for our newsletter"),
        ("call-to-action", "Advertisement"),
        ("call-to-action", "Leave a Comment"),
    ]


def test_clean_boilerplate_split_paragraphs_layout() -> None:
    text = "  First   line  \n\n\n  •  A bullet\n\t• Another\nLast"
    assert split_paragraphs(text) == ("First line", "• A bullet", "• Another", "Last")


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("© 2024 Harbour Media LLC. All rights reserved.", "copyright"),
        ("Copyright 2023 The Harbour Gazette", "copyright"),
        ("Home > Local > Transport", "navigation"),
        ("Current:Home > TransportFerry resumes after the storm -Harbour Gazette", "navigation"),
        ("Connect with us", "call-to-action"),
        ("Watch more News on HarbourTV", "call-to-action"),
        ("Follow us on Instagram", "call-to-action"),
        ("Gazette wants to start sending you push notifications. Click allow to subscribe", "call-to-action"),
        ("Sign up for our daily newsletter", "call-to-action"),
        ("Contact Us", "call-to-action"),
        ("Play Live Radio", "call-to-action"),
        ("Firefighters at the pier on Wednesday, Jan. 3, 2024. (Harbour News via AP)", "caption"),
    ],
)
def test_clean_boilerplate_page_furniture_lines(line: str, rule: str) -> None:
    assert line_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Biden says the US will follow Israel's lead",
        "Get ready for a long night, the forecaster said.",
        "Watch: the moment the ferry left the harbour",
        "The copyright of the photo belongs to the council.",
        "Israel and Iran exchange fire > 300 drones launched",
        "Home secretary visits the harbour",
        "Play resumed after rain delayed the final",
    ],
)
def test_clean_boilerplate_body_lines_are_not_furniture(line: str) -> None:
    assert line_rule(line) is None


def test_clean_boilerplate_long_line_after_a_breadcrumb_stays() -> None:
    line = "Home > Local > News " + "The ferry resumed its timetable after the storm and engineers worked all night. " * 3
    assert line_rule(line) is None
