"""Dating: when an article was published, and when the happenings it reports took place.

One home for the question "when", which every other stage asks:

- ``expressions``: time expressions ("on Monday", "Jan. 3, 2024", "last month") resolved
  to calendar dates against a publication date, and their TIMEX3 values (the annotation
  stage finds the expressions and calls it);
- ``stated``: what the input states about the publication date: metadata, the page, a
  crawl prefix, datelines, update times, each a ``DateEvidence`` (called by cleaning);
- ``verdict``: the decision among those statements (``stated_verdict``);
- ``content``: what the article's own text says: a stated date it shows impossible, the
  span of the days it reports (``content_time``), where a stream can place it (called
  after annotation, ``date_article``);
- ``story``: dating from the story, once stories are formed: windows for undated
  articles, and statements the story shows impossible.
"""

from .content import date_article
from .story import infer_publication_windows
from .verdict import stated_verdict

__all__ = ["date_article", "infer_publication_windows", "stated_verdict"]
