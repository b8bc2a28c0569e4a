from pathlib import Path

import pytest

from storyline.clean.repair import (
    has_lost_punctuation,
    normalize_whitespace,
    repair_text,
    restore_lost_punctuation,
)

DATA = Path(__file__).parent / "data" / "clean"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("Biden called it a âwin,â\xa0Axios reports.", "Biden called it a “win,” Axios reports."),
        ("Iranâs attack", "Iran’s attack"),
        ("proxy militias â such as Hamas", "proxy militias — such as Hamas"),
        ("âYou got a win. Take the win,â Biden told him.", "“You got a win. Take the win,” Biden told him."),
        ("the military âhelped down nearly all the missilesâ targeting Israel.",
         "the military “helped down nearly all the missiles” targeting Israel."),
        ("They wasnât told, and I donât know.", "They wasn’t told, and I don’t know."),
        ("Iâm sure theyâre sure weâll go, Iâve said, sheâd agree.",
         "I’m sure they’re sure we’ll go, I’ve said, she’d agree."),
        ("It was the ministersâ plan.", "It was the ministers’ plan."),
        ("Wait for itâ¦ done.", "Wait for it… done."),
        ("Prices rose in 2019â2021, itâs said.", "Prices rose in 2019–2021, it’s said."),
    ],
)
def test_clean_repair_lost_punctuation(broken: str, repaired: str) -> None:
    assert repair_text(broken)[0] == repaired


def test_clean_repair_lost_punctuation_fixture() -> None:
    text, notes = repair_text(read("lost_mojibake.txt"))
    assert "â" not in text
    assert "The council’s vote came late on Thursday — after three hours of debate — " in text
    assert "2019–2021" in text
    assert "“We heard the town,” the mayor said. Critics called the plan a “waste” of money" in text
    assert "they don’t trust" in text
    assert "The ferry operators’ contracts run until March, and they’re not" in text
    assert notes[0] == "mojibake: 11 characters repaired"


@pytest.mark.parametrize(
    "correct",
    ["château", "à tout âge", "les pâtes", "A câmara municipal", "no âmbito do plano",
     "Nguyễn Văn Lâm", "il grimpa au mât du navire.", "Bâle", "România"],
)
def test_clean_repair_leaves_real_circumflex(correct: str) -> None:
    assert not has_lost_punctuation(correct)
    assert repair_text(correct) == (correct, ())


def test_clean_repair_leaves_accented_fixture_untouched() -> None:
    text = read("accented.txt")
    assert repair_text(text)[0] == text.rstrip("\n") + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iranâs", True),
        ("a âwin,â Axios", True),
        ("dash â here", True),
        ("châteauâ¦", True),
        ("château", False),
        ("Lâm", False),
        ("no circumflex at all", False),
    ],
)
def test_clean_repair_gate(text: str, expected: bool) -> None:
    assert has_lost_punctuation(text) is expected


def test_clean_repair_counts_restored_characters() -> None:
    assert restore_lost_punctuation("Iranâs âwinâ") == ("Iran’s “win”", 3)


def test_clean_repair_runs_ftfy_on_intact_mojibake() -> None:
    text, notes = repair_text("Itâ€™s the ministerâ€™s plan, cafÃ© owners said.")
    assert text == "It’s the minister’s plan, café owners said."
    assert notes and notes[0].startswith("encoding: repaired by ftfy")


def test_clean_repair_keeps_curly_quotes() -> None:
    text = "He said “no” and it’s ‘final’ — really…"
    assert repair_text(text) == (text, ())


def test_clean_repair_normalizes_to_nfc() -> None:
    assert repair_text("cafe\u0301")[0] == "caf\u00e9"


def test_clean_repair_whitespace() -> None:
    text, notes = repair_text("one  \r\ntwo\xa0three\t\r\n\r\nfour")
    assert text == "one\ntwo three\n\nfour"
    assert notes == ("no-break spaces: 1 replaced with space",)


def test_clean_repair_normalize_whitespace_counts_no_break_spaces() -> None:
    assert normalize_whitespace("a\xa0b\u202fc \n") == ("a b c\n", 2)
