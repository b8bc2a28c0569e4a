"""Cleaning: turn a ``RawDocument`` into an ``Article``.

``clean_article`` is the stage; the other functions are its rules, usable on
their own: ``repair_text`` (encoding and whitespace), ``remove_boilerplate``
(page furniture, captions, teasers) and the metadata finders (``take_byline``,
``take_author_bio``, ``take_title``; dates: ``storyline.dating.stated``). ``extract_article`` takes the article out of an HTML page;
``mark_duplicates`` runs over all cleaned articles and marks syndicated copies.
"""

from storyline.clean.article import clean_article
from storyline.clean.dedupe import mark_duplicates
from storyline.clean.extract import Extraction, extract_article
from storyline.clean.boilerplate import Taken, remove_boilerplate, split_paragraphs
from storyline.clean.metadata import take_author_bio, take_byline, take_title
from storyline.clean.repair import repair_text

__all__ = [
    "Extraction",
    "Taken",
    "clean_article",
    "extract_article",
    "mark_duplicates",
    "remove_boilerplate",
    "repair_text",
    "split_paragraphs",
    "take_author_bio",
    "take_byline",
    "take_title",
]
