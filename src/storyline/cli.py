"""``storyline`` on the command line: parse arguments, call the pipeline, print, exit.

Library errors (``StorylineError``) and usage errors become one-line messages on
standard error and a non-zero exit code; nothing else is decided here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .errors import StorylineError
from .settings import load_settings

app = typer.Typer(
    name="storyline",
    help="Group news articles into stories and build dated timelines in which every line cites its sources.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
console = Console(stderr=True)
out_console = Console()

EXIT_USAGE = 2
EXIT_FAILED = 1


@app.command()
def build(
    inputs: Annotated[Optional[list[str]], typer.Argument(metavar="INPUT...", help="Files (.txt, .html/.htm, .jsonl, .warc/.warc.gz, .rss/.atom/.xml feeds), folders, glob patterns, http(s) URLs of pages or feeds, and - for standard input.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for storyline.json, storyline.db and report.html.")] = Path("out"),
    urls: Annotated[Optional[list[Path]], typer.Option("--urls", metavar="FILE", help="A file of URLs to fetch, one per line (# comments); may be repeated.", show_default=False)] = None,
    jsonl_fields: Annotated[Optional[str], typer.Option("--jsonl-fields", help="JSONL field names as ours=theirs pairs, e.g. text=body,title=headline.", show_default=False)] = None,
    dates: Annotated[Optional[int], typer.Option("--dates", metavar="N", help="Dates per timeline (default: all dates of a small story, the best ones of a large one).", show_default=False)] = None,
    sentences_per_date: Annotated[Optional[int], typer.Option("--sentences-per-date", metavar="K", help="Summary sentences per date (default 1).", show_default=False)] = None,
    query: Annotated[Optional[str], typer.Option("--query", help="Keywords or names, comma-separated: only sentences that mention one sum up a date.", show_default=False)] = None,
    one_timeline: Annotated[bool, typer.Option("--one-timeline", help="One timeline over all articles instead of one per story.")] = False,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline (package name or path).", show_default=False)] = None,
    config: Annotated[Optional[Path], typer.Option(help="TOML file with settings (a [storyline] table).", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read INPUT..., build stories and timelines, and write them into --out."""
    from .pipeline import build as run_build
    from .pipeline import write_outputs

    settings = load_settings(config=config, overrides={
        "model": model, "jsonl_fields": jsonl_fields, "timeline_dates": dates, "timeline_sentences": sentences_per_date,
        "query": query, "one_timeline": one_timeline or None})
    with Progress(TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("annotate", total=None)
        result = run_build(inputs or [], settings, url_lists=urls or [],
                           progress=lambda done, total: progress.update(task, completed=done, total=total))
    paths = write_outputs(result, out)
    stats = result.stats
    stories = int(stats["stories"])
    console.print(
        f"{stats['articles']} articles, {stats['rejected']} rejected, {stories} {'story' if stories == 1 else 'stories'} "
        f"in {stats['seconds']:.1f} s ({stats['articles_per_second']:,.1f} articles/s, "
        f"{stats['words_per_second']:,.0f} words/s); report: {paths['report']}",
        highlight=False, soft_wrap=True)
    if not result.articles:
        console.print(f"storyline: no articles: every input was rejected; reasons are in {paths['json']}", highlight=False)
        raise typer.Exit(EXIT_FAILED)


@app.command()
def show(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A folder written by `storyline build`.")],
    story: Annotated[Optional[str], typer.Option(help="Only the story with this id.", show_default=False)] = None,
    sources: Annotated[bool, typer.Option("--sources", help="List every source sentence under each line.")] = False,
) -> None:
    """Print the timelines of a build in the terminal."""
    from .output.terminal import print_timelines

    path = directory / "storyline.json" if directory.is_dir() else directory
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StorylineError(f"{path}: not found; run `storyline build INPUT... --out {directory}` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StorylineError(f"{path}: cannot read storyline.json: {error}") from None
    if story is not None and story not in {s["id"] for s in data.get("stories", [])}:
        raise StorylineError(f"no story {story!r} in {path}")
    print_timelines(data, out_console, story_id=story, with_sources=sources)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every error into a one-line message and an exit code."""
    command = typer.main.get_command(app)
    try:
        # Without standalone mode click returns the exit code of typer.Exit instead of exiting.
        code = command.main(args=argv, prog_name="storyline", standalone_mode=False)
    except typer.Abort:
        console.print("storyline: interrupted", highlight=False)
        sys.exit(130)
    except typer.TyperException as error:
        # Usage errors: typer raises its own copy of click's exceptions.
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        console.print(f"storyline: {message} (see storyline --help)", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except StorylineError as error:
        console.print(f"storyline: {error}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else 0)
