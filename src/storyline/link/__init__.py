"""Link: relate articles to each other - stories, the events inside them, and dates inferred from a story."""

from .dates import infer_publication_windows
from .events import link_events
from .related import relate_stories
from .similarity import TermWeights, term_weights
from .stories import group_stories, story_id, story_title

__all__ = ["TermWeights", "group_stories", "infer_publication_windows", "link_events", "relate_stories", "story_id",
           "story_title", "term_weights"]
