"""``storyline`` on the command line: parse arguments, call the pipeline, print, exit.

Library errors (``StorylineError``) and usage errors become one-line messages on
standard error and a non-zero exit code; nothing else is decided here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
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
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER_ADDRESS", help="Run reading, cleaning and annotation on the Dask cluster of this scheduler (e.g. tcp://10.0.0.5:8786); finished partitions are checkpointed in --out.", show_default=False)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", metavar="N", help="Run reading, cleaning and annotation on a local Dask cluster of N worker processes started here.", min=1, show_default=False)] = None,
    dashboard: Annotated[bool, typer.Option("--dashboard", help="Print the address of the Dask dashboard (a local cluster's needs bokeh).")] = False,
    partition_size: Annotated[int, typer.Option("--partition-size", metavar="N", help="With --dask or --workers: files, JSONL lines or fetched documents per Dask task.", min=1)] = 200,
) -> None:
    """Read INPUT..., build stories and timelines, and write them into --out."""
    from .pipeline import build as run_build

    settings = load_settings(config=config, overrides={
        "model": model, "jsonl_fields": jsonl_fields, "timeline_dates": dates, "timeline_sentences": sentences_per_date,
        "query": query, "one_timeline": one_timeline or None})
    if dask is not None or workers is not None:
        _build_on_cluster(inputs or [], settings, out, urls or [], dask=dask, workers=workers, dashboard=dashboard,
                          partition_size=partition_size, quiet=quiet)
        return
    if dashboard:
        raise StorylineError("--dashboard needs --dask SCHEDULER_ADDRESS or --workers N")
    with _progress(quiet) as progress:
        result = run_build(inputs or [], settings, url_lists=urls or [], progress=progress)
    _report(result, out)


def _build_on_cluster(inputs: list[str], settings, out: Path, urls: list[Path], *, dask: str | None,
                      workers: int | None, dashboard: bool, partition_size: int, quiet: bool) -> None:
    """``storyline build --dask`` / ``--workers``: the per-article stages on Dask (``storyline.distributed``)."""
    from .distributed import PartitionError, build_on_cluster, open_cluster

    with open_cluster(dask, workers, dashboard=dashboard) as client:
        if dashboard:
            console.print(f"storyline: Dask dashboard at {client.dashboard_link}", highlight=False, soft_wrap=True)
        with Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, disable=quiet, transient=True) as bar:
            task = bar.add_task("partitions", total=None)
            try:
                run = build_on_cluster(inputs, settings, client, out, url_lists=urls, partition_size=partition_size,
                                       progress=lambda done, total: bar.update(task, completed=done, total=total))
            except PartitionError as error:
                console.print(f"storyline: {error}", highlight=False, soft_wrap=True)
                raise typer.Exit(EXIT_FAILED) from None
    if run.resumed:
        console.print(f"storyline: {run.resumed} of {run.partitions} partitions taken from the checkpoints in "
                      f"{run.checkpoints}", highlight=False, soft_wrap=True)
    _report(run.result, out)


@app.command()
def add(
    inputs: Annotated[Optional[list[str]], typer.Argument(metavar="INPUT...", help="What to add: the same kinds of input as `storyline build` takes.", show_default=False)] = None,
    store: Annotated[Path, typer.Option("--store", help="A folder written by `storyline build` (or `add`): its articles are kept, the new ones added, and everything written back there.")] = Path("out"),
    urls: Annotated[Optional[list[Path]], typer.Option("--urls", metavar="FILE", help="A file of URLs to fetch, one per line (# comments); may be repeated.", show_default=False)] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline (package name or path); by default the build's.", show_default=False)] = None,
    config: Annotated[Optional[Path], typer.Option(help="TOML file with settings (a [storyline] table), over the build's own.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Add INPUT... to the build in --store: new articles are annotated, everything is linked
    again with the build's settings; story ids stay as they were."""
    from .pipeline import OUTPUT_FILES
    from .pipeline import add as run_add
    from .store import load_store

    previous = load_store(store / OUTPUT_FILES["store"])
    settings = load_settings(base=previous.settings, config=config, overrides={"model": model})
    with _progress(quiet) as progress:
        result = run_add(previous, inputs or [], settings, url_lists=urls or [], progress=progress)
    _report(result, store)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for annotation, as the callback the pipeline calls."""
    with Progress(TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("annotate", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def _report(result, out: Path) -> None:
    """Write the outputs of ``result`` into ``out`` and say what was built."""
    from .pipeline import write_outputs

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
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only what is new or changed since DATE (YYYY-MM-DD, or an ISO date and time, UTC): stories that gained articles, their new articles and the timeline lines these support.", show_default=False)] = None,
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
    if since is not None:
        try:
            datetime.fromisoformat(since)
        except ValueError:
            raise StorylineError(f"--since {since!r}: not a date; give YYYY-MM-DD or an ISO date and time") from None
    print_timelines(data, out_console, story_id=story, with_sources=sources, since=since)


@app.command()
def serve(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A folder written by `storyline build`: its storyline.db is served read-only.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but a loopback address (127.0.0.1, ::1, localhost) lets other machines read the build.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).", min=0, max=65535)] = 8000,
) -> None:
    """Browse the build in DIR: stories, timelines, sources, search and downloads, in a local web app."""
    from .web.server import is_loopback
    from .web.server import serve as run_server

    def announce(address: str) -> None:
        if not is_loopback(host):
            console.print(f"storyline: listening on {host}: every machine that can reach it can read this build",
                          highlight=False, soft_wrap=True)
        out_console.print(f"storyline: serving {directory} at {address} (Ctrl-C stops)", highlight=False, soft_wrap=True)
        sys.stdout.flush()

    run_server(directory, host=host, port=port, announce=announce)


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
