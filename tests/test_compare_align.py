"""Aligning claim mentions across a story's articles and labelling them agree, compatible
or conflict."""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline.compare import compare_claims, find_claim_mentions

from .conftest import DATA

STORIES = json.loads((DATA / "compare" / "stories.json").read_text(encoding="utf-8"))


def _story_mentions(nlp, story: dict[str, str]):
    return [m for article_id, text in story.items() for m in find_claim_mentions(nlp(text), article_id)]


def _claims(nlp, name: str, **kwargs):
    story = STORIES[name]
    return compare_claims(_story_mentions(nlp, story), texts=story, **kwargs)


@pytest.mark.parametrize(("name", "kind", "status", "texts"), [
    ("strike_agree", "casualties", "agree", ["killed seven people", "Seven people were killed"]),
    ("strike_conflict", "casualties", "conflict", ["killed seven people", "killed 12 people"]),
    ("launch_hedges_agree", "quantity", "agree", ["more than 300 drones and missiles", "over 300 drones and missiles"]),
    ("launch_about_agree", "quantity", "agree", ["about 300 drones and missiles", "roughly 300 drones and missiles"]),
    ("launch_hedges_compatible", "quantity", "compatible",
     ["more than 300 drones and missiles", "more than 200 drones and missiles"]),
    ("dozens_compatible", "quantity", "compatible", ["dozens of rockets", "more than 30 rockets"]),
    ("list_against_total", "quantity", "conflict",
     ["dozens of drones", "more than 100 ballistic missiles", "over 300 drones and missiles"]),
    ("list_fits_total", "quantity", "compatible",
     ["about 170 drones", "120 ballistic missiles", "over 300 drones and missiles"]),
    ("target_conflict", "target", "conflict", ["the Iranian embassy in Damascus", "Iran's consulate in Damascus"]),
    ("target_near_conflict", "target", "conflict",
     ["a compound near the Iranian embassy in Damascus, Syria", "part of the Iranian embassy complex in Damascus"]),
    ("target_compatible", "target", "compatible",
     ["part of the Iranian embassy complex in Damascus", "a diplomatic building in Damascus"]),
    ("running_counts", "casualties", "compatible", ["killed 149 people", "killed 159 people"]),
])
def test_align_labels(nlp, name, kind, status, texts):
    claims = [c for c in _claims(nlp, name) if c.kind == kind]
    assert [(c.status, [m.text for m in c.mentions]) for c in claims] == [(status, texts)]


@pytest.mark.parametrize("name", [
    "different_objects",  # drones vs drones and missiles vs ballistic missiles vs people arrested
    "places_differ",  # a count for Tunisia is not a count for Egypt and Tunisia
    "unanchored",  # 20 and 45 people killed, with nothing saying it is the same event
])
def test_align_leaves_different_things_apart(nlp, name):
    assert _claims(nlp, name) == ()


def test_align_needs_articles_published_close_together(nlp):
    story = STORIES["strike_conflict"]
    far_apart = {"a1": date(2024, 4, 1), "a3": date(2024, 4, 20)}
    assert compare_claims(_story_mentions(nlp, story), texts=story, published=far_apart) == ()
    close = {"a1": date(2024, 4, 2), "a3": date(2024, 4, 1)}  # the later article gives fewer dead
    assert [c.status for c in compare_claims(_story_mentions(nlp, story), texts=story, published=close)
            if c.kind == "casualties"] == ["conflict"]


def test_align_same_article_update_is_not_a_conflict(nlp):
    """An article reporting both 7 and 12 is updating; it does not contradict one saying 12."""
    first = "An Israeli strike on a school in Gaza City killed seven people on Monday."
    later = "Later the Israeli strike on the school in Gaza City had killed 12 people, officials said."
    story = {"x1": first + "\n" + later,
             "x2": "The Israeli strike on the school in Gaza City killed 12 people, the health ministry said."}
    statuses = [c.status for c in compare_claims(_story_mentions(nlp, story), texts=story) if c.kind == "casualties"]
    assert "conflict" not in statuses


def test_align_groups_span_two_articles_and_leave_sources_to_the_lead(nlp):
    for name in STORIES:
        if name.startswith("_"):
            continue
        for claim in _claims(nlp, name):
            assert len(claim.article_ids) >= 2
            assert claim.independent_sources == 0


@pytest.fixture(scope="module")
def example_claims(nlp, example_result):
    texts = {article.id: article.text for article in example_result.articles}
    mentions = [m for article in example_result.articles for m in find_claim_mentions(nlp(article.text), article.id)]
    annotations = {annotation.article_id: annotation for annotation in example_result.annotations}
    published = {article.id: article.published for article in example_result.articles}
    return compare_claims(mentions, annotations=annotations, texts=texts, published=published)


def test_align_example_attack_size_conflict(example_claims):
    claim = next(c for c in example_claims if c.about == "drones and missiles launched by Iran at Israel")
    assert claim.status == "conflict"
    assert set(claim.article_ids) == {"002_36824e98bd146f7f", "003_08f5dd3932140497"}
    assert {m.text for m in claim.mentions} == {
        "dozens of drones", "more than 100 ballistic missiles", "over 300 drones and missiles"}


def test_align_example_damascus_target_conflict(example_claims):
    claim = next(c for c in example_claims if c.kind == "target")
    assert claim.status == "conflict"
    texts = {m.text for m in claim.mentions}
    assert "its consulate in Syria" in texts
    assert "part of the Iranian embassy complex in Damascus, Syria" in texts
    assert "a compound near the Iranian embassy in Syria" in texts


def test_align_example_conflicts_first_and_no_false_conflicts(example_claims):
    statuses = [c.status for c in example_claims]
    assert statuses == sorted(statuses, key=["conflict", "compatible", "agree"].index)
    assert statuses.count("conflict") == 2


def test_align_is_deterministic(nlp, example_result):
    mentions = [m for article in example_result.articles for m in find_claim_mentions(nlp(article.text), article.id)]
    texts = {article.id: article.text for article in example_result.articles}
    assert compare_claims(mentions, texts=texts) == compare_claims(list(mentions), texts=texts)


def test_align_what_was_hit_is_recalled_days_later(nlp):
    """A count of the dead changes from day to day; what a strike hit does not."""
    story = STORIES["target_conflict"]
    published = {"f1": date(2024, 4, 1), "f2": date(2024, 4, 10)}
    claims = compare_claims(_story_mentions(nlp, story), texts=story, published=published)
    assert [(c.kind, c.status) for c in claims] == [("target", "conflict")]


def _dated_claims(nlp, texts: dict[str, str], published: dict[str, date]):
    from storyline.annotate.nlp import annotation_from_doc
    from storyline.model import Article

    annotations = {key: annotation_from_doc(nlp(text), Article(id=key, source="test", text=text,
                                                                published=published[key]))
                   for key, text in texts.items()}
    mentions = [m for annotation in annotations.values() for m in annotation.claims]
    return compare_claims(mentions, annotations=annotations, texts=texts, published=published)


_KILLING = "An Israeli airstrike on {day} killed Mohammad Reza Zahedi in Damascus."


@pytest.mark.parametrize(("second", "status"), [
    ("Mohammad Reza Zahedi was killed on April 1 in Damascus.", "agree"),
    ("Mohammad Reza Zahedi was killed on April 2 in Damascus.", "compatible"),  # overnight, time zones
    ("Mohammad Reza Zahedi was killed on April 5 in Damascus.", "conflict"),
])
def test_align_dates_of_one_killing(nlp, second, status):
    texts = {"d1": _KILLING.format(day="April 1"), "d2": second}
    claims = [c for c in _dated_claims(nlp, texts, {"d1": date(2024, 4, 8), "d2": date(2024, 4, 8)})
              if c.kind == "date"]
    assert [(c.about, c.status) for c in claims] == [("date of the killing of Mohammad Reza Zahedi", status)]


def test_align_dates_resolved_from_each_article_publication_date(nlp):
    """"on Monday" in an article of Tuesday 2 April and "April 1" agree."""
    texts = {"d1": _KILLING.format(day="Monday"), "d2": _KILLING.format(day="April 1")}
    claims = [c for c in _dated_claims(nlp, texts, {"d1": date(2024, 4, 2), "d2": date(2024, 4, 10)})
              if c.kind == "date"]
    assert [(c.status, [m.value for m in c.mentions]) for c in claims] == [("agree", ["2024-04-01", "2024-04-01"])]


def test_align_dates_leave_look_alike_happenings_apart(nlp):
    """Two strikes on two different hospitals, or killings of two people, are not one
    happening dated twice."""
    texts = {"d1": "The April 3 raid on the hospital in Gaza City killed 12 people. "
                   "Police arrested Maria Lopez in Lisbon on March 3.",
             "d2": "The April 10 raid on the school in Gaza City killed 12 people. "
                   "Police arrested Ana Lopez in Lisbon on March 9."}
    claims = _dated_claims(nlp, texts, {"d1": date(2024, 4, 12), "d2": date(2024, 4, 12)})
    assert [c for c in claims if c.kind == "date"] == []


@pytest.mark.parametrize(("first", "second", "status"), [
    ("Brig. Gen. Mohammad Reza Zahedi was killed.", "Gen. Mohammad Reza Zahedi was killed.", "agree"),
    ("Brig. Gen. Mohammad Reza Zahedi was killed.", "Brigadier General Mohammad Reza Zahedi was killed.", "agree"),
    ("Brig. Gen. Mohammad Reza Zahedi was killed.", "Maj. Gen. Mohammad Reza Zahedi was killed.", "conflict"),
    ("Col. Mohammad Reza Zahedi was killed.", "Brig. Gen. Zahedi was killed.", "conflict"),
    ("Lt. Col. Mohammad Reza Zahedi was killed.", "Col. Zahedi was killed.", "agree"),
    ("Brig. Gen. Mohammad Reza Zahedi was killed.", "Mohammad Reza Zahedi, a senior commander, was killed.",
     "compatible"),
    ("Egyptian President Hosni Mubarak spoke.", "Egypt's president, Hosni Mubarak, spoke.", "agree"),
    ("President Hosni Mubarak spoke.", "Former President Hosni Mubarak spoke.", "compatible"),
    ("President Hosni Mubarak spoke.", "Hosni Mubarak, the presidential envoy, spoke.", "compatible"),
    ("Defense Minister Yoav Gallant spoke.", "Foreign Minister Yoav Gallant spoke.", "conflict"),
    ("Defense Minister Yoav Gallant spoke.", "Former Foreign Minister Yoav Gallant spoke.", "compatible"),
    ("Attorney General Merrick Garland spoke.", "Brig. Gen. Merrick Garland spoke.", "compatible"),
    ("Secretary of State Antony Blinken spoke.", "Top U.S. diplomat and Secretary of State Blinken spoke.",
     "agree"),
])
def test_align_titles(nlp, first, second, status):
    mentions = [*find_claim_mentions(nlp(first), "t1"), *find_claim_mentions(nlp(second), "t2")]
    claims = [c for c in compare_claims(mentions, texts={"t1": first, "t2": second}) if c.kind == "name"]
    assert [c.status for c in claims] == [status]


def test_align_titles_of_two_people_with_one_surname_stay_apart(nlp):
    first, second = "President Joe Biden spoke.", "Hunter Biden, the party chairman, spoke."
    mentions = [*find_claim_mentions(nlp(first), "t1"), *find_claim_mentions(nlp(second), "t2")]
    assert [c for c in compare_claims(mentions) if c.kind == "name"] == []


def test_align_a_later_higher_casualty_count_is_an_update(nlp):
    story = {"u1": "Seven people were killed in the strike in Gaza City.",
             "u2": "Twelve people were killed in the strike in Gaza City."}
    mentions = _story_mentions(nlp, story)
    later_higher = compare_claims(mentions, texts=story, published={"u1": date(2024, 4, 1), "u2": date(2024, 4, 2)})
    assert [(c.kind, c.status) for c in later_higher] == [("casualties", "compatible")]
    later_lower = compare_claims(mentions, texts=story, published={"u1": date(2024, 4, 2), "u2": date(2024, 4, 1)})
    assert [(c.kind, c.status) for c in later_lower] == [("casualties", "conflict")]
    same_day = compare_claims(mentions, texts=story, published={"u1": date(2024, 4, 1), "u2": date(2024, 4, 1)})
    assert [(c.kind, c.status) for c in same_day] == [("casualties", "conflict")]


@pytest.mark.parametrize(("second", "status"), [
    ("The Iranian attack on Israel lasted five hours, the army said.", "agree"),
    ("The Iranian attack on Israel lasted about five and a half hours.", None),  # no number the rules read
    ("The Iranian attack on Israel lasted seven hours.", "conflict"),
    ("The Iranian attack on Israel lasted more than four hours.", "compatible"),
])
def test_align_durations(nlp, second, status):
    texts = {"u1": "The Iranian attack on Israel lasted five hours.", "u2": second}
    claims = [c for c in _dated_claims(nlp, texts, {"u1": date(2024, 4, 14), "u2": date(2024, 4, 14)})
              if c.kind == "duration"]
    assert [c.status for c in claims] == ([status] if status else [])


def test_align_durations_of_two_detentions_stay_apart(nlp):
    texts = {"u1": "Police detained John Smith for 10 days.", "u2": "Police detained Ana Lopez for 30 days."}
    claims = _dated_claims(nlp, texts, {"u1": date(2024, 4, 14), "u2": date(2024, 4, 14)})
    assert [c for c in claims if c.kind == "duration"] == []
