"""Related stories: look-alike stories kept apart are linked; unrelated ones are not.

The records are built by hand: relating needs no spaCy.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.errors import SettingsError
from storyline.link import group_stories, story_id
from storyline.link.related import relate_stories
from storyline.model import Annotation, Article
from storyline.settings import Settings

from .test_link_stream import FOOTBALL, GAZA, QUAKE, SUDAN, bombings, make


def relate(items: list[tuple[Article, Annotation]], settings: Settings | None = None
           ) -> tuple[list[tuple[str, ...]], dict[str, tuple[str, ...]]]:
    settings = settings or Settings()
    articles = [article for article, _ in items]
    annotations = {a.article_id: a for _, a in items}
    groups = group_stories(articles, annotations, settings)
    return groups, relate_stories(groups, articles, annotations, settings)


def with_others() -> list[tuple[Article, Annotation]]:
    day = date(2011, 11, 10)
    items = bombings(day)
    items += [make(f"quake-{n}", QUAKE, (("Qeshm", "GPE"),), day, skip=n) for n in range(3)]
    items += [make(f"ball-{n}", FOOTBALL, (("Wembley", "FAC"),), day, skip=n) for n in range(3)]
    return items


def test_link_related_look_alike_stories_are_related_both_ways() -> None:
    groups, related = relate(with_others())
    ids = {group[0].split("-")[0]: story_id(group) for group in groups}
    assert len(groups) == 4
    assert related[ids["gaza"]] == (ids["sudan"],)
    assert related[ids["sudan"]] == (ids["gaza"],)


def test_link_related_unrelated_stories_are_not_related() -> None:
    groups, related = relate(with_others())
    ids = {group[0].split("-")[0]: story_id(group) for group in groups}
    assert related[ids["quake"]] == ()
    assert related[ids["ball"]] == ()
    assert set(related) == {story_id(group) for group in groups}


def test_link_related_keeps_at_most_the_count_setting() -> None:
    day = date(2011, 11, 10)
    items = [make(f"s{n}-{k}", GAZA if n % 2 else SUDAN, ((f"Place{n}", "GPE"),), day, (f"{2000 + 3 * n}-01-01",),
                  skip=k) for n in range(6) for k in range(2)]
    groups, related = relate(items, Settings(story_related_count=2))
    assert len(groups) == 6
    assert all(len(others) <= 2 for others in related.values())
    assert any(related.values())


def test_link_related_is_deterministic() -> None:
    assert relate(with_others()) == relate(with_others())


@pytest.mark.parametrize(("name", "value"), [("story_related_similarity", -0.1), ("story_related_count", -1)])
def test_link_related_bad_setting_names_the_setting(name: str, value: float) -> None:
    items = with_others()
    groups = [(article.id,) for article, _ in items]
    with pytest.raises(SettingsError) as error:
        relate_stories(groups, [a for a, _ in items], {a.article_id: a for _, a in items}, Settings(**{name: value}))
    assert error.value.setting == name
