"""Stories: articles that report on the same happening.

``group_stories`` runs the stream clusterer (``link.stream.StoryStream``) over a
finished set of articles: the dated ones in publication order, then the undated
ones in input order (each can join any story still open by then). See
``link.stream`` for how an article joins a story, and why look-alike events of
different places, years or weeks stay apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ..model import Annotation, Article
from ..settings import Settings
from .stream import StoryStream, publication_day


def _terms(annotation: Annotation) -> list[str]:
    return [term for sentence in annotation.sentences for term in sentence.terms]


def stream_order(articles: Sequence[Article]) -> list[int]:
    """Positions of ``articles`` in the order a stream takes them: dated ones by date (ties in
    input order), then undated ones in input order."""
    days = [publication_day(article) for article in articles]
    dated = sorted((i for i, day in enumerate(days) if day is not None), key=lambda i: (days[i], i))
    return dated + [i for i, day in enumerate(days) if day is None]


def group_stories(articles: Sequence[Article], annotations: Mapping[str, Annotation],
                  settings: Settings) -> list[tuple[str, ...]]:
    """Article ids grouped into stories, each in input order; stories ordered by their first article.

    Needs each article's ``Annotation`` (sentence terms, entities, resolved dates) and
    its publication date when known; clusters them with ``StoryStream`` in
    ``stream_order``.
    """
    stream = StoryStream(settings)
    keys: list[str] = [""] * len(articles)
    for i in stream_order(articles):
        keys[i] = stream.add(articles[i], annotations[articles[i].id])
    groups: dict[str, list[str]] = {}
    for key, article in zip(keys, articles):
        groups.setdefault(key, []).append(article.id)
    return [tuple(ids) for ids in groups.values()]


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for a story: derived from its first article's id."""
    return "story-" + hashlib.sha1(article_ids[0].encode("utf-8")).hexdigest()[:10]


def story_title(articles: Sequence[Article], annotations: Mapping[str, Annotation]) -> tuple[str | None, str | None]:
    """The title of the story's most typical titled article (most terms shared with the others),
    with that article's id; ``(None, None)`` when no article has a title."""
    titled = [a for a in articles if a.title]
    if not titled:
        return None, None
    term_sets = {a.id: set(_terms(annotations[a.id])) for a in articles}

    def shared(article: Article) -> int:
        own = term_sets[article.id]
        return sum(len(own & term_sets[other.id]) for other in articles if other.id != article.id)

    best = max(titled, key=shared)
    return best.title, best.id
