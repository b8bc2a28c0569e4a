"""Linking: stories from article similarity, and publication windows inferred from a story.

These tests build annotation records directly: the linking stage needs no spaCy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from storyline.dating import infer_publication_windows
from storyline.link import group_stories, story_id, story_title, term_weights
from storyline.model import Annotation, Article, Sentence, TimeExpression
from storyline.settings import Settings


def article(article_id: str, published: date | None = None, title: str | None = None) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text="x " * 50, published=published, title=title)


def time(text: str, value: str | None, clause: str, *, relative: bool = True, sentence: int = 0) -> TimeExpression:
    anchor = None if not value else "published" if relative else "absolute"
    return TimeExpression(start=0, end=len(text), text=text, sentence=sentence, value=value, relative=relative,
                          anchor=anchor, clause_terms=tuple(clause.split()))


def annotation(article_id: str, *times: TimeExpression, terms: str = "") -> Annotation:
    sentences = (Sentence(index=0, start=0, end=1, terms=tuple(terms.split())),)
    return Annotation(article_id=article_id, sentences=sentences, entities=(), times=times)


ATTACK = "iran launch drone missile israel"
STRIKE = "israeli strike kill general damascus embassy"
BACKGROUND = [annotation(f"bg{i}", terms=f"unrelated words number {i} about weather sport market") for i in range(6)]


def weights_for(*annotations: Annotation):
    return term_weights(s.terms for a in (*annotations, *BACKGROUND) for s in a.sentences)


def test_link_weekday_in_undated_article_is_the_day_another_article_dates() -> None:
    dated = annotation("dated", time("Saturday", "2024-04-13", ATTACK), time("April 1", "2024-04-01", STRIKE),
                       terms=f"{ATTACK} {STRIKE}")
    undated = annotation("undated", time("Saturday", None, "iran launch drone ballistic missile"),
                         time("October 7", None, "hamas attack israel"), terms=ATTACK)
    articles = [article("dated", date(2024, 4, 16)), article("undated")]
    annotations = {"dated": dated, "undated": undated}
    new_articles, new_annotations = infer_publication_windows(articles, annotations, weights_for(dated, undated),
                                                              Settings())
    window = new_articles[1].inferred
    assert (window.start, window.end) == (date(2024, 4, 13), date(2024, 4, 19))
    assert "'Saturday' = 2024-04-13" in window.basis
    saturday, october = new_annotations["undated"].times
    assert (saturday.value, saturday.anchor) == ("2024-04-13", "story")
    assert (october.value, october.anchor) == ("2023-10-07", "inferred")
    assert new_articles[0] is articles[0]


def test_link_weekday_must_match_the_anchor_day() -> None:
    dated = annotation("dated", time("Saturday", "2024-04-13", ATTACK), terms=ATTACK)
    undated = annotation("undated", time("Monday", None, ATTACK), terms=ATTACK)
    articles = [article("dated", date(2024, 4, 16)), article("undated")]
    new_articles, new_annotations = infer_publication_windows(
        articles, {"dated": dated, "undated": undated}, weights_for(dated, undated), Settings())
    window = new_articles[1].inferred
    # no link: the story's span, from its first happening to two weeks after its last publication
    assert "while the story ran" in window.basis
    assert (window.start, window.end) == (date(2024, 4, 13), date(2024, 4, 30))
    assert new_annotations["undated"].times[0].value is None  # that window holds several Mondays


def test_link_unrelated_clause_does_not_date_a_weekday() -> None:
    dated = annotation("dated", time("Saturday", "2024-04-13", ATTACK), terms=ATTACK)
    undated = annotation("undated", time("Saturday", None, "football final stadium crowd"), terms="football")
    articles = [article("dated", date(2024, 4, 16)), article("undated")]
    new_articles, _ = infer_publication_windows(articles, {"dated": dated, "undated": undated},
                                                weights_for(dated, undated), Settings())
    assert "'Saturday'" not in new_articles[1].inferred.basis


def test_link_overnight_narrows_the_window_to_a_day() -> None:
    dated = annotation("dated", time("Saturday", "2024-04-13", ATTACK), terms=ATTACK)
    undated = annotation("undated", time("overnight", None, "iran launch 300 drone missile israel"),
                         time("Sunday", None, "centcom report intercept drone yemen"), terms=ATTACK)
    articles = [article("dated", date(2024, 4, 16)), article("undated")]
    new_articles, new_annotations = infer_publication_windows(
        articles, {"dated": dated, "undated": undated}, weights_for(dated, undated), Settings())
    window = new_articles[1].inferred
    assert (window.start, window.end) == (date(2024, 4, 13), date(2024, 4, 14))
    overnight, sunday = new_annotations["undated"].times
    assert overnight.value == "2024-04-13"
    # The window's two ends disagree on "Sunday" (April 7 or April 14), but April 7 is the week
    # before the happening the article's link dates: it is April 14.
    assert (sunday.value, sunday.anchor) == ("2024-04-14", "inferred")


def test_link_story_without_dates_uses_the_articles_own_date() -> None:
    undated = annotation("undated", time("March 3, 2021", "2021-03-03", "vote parliament", relative=False),
                         terms="vote")
    new_articles, _ = infer_publication_windows([article("undated")], {"undated": undated},
                                                weights_for(undated), Settings())
    window = new_articles[0].inferred
    assert window.start == date(2021, 3, 3) and "own latest date" in window.basis


def test_link_groups_similar_articles_and_keeps_different_ones_apart() -> None:
    annotations = {
        "a": annotation("a", terms="israel strike damascus embassy iran general kill"),
        "b": annotation("b", terms="iran retaliate israel strike damascus drone"),
        "c": annotation("c", terms="football league final goal stadium crowd"),
        "d": annotation("d", terms="stadium crowd football goal referee"),
    }
    articles = [article(k, date(2024, 4, 2)) for k in annotations]
    assert group_stories(articles, annotations, Settings()) == [("a", "b"), ("c", "d")]


def test_link_stories_respect_the_time_window() -> None:
    """Alike but not the same weeks apart: two stories; within the window, one. (The same
    happening reported again weeks later joins its story: ``test_link_stream``.)"""
    annotations = {"a": annotation("a", terms="israel strike damascus embassy iran general kill consulate"),
                   "b": annotation("b", terms="israel strike gaza school unrwa shelter refugee")}
    articles = [article("a", date(2024, 4, 2)), article("b", date(2024, 6, 2))]
    settings = Settings(story_merge_size=0)
    assert group_stories(articles, annotations, settings) == [("a",), ("b",)]
    assert group_stories(articles, annotations, replace(settings, story_window_days=90)) == [("a", "b")]


def test_link_story_id_is_stable_and_title_is_never_invented() -> None:
    assert story_id(("a", "b")) == story_id(("a", "c")) != story_id(("b", "a"))
    annotations = {k: annotation(k, terms="iran israel") for k in "ab"}
    assert story_title([article("a"), article("b")], annotations) == (None, None)
    assert story_title([article("a"), article("b", title="Headline")], annotations) == ("Headline", "b")
