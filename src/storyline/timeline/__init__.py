"""Timeline: a story's articles and annotations in, dated and sourced ``TimelineEntry`` records out."""

from .build import TimelineDay, build_timeline, select_timeline
from .query import Query, parse_query

__all__ = ["Query", "TimelineDay", "build_timeline", "parse_query", "select_timeline"]
