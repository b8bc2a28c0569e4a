"""Link: relate articles to each other - stories, and dates inferred from a story."""

from .dates import infer_publication_windows
from .similarity import TermWeights, term_weights
from .stories import group_stories, story_id, story_title

__all__ = ["TermWeights", "group_stories", "infer_publication_windows", "story_id", "story_title", "term_weights"]
