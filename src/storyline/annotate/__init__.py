"""Annotate: ``Article`` in, ``Annotation`` out. spaCy lives in this package only.

Needs: cleaned article text and, when known, its publication date. Adds:
sentences (with their content lemmas), named entities, and time expressions
resolved to dates with their granularity and character offsets.
"""

from ..dating.expressions import Resolution, resolve_time_expression
from .nlp import annotate_articles, load_pipeline

__all__ = ["Resolution", "annotate_articles", "load_pipeline", "resolve_time_expression"]
