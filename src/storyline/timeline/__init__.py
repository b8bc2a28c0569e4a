"""Timeline: a story's articles and annotations in, dated and sourced ``TimelineEntry`` records out."""

from .build import build_timeline

__all__ = ["build_timeline"]
