"""storyline: many articles from many outlets in; stories and dated, sourced timelines out."""

__version__ = "0.1.0"
