"""``report.html``: one self-contained page (inline CSS, no scripts, no external assets).

Jinja2 escapes every value put into the page, so article text containing markup
is shown as text, never interpreted.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..model import BuildResult, granularity_of
from .json import write_atomically


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("storyline.output", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(result: BuildResult) -> str:
    """The HTML of the report."""
    articles = {article.id: article for article in result.articles}
    titles = {story.id: story.title for story in result.stories}
    return _environment().get_template("report.html").render(
        result=result, articles=articles, titles=titles, granularity_of=granularity_of)


def write_report(result: BuildResult, path: Path) -> None:
    page = render_report(result)
    write_atomically(Path(path), lambda p: p.write_text(page, encoding="utf-8"))
