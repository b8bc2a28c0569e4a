"""The timeline in a terminal (``storyline show``), rendered from ``storyline.json`` data."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _published(article: dict[str, Any]) -> str:
    published = article["published"]
    if published["date"]:
        return published["date"]
    if published["inferred"]:
        return f"{published['inferred']['from']}..{published['inferred']['to']} (inferred)"
    return "undated"


def print_timelines(data: dict[str, Any], console: Console, *, story_id: str | None = None,
                    with_sources: bool = False) -> None:
    """Print each story: its title, articles and timeline; every line with the articles it cites."""
    articles = {article["id"]: article for article in data.get("articles", [])}
    stories = [s for s in data.get("stories", []) if story_id is None or s["id"] == story_id]
    if not stories:
        console.print("No stories.")
    for story in stories:
        console.rule(f"[bold]{escape(story['title'] or 'Untitled story')}[/bold]  [dim]{story['id']}[/dim]")
        members = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        members.add_column("id", no_wrap=True, style="dim")
        members.add_column("title", ratio=1)
        members.add_column("published", style="dim")
        for article_id in story["article_ids"]:
            article = articles[article_id]
            members.add_row(escape(article_id), escape(article["title"] or "(no title)"), _published(article))
        console.print(members)
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column("date", no_wrap=True, style="bold")
        table.add_column("what happened", ratio=1)
        for entry in story["timeline"]:
            cited = ", ".join(entry["article_ids"])
            date = entry["date"] + (" [dim](background)[/dim]" if entry["background"] else "")
            summary = " ".join(span["text"] for span in entry.get("summary_sources") or [entry["summary_source"]])
            body = f"{escape(summary)}\n[dim]sources: {escape(cited)}[/dim]"
            if with_sources:
                body += "".join(f"\n  [dim]{escape(s['article_id'])} {s['start']}-{s['end']}:[/dim] {escape(s['text'])}"
                                for s in entry["sources"])
            table.add_row(date, body)
        console.print(table)
    rejected = data.get("rejected", [])
    if rejected:
        console.print(f"[bold]{len(rejected)} rejected[/bold]")
        for item in rejected:
            console.print(f"  {escape(item['source'])} [dim]({item['stage']})[/dim]: {escape(item['reason'])}", highlight=False)
