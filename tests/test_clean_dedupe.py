"""Near-duplicate marking on real articles.

The fixtures under ``tests/data/dedupe/`` are the cleaned texts of the bundled
examples (``examples/iran-israel-2024``) and three copies of example 004 made the way
outlets syndicate a story: ``004_blinken_reprint`` (a note on top, a ``(Newsmax) -``
lead-in, a few words edited, the last paragraph dropped, a ``Reporting by ...;
Editing by ...`` line), ``004_blinken_second_reprint`` (a copy of that reprint by a
third outlet) and ``004_blinken_brief`` (the first four paragraphs only).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from storyline.clean.dedupe import mark_duplicates, normalise_words, shingles
from storyline.model import Article
from storyline.settings import Settings

DATA = Path(__file__).parent / "data" / "dedupe"

#: Publication dates of the examples, as cleaning finds them (002 and 003 carry none).
EXAMPLE_DATES = {
    "000_axios_notice": date(2024, 4, 2),
    "001_no_involvement": date(2024, 4, 1),
    "002_biden_no_support": None,
    "003_no_participation": None,
    "004_blinken": date(2024, 4, 16),
}


def article(name: str, published: date | None = None, *,
            article_id: str | None = None, text: str | None = None) -> Article:
    """The fixture ``name`` (or ``text``) as a cleaned article."""
    if text is None:
        text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return Article(id=article_id or name, source=f"tests/data/dedupe/{name}.txt", text=text,
                   published=published)


def by_id(articles: list[Article]) -> dict[str, Article]:
    return {a.id: a for a in articles}


def edit_words(text: str, start: int, step: int) -> str:
    """``text`` with every ``step``-th word from ``start`` changed (``word`` -> ``wordly``)."""
    words = text.split(" ")
    return " ".join(w + "ly" if i % step == start else w for i, w in enumerate(words))


def test_clean_dedupe_wire_reprint_points_at_the_earlier_original() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    reprint = article("004_blinken_reprint", date(2024, 4, 17))
    marked = by_id(mark_duplicates([reprint, original], Settings()))
    assert marked["004_blinken_reprint"].duplicate_of == "004_blinken"
    assert marked["004_blinken_reprint"].duplicate_similarity == pytest.approx(0.903)
    assert marked["004_blinken"] is original


def test_clean_dedupe_short_reprint_is_found_by_containment() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    brief = article("004_blinken_brief", date(2024, 4, 16))
    marked = mark_duplicates([original, brief], Settings())
    assert marked[1].duplicate_of == "004_blinken"
    assert marked[1].duplicate_similarity == pytest.approx(0.894)


@pytest.mark.parametrize(
    "pair",
    [("002_biden_no_support", "003_no_participation"), ("000_axios_notice", "001_no_involvement")],
    ids=["us-will-not-join-retaliation", "april-1-strike-per-axios"],
)
def test_clean_dedupe_reports_of_the_same_event_are_not_duplicates(pair: tuple[str, str]) -> None:
    articles = [article(name, EXAMPLE_DATES[name]) for name in pair]
    assert mark_duplicates(articles, Settings()) == articles


def test_clean_dedupe_example_corpus_has_no_duplicates() -> None:
    articles = [article(name, day) for name, day in EXAMPLE_DATES.items()]
    marked = mark_duplicates(articles, Settings())
    assert all(after is before for after, before in zip(marked, articles))


def test_clean_dedupe_copies_of_one_story_point_at_one_original() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    reprint = article("004_blinken_reprint", date(2024, 4, 17))
    second = article("004_blinken_second_reprint", date(2024, 4, 18))
    marked = by_id(mark_duplicates([second, reprint, original], Settings()))
    assert marked["004_blinken"].duplicate_of is None
    assert marked["004_blinken_reprint"].duplicate_of == "004_blinken"
    assert marked["004_blinken_second_reprint"].duplicate_of == "004_blinken"
    assert marked["004_blinken_second_reprint"].duplicate_similarity == pytest.approx(0.853)


def test_clean_dedupe_copy_of_a_copy_joins_the_first_original() -> None:
    # Each copy changes one word in 17 of the one before: the third text is close to
    # the second (Jaccard 0.56) but has drifted below the threshold from the first.
    text = (DATA / "004_blinken.txt").read_text(encoding="utf-8")
    first = article("first", date(2024, 4, 16), text=text)
    second = article("second", date(2024, 4, 17), text=edit_words(text, 0, 17))
    third = article("third", date(2024, 4, 18), text=edit_words(second.text, 8, 17))
    marked = by_id(mark_duplicates([first, second, third], Settings(duplicate_threshold=0.5)))
    assert marked["second"].duplicate_of == "first"
    assert marked["third"].duplicate_of == "first"
    assert marked["third"].duplicate_similarity == pytest.approx(0.433)


def test_clean_dedupe_roundup_does_not_merge_the_stories_it_contains() -> None:
    biden = article("002_biden_no_support", date(2024, 4, 14))
    white_house = article("003_no_participation", date(2024, 4, 15))
    roundup_text = "Middle East roundup: the day's reports.\n\n" + biden.text + "\n\n" + white_house.text
    roundup = article("roundup", date(2024, 4, 16), text=roundup_text)
    marked = by_id(mark_duplicates([biden, white_house, roundup], Settings()))
    assert marked["002_biden_no_support"].duplicate_of is None
    assert marked["003_no_participation"].duplicate_of is None
    assert marked["roundup"].duplicate_of == "002_biden_no_support"


def test_clean_dedupe_unknown_dates_keep_input_order() -> None:
    reprint = article("004_blinken_reprint")
    original = article("004_blinken")
    marked = mark_duplicates([reprint, original], Settings())
    assert marked[0] is reprint
    assert marked[1].duplicate_of == "004_blinken_reprint"


def test_clean_dedupe_dated_article_is_original_before_undated() -> None:
    reprint = article("004_blinken_reprint")
    original = article("004_blinken", date(2024, 4, 16))
    marked = mark_duplicates([reprint, original], Settings())
    assert marked[0].duplicate_of == "004_blinken"
    assert marked[1] is original


def test_clean_dedupe_same_date_keeps_input_order() -> None:
    reprint = article("004_blinken_reprint", date(2024, 4, 16))
    original = article("004_blinken", date(2024, 4, 16))
    marked = mark_duplicates([reprint, original], Settings())
    assert marked[1].duplicate_of == "004_blinken_reprint"


@pytest.mark.parametrize("short", [
    "Iran attacks.", "Israel responds", "Biden calls Netanyahu now", "—", "",
])
def test_clean_dedupe_short_text_is_not_a_duplicate(short: str) -> None:
    articles = [
        article("short", text=short),
        article("other short", text="Iran attacks Israel."),
        article("004_blinken"),
        article("004_blinken_brief"),
    ]
    marked = mark_duplicates(articles, Settings())
    assert marked[:3] == articles[:3]
    assert marked[3].duplicate_of == "004_blinken"


@pytest.mark.parametrize("short", ["Iran attacks Israel.", "Breaking"])
def test_clean_dedupe_identical_short_texts_are_copies(short: str) -> None:
    marked = mark_duplicates([article("a", text=short), article("b", text=short.upper())], Settings())
    assert (marked[1].duplicate_of, marked[1].duplicate_similarity) == ("a", 1.0)


def test_clean_dedupe_empty_texts_are_not_copies() -> None:
    articles = [article("a", text=""), article("b", text=" "), article("c", text="…")]
    assert mark_duplicates(articles, Settings()) == articles


def test_clean_dedupe_exact_copy_has_similarity_one() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    copy = article("004_blinken", date(2024, 4, 16), article_id="copy")
    marked = mark_duplicates([original, copy], Settings())
    assert (marked[1].duplicate_of, marked[1].duplicate_similarity) == ("004_blinken", 1.0)


def test_clean_dedupe_copy_differing_in_case_and_punctuation_has_similarity_one() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    text = original.text.upper().replace("U.S.", "US").replace(",", "").replace("—", "--")
    marked = mark_duplicates([original, article("shouted", date(2024, 4, 17), text=text)], Settings())
    assert marked[1].duplicate_similarity == 1.0


def test_clean_dedupe_returns_every_article_in_input_order() -> None:
    articles = [article(name, day) for name, day in EXAMPLE_DATES.items()]
    articles.insert(2, article("004_blinken_reprint", date(2024, 4, 17)))
    marked = mark_duplicates(articles, Settings())
    assert [a.id for a in marked] == [a.id for a in articles]
    expected = dataclasses.replace(articles[2], duplicate_of="004_blinken", duplicate_similarity=0.903)
    assert marked[2] == expected
    assert all(after is before for i, (after, before) in enumerate(zip(marked, articles)) if i != 2)


def test_clean_dedupe_is_idempotent_and_clears_stale_marks() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    reprint = article("004_blinken_reprint", date(2024, 4, 17))
    stale = dataclasses.replace(article("002_biden_no_support"), duplicate_of="gone",
                                duplicate_similarity=0.9)
    once = mark_duplicates([original, reprint, stale], Settings())
    assert once[2].duplicate_of is None and once[2].duplicate_similarity is None
    assert mark_duplicates(once, Settings()) == once


def test_clean_dedupe_threshold_one_marks_only_exact_copies() -> None:
    original = article("004_blinken", date(2024, 4, 16))
    articles = [original, article("004_blinken_reprint", date(2024, 4, 17)),
                article("004_blinken", date(2024, 4, 18), article_id="copy")]
    marked = mark_duplicates(articles, Settings(duplicate_threshold=1.0))
    assert [a.duplicate_of for a in marked] == [None, None, "004_blinken"]


def test_clean_dedupe_threshold_zero_does_not_join_unrelated_articles() -> None:
    articles = [article("002_biden_no_support"), article("short", text="Markets rallied on Friday.")]
    assert mark_duplicates(articles, Settings(duplicate_threshold=0.0)) == articles


def test_clean_dedupe_no_articles() -> None:
    assert mark_duplicates([], Settings()) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The U.S.-led coalition", ["the", "us", "led", "coalition"]),
        ("Iran’s drones — and Israel's", ["irans", "drones", "and", "israels"]),
        ("99% of 300 drones/missiles", ["99", "of", "300", "drones", "missiles"]),
        ("Café Ｆｕｌｌ", ["café", "full"]),
    ],
)
def test_clean_dedupe_normalise_words(text: str, words: list[str]) -> None:
    assert normalise_words(text) == words


def test_clean_dedupe_shingles_are_word_5_grams() -> None:
    assert shingles("One two three four five six.") == {"one two three four five", "two three four five six"}
    assert shingles("Too short.") == {"too short"}
    assert shingles("...") == set()
