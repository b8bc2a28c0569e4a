"""Link: relate articles to each other - the stories and the events inside them."""

from .events import link_events
from .related import relate_stories
from .similarity import TermWeights, term_weights
from .stories import group_stories, story_id, story_title

__all__ = ["TermWeights", "group_stories", "link_events", "relate_stories", "story_id",
           "story_title", "term_weights"]
