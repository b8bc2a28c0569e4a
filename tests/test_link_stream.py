"""Stream story clustering: look-alike events stay apart, one event across outlets merges,
batches with a saved state give what one pass gives, idle stories close.

The records are built by hand: clustering needs no spaCy.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from storyline.errors import SettingsError, StoreError
from storyline.link import group_stories
from storyline.link.stories import stream_order
from storyline.link.stream import StoryStream, article_features, story_key
from storyline.model import Annotation, Article, Entity, Sentence, TimeExpression
from storyline.settings import Settings

GAZA = ("israeli", "strike", "hit", "un", "school", "shelter", "displace", "family", "kill", "civilian",
        "bomb", "refugee", "condemn", "jabaliya", "tank", "shell")
SUDAN = ("sudanese", "air", "force", "bomb", "refugee", "camp", "shelter", "displace", "family", "kill",
         "civilian", "strike", "condemn", "yida", "antonov", "plane")
QUAKE = ("earthquake", "magnitude", "strike", "island", "kill", "injure", "village", "destroy", "house",
         "rescue", "team", "rubble", "qeshm", "tremor", "epicentre", "richter")
FOOTBALL = ("football", "league", "final", "goal", "stadium", "crowd", "referee", "penalty", "striker",
            "champion", "trophy", "coach", "season", "fan", "match", "score")


def make(article_id: str, terms: tuple[str, ...], names: tuple[tuple[str, str], ...] = (),
         published: date | None = None, dates: tuple[str, ...] = (), skip: int = 0) -> tuple[Article, Annotation]:
    """An article whose sentences hold ``terms`` (the first ``skip`` left out, as another outlet's
    wording would), naming ``names`` (text, label) and the absolute ``dates``."""
    words = terms[skip:]
    sentences = tuple(Sentence(index=i, start=0, end=1, terms=words[i * 4:(i + 1) * 4])
                      for i in range((len(words) + 3) // 4))
    entities = tuple(Entity(start=0, end=len(text), text=text, label=label, sentence=0) for text, label in names)
    times = tuple(TimeExpression(start=0, end=len(value), text=value, sentence=0, value=value, relative=False,
                                 anchor="absolute") for value in dates)
    article = Article(id=article_id, source=f"{article_id}.txt", text="x " * 50, published=published)
    return article, Annotation(article_id=article_id, sentences=sentences, entities=entities, times=times)


def group(items: list[tuple[Article, Annotation]], settings: Settings | None = None) -> list[tuple[str, ...]]:
    articles = [article for article, _ in items]
    return group_stories(articles, {a.article_id: a for _, a in items}, settings or Settings())


def bombings(day: date) -> list[tuple[Article, Annotation]]:
    """Three outlets on a UN school hit in Gaza, three on a refugee camp bombed in Sudan, the same week."""
    gaza_names = (("Gaza", "GPE"), ("Jabaliya", "GPE"), ("UNRWA", "ORG"), ("Israel", "GPE"))
    sudan_names = (("South Sudan", "GPE"), ("Yida", "GPE"), ("Sudan People's Liberation Army", "ORG"))
    items = []
    for n in range(3):
        items.append(make(f"gaza-{n}", GAZA, gaza_names, day + timedelta(days=n), ("2009-01-06",), skip=n))
        items.append(make(f"sudan-{n}", SUDAN, sudan_names, day + timedelta(days=n), ("2011-11-10",), skip=n))
    return items


def test_link_stream_look_alike_events_in_different_places_stay_apart() -> None:
    groups = group(bombings(date(2011, 11, 10)))
    assert groups == [("gaza-0", "gaza-1", "gaza-2"), ("sudan-0", "sudan-1", "sudan-2")]


def test_link_stream_places_alone_keep_events_apart() -> None:
    """Same words and no dates: only the places (each named twice) differ."""
    items = [make(f"gaza-{n}", QUAKE, (("Gaza", "GPE"),) * 2, skip=n) for n in range(2)] + \
        [make(f"sudan-{n}", QUAKE, (("South Sudan", "GPE"), ("Sudan", "GPE")), skip=n) for n in range(2)]
    assert group(items) == [("gaza-0", "gaza-1"), ("sudan-0", "sudan-1")]


def test_link_stream_a_place_named_in_passing_does_not_split_a_story() -> None:
    items = [make("gaza-0", QUAKE, (("Gaza", "GPE"),) * 2),
             make("gaza-1", QUAKE, (("Gaza", "GPE"), ("Gaza", "GPE"), ("Sudan", "GPE")), skip=1),
             make("gaza-2", QUAKE, (("Sudan", "GPE"),), skip=2)]
    assert group(items) == [("gaza-0", "gaza-1", "gaza-2")]


def test_link_stream_same_kind_of_event_in_another_year_stays_apart() -> None:
    """Two earthquakes on the same island, undated articles naming different years."""
    names = (("Qeshm", "GPE"), ("Iran", "GPE"))
    items = [make(f"y2005-{n}", QUAKE, names, dates=("2005-11-27",), skip=n) for n in range(2)] + \
        [make(f"y2008-{n}", QUAKE, names, dates=("2008-09-10",), skip=n) for n in range(2)]
    assert group(items) == [("y2005-0", "y2005-1"), ("y2008-0", "y2008-1")]


def test_link_stream_one_event_across_outlets_is_one_story() -> None:
    names = (("Qeshm", "GPE"), ("Iran", "GPE"), ("Red Crescent", "ORG"))
    day = date(2008, 9, 10)
    items = [make(f"outlet-{n}", QUAKE, names, day + timedelta(days=n % 3), skip=n) for n in range(5)]
    items.append(make("undated", QUAKE, names, skip=2))
    assert group(items) == [("outlet-0", "outlet-1", "outlet-2", "outlet-3", "outlet-4", "undated")]


def test_link_stream_unrelated_stories_stay_apart() -> None:
    day = date(2024, 4, 2)
    items = [make("quake-0", QUAKE, published=day), make("ball-0", FOOTBALL, published=day),
             make("quake-1", QUAKE, published=day, skip=1), make("ball-1", FOOTBALL, published=day, skip=1)]
    assert group(items) == [("quake-0", "quake-1"), ("ball-0", "ball-1")]


#: Shares three of QUAKE's sixteen terms: about the same kind of thing, not the same story.
AFTERSHOCK = QUAKE[:3] + ("aftershock", "survey", "fault", "geologist", "insurance", "claim", "school", "reopen",
                          "budget", "council", "repair", "road", "bridge")


def test_link_stream_story_idle_longer_than_the_window_is_closed() -> None:
    stream = StoryStream(Settings(story_window_days=14))
    first = stream.add(*make("a", QUAKE, published=date(2024, 4, 1)))
    for n, day in enumerate((10, 11, 12)):
        stream.add(*make(f"ball-{n}", FOOTBALL, published=date(2024, 4, day), skip=n))
    assert stream.open_stories == 2
    for n, day in enumerate((20, 21, 22)):
        stream.add(*make(f"ball-late-{n}", FOOTBALL, published=date(2024, 4, day), skip=n))
    assert stream.open_stories == 1 and stream.closed_stories == 1  # the quake story was idle for 19 days
    late = stream.add(*make("c", AFTERSHOCK, published=date(2024, 4, 22)))
    assert late != first  # a closed story takes only what reads much like it
    again = stream.add(*make("d", QUAKE, published=date(2024, 4, 22), skip=1))
    assert again == first  # the same happening weeks later: the story's long tail
    assert len(stream.state()["stories"]) == 3 and stream.state()["archive"] == []


def test_link_stream_closed_stories_are_forgotten_after_the_archive_days() -> None:
    stream = StoryStream(Settings(story_window_days=14, story_archive_days=60))
    stream.add(*make("a", QUAKE, published=date(2024, 1, 1)))
    for n in range(3):
        stream.add(*make(f"ball-{n}", FOOTBALL, published=date(2024, 2, 1) + timedelta(days=n), skip=n))
    assert stream.closed_stories == 1
    for n in range(3):
        stream.add(*make(f"gaza-{n}", GAZA, published=date(2024, 4, 1) + timedelta(days=n), skip=n))
    assert stream.closed_stories == 1  # the football story, closed; the quake story is forgotten
    assert stream.add(*make("b", QUAKE, published=date(2024, 4, 3), skip=1)) != story_key("a")


def test_link_stream_one_article_dated_far_ahead_does_not_move_the_clock() -> None:
    """A scraper's timestamp a year later must not close every open story."""
    stream = StoryStream(Settings(story_window_days=14))
    stream.add(*make("a", QUAKE, published=date(2024, 1, 1)))
    stream.add(*make("b", QUAKE, published=date(2024, 1, 2), skip=1))
    stream.add(*make("wrong", FOOTBALL, published=date(2025, 4, 18)))
    assert stream.open_stories == 2 and stream.closed_stories == 0
    assert stream.add(*make("c", QUAKE, published=date(2024, 1, 3), skip=2)) == story_key("a")


def test_link_stream_window_setting_keeps_a_story_open() -> None:
    items = [make("a", QUAKE, published=date(2024, 4, 1)), make("b", AFTERSHOCK, published=date(2024, 5, 20))]
    assert group(items, Settings(story_merge_size=0)) == [("a",), ("b",)]
    assert group(items, Settings(story_window_days=60, story_merge_size=0)) == [("a", "b")]


def test_link_stream_undated_article_joins_a_closed_story() -> None:
    """An undated article about an older happening arriving last joins its story, closed by then."""
    items = [make("quake-0", QUAKE, published=date(2024, 1, 1)), make("quake-1", QUAKE, published=date(2024, 1, 2),
                                                                     skip=1)]
    items += [make(f"ball-{n}", FOOTBALL, published=date(2024, 3, 1) + timedelta(days=n), skip=n) for n in range(4)]
    items.append(make("undated", QUAKE, skip=2))
    groups = group(items)
    assert ("quake-0", "quake-1", "undated") in groups


def corpus() -> list[tuple[Article, Annotation]]:
    """Several weeks of look-alike and unrelated stories, some articles undated."""
    items = []
    start = date(2011, 11, 1)
    for week in range(6):
        day = start + timedelta(days=9 * week)
        for article, annotation in bombings(day):
            items.append(make(f"w{week}-{article.id}", tuple(t for s in annotation.sentences for t in s.terms),
                              tuple((e.text, e.label) for e in annotation.entities), article.published,
                              tuple(t.value for t in annotation.times)))
        items.append(make(f"w{week}-quake", QUAKE, (("Qeshm", "GPE"),), day, skip=week % 3))
        items.append(make(f"w{week}-ball", FOOTBALL, published=None if week % 2 else day, skip=week % 2))
    return items


def test_link_stream_batches_with_saved_state_equal_one_pass() -> None:
    items = corpus()
    settings = Settings()
    order = stream_order([article for article, _ in items])
    one_pass = StoryStream(settings)
    expected = [one_pass.add(*items[i]) for i in order]
    got = []
    stream = StoryStream(settings)
    for batch in (order[:7], order[7:8], order[8:30], order[30:]):
        for i in batch:
            got.append(stream.add(*items[i]))
        stream = StoryStream.from_state(json.loads(json.dumps(stream.state())), settings)
    assert got == expected
    assert json.dumps(stream.state()) == json.dumps(one_pass.state())


def test_link_stream_is_deterministic() -> None:
    items = corpus()
    assert group(items) == group(list(items))
    first, second = StoryStream(Settings()), StoryStream(Settings())
    for article, annotation in items:
        first.add(article, annotation)
        second.add(article, annotation)
    assert json.dumps(first.state()) == json.dumps(second.state())


def test_link_stream_groups_are_in_input_order_and_keys_name_the_first_article() -> None:
    items = [make("late", QUAKE, published=date(2024, 4, 3)), make("early", QUAKE, published=date(2024, 4, 1), skip=1)]
    assert group(items) == [("late", "early")]
    stream = StoryStream(Settings())
    assert stream.add(*items[1]) == story_key("early")
    assert stream.add(*items[0]) == story_key("early")


def test_link_stream_undated_articles_come_after_dated_ones() -> None:
    articles = [make("u", QUAKE)[0], make("b", QUAKE, published=date(2024, 4, 2))[0],
                make("a", QUAKE, published=date(2024, 4, 1))[0]]
    assert stream_order(articles) == [2, 1, 0]


def test_link_stream_features_key_people_by_surname() -> None:
    _, annotation = make("a", QUAKE, (("Lindsay Lohan", "PERSON"), ("Lohan 's", "PERSON"), ("the Red Cross", "ORG")))
    features = article_features(make("a", QUAKE)[0], annotation)
    assert features.keys["@lohan"] == 2 and features.keys["@red cross"] == 1


@pytest.mark.parametrize("data", [{"version": 0}, {"version": 1, "clock": None}])
def test_link_stream_refuses_a_state_it_cannot_read(data: dict) -> None:
    with pytest.raises(StoreError, match="story stream state"):
        StoryStream.from_state(data, Settings())


@pytest.mark.parametrize("name, value", [("story_join_similarity", 1.5), ("story_entity_weight", 0.0),
                                         ("story_terms", 0)])
def test_link_stream_bad_setting_names_the_setting(name: str, value: float) -> None:
    with pytest.raises(SettingsError, match=name):
        StoryStream(Settings(**{name: value}))


def gaza_with_a_fragment() -> list[tuple[Article, Annotation]]:
    """Three undated outlets on the Gaza school, a later one on the same event told mostly with new
    words (under the stream's threshold), and an unrelated football story."""
    items = [make(f"gaza-{n}", GAZA, (("Gaza", "GPE"),), skip=n) for n in range(3)]
    items.append(make("gaza-late", GAZA[10:] + ("ceasefire", "talk", "cairo", "egypt", "envoy", "truce", "hamas",
                                                "border"), (("Gaza", "GPE"),)))
    items += [make(f"ball-{n}", FOOTBALL, (("Wembley", "FAC"),), skip=n) for n in range(3)]
    return items


def test_link_stream_merge_pass_joins_a_fragment_to_its_story() -> None:
    items = gaza_with_a_fragment()
    assert group(items, Settings(story_merge_size=0)) == [("gaza-0", "gaza-1", "gaza-2"), ("gaza-late",),
                                                         ("ball-0", "ball-1", "ball-2")]
    assert group(items) == [("gaza-0", "gaza-1", "gaza-2", "gaza-late"), ("ball-0", "ball-1", "ball-2")]


def test_link_stream_merge_pass_keeps_a_fragment_of_another_place_apart() -> None:
    items = gaza_with_a_fragment()
    items[3] = make("sudan-late", GAZA[10:] + ("ceasefire", "talk", "khartoum", "envoy", "truce", "border"),
                    (("South Sudan", "GPE"), ("Yida", "GPE")))
    assert ("sudan-late",) in group(items)


def test_link_stream_merge_pass_keeps_a_fragment_of_another_year_apart() -> None:
    items = gaza_with_a_fragment()
    items[:3] = [make(f"gaza-{n}", GAZA, (("Gaza", "GPE"),), dates=("2009-01-06",), skip=n) for n in range(3)]
    items[3] = make("gaza-late", items[3][1].sentences[0].terms + GAZA[14:] + ("ceasefire", "talk", "cairo", "egypt",
                                                                             "envoy", "truce", "hamas", "border"),
                    (("Gaza", "GPE"),), dates=("2014-07-30",))
    assert ("gaza-late",) in group(items)


def test_link_stream_merge_pass_leaves_look_alike_stories_apart() -> None:
    groups = group(bombings(date(2011, 11, 10)))
    assert sorted(groups) == [("gaza-0", "gaza-1", "gaza-2"), ("sudan-0", "sudan-1", "sudan-2")]


@pytest.mark.parametrize(("name", "value"), [("story_merge_similarity", 1.5), ("story_merge_size", -1)])
def test_link_stream_bad_merge_setting_names_the_setting(name: str, value: float) -> None:
    with pytest.raises(SettingsError) as error:
        group(bombings(date(2011, 11, 10)), Settings(**{name: value}))
    assert error.value.setting == name
