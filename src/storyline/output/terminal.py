"""The timeline in a terminal (``storyline show``), rendered from ``storyline.json`` data."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _published(article: dict[str, Any]) -> str:
    """When the article came out and what that rests on: "2024-01-04 (dateline; prefix
    2024-01-01 contradicted)", "2024-01-01..2024-01-07 (inferred)", "undated"."""
    published = article["published"]
    contradicted = [f"{e['source']} {e['value']} contradicted" for e in published.get("evidence", ())
                    if e["status"] == "contradicted"]
    if published["date"]:
        return f"{published['date']} ({'; '.join([published['source'] or 'stated', *contradicted])})"
    if published["inferred"]:
        note = "; ".join(["inferred", *contradicted])
        return f"{published['inferred']['from']}..{published['inferred']['to']} ({note})"
    return "; ".join(["undated", *contradicted])


def _label(article: dict[str, Any]) -> str:
    return article.get("outlet") or article["id"]


def _cite(article: dict[str, Any], start: int, end: int) -> str:
    """An article's outlet (when known), id and offsets, escaped for Rich."""
    outlet = f"{article['outlet']} " if article.get("outlet") else ""
    return escape(f"{outlet}{article['id']} {start}-{end}")


_STATUS_STYLE = {"conflict": "bold red", "compatible": "yellow", "agree": "green"}


def _print_claims(story: dict[str, Any], articles: dict[str, Any], console: Console) -> None:
    """"Where they differ": each aligned claim with its status and every mention."""
    claims = story.get("claims") or []
    if not claims:
        return
    console.print("[bold]Where they differ[/bold]")
    for claim in claims:
        style = _STATUS_STYLE.get(claim["status"], "")
        console.print(f"  [{style}]{claim['status'].upper()}[/{style}] {escape(claim['about'])} "
                      f"[dim]({claim['independent_sources']} independent)[/dim]", highlight=False)
        for mention in claim["mentions"]:
            console.print(f"    “{escape(mention['text'])}” = {escape(mention['value'])} "
                          f"[dim]{_cite(articles[mention['article_id']], mention['start'], mention['end'])}[/dim]",
                          highlight=False)


def _print_quotes(story: dict[str, Any], articles: dict[str, Any], console: Console) -> None:
    quotes = story.get("quotes") or []
    if not quotes:
        return
    console.print("[bold]Who said what[/bold]")
    # Quoted words and what several articles report; the rest of the reported speech is
    # counted, and listed in storyline.json and the report.
    shown = [q for q in quotes if q["kind"] == "direct" or len(q["article_ids"]) > 1]
    for quote in shown:
        speaker = quote["speaker"] or "unnamed speaker"
        if quote["speaker_type"] not in ("person", "unknown"):
            speaker += f" ({quote['speaker_type']})"
        text = f"“{quote['text']}”" if quote["kind"] == "direct" else quote["text"]
        outlets = ", ".join(dict.fromkeys(_label(articles[a]) for a in quote["article_ids"]))
        cue = f" [dim]({escape(quote['cue'])})[/dim]" if quote.get("cue") else ""
        console.print(f"  [bold]{escape(speaker)}[/bold]{cue}: {escape(text)} [dim]— {escape(outlets)}[/dim]",
                      highlight=False)
    if len(shown) < len(quotes):
        console.print(f"  [dim]and {len(quotes) - len(shown)} statements in reported speech (storyline.json, "
                      "report.html)[/dim]", highlight=False)


def _print_citations(story: dict[str, Any], articles: dict[str, Any], console: Console) -> None:
    """"Who reported and who repeated": each cited outlet and the articles that cite it."""
    cited: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for citation in story.get("citations") or []:
        cited.setdefault(citation["cited"], {}).setdefault(citation["article_id"], []).append(citation)
    if not cited:
        return
    console.print("[bold]Who reported and who repeated[/bold]")
    for outlet, by_article in cited.items():
        parts = []
        for article_id, citations in by_article.items():
            first = citations[0]
            how = ("own reporting" if first["original"] else "syndicated copy" if first["kind"] == "syndicated"
                   else f"repeats: “{first['text']}”" + (f" +{len(citations) - 1}" if len(citations) > 1 else ""))
            article = articles[article_id]
            name = f"{escape(article['outlet'])} [dim]{escape(article_id)}[/dim]" if article.get("outlet") \
                else escape(article_id)
            parts.append(f"{name} ({escape(how)})")
        console.print(f"  [bold]{escape(outlet)}[/bold] ← " + "; ".join(parts), highlight=False)


def _is_new(value: str | None, since: str | None) -> bool:
    """Whether the time ``value`` (ISO) is at or after ``since`` (an ISO date or date and time)."""
    return since is not None and value is not None and value >= since


def print_timelines(data: dict[str, Any], console: Console, *, story_id: str | None = None,
                    with_sources: bool = False, since: str | None = None) -> None:
    """Print each story: its title, articles and timeline; every line with the articles it cites.

    With ``since`` (an ISO date or date and time), only what is new or changed since then:
    the stories that gained articles, marked new or updated, with their new articles and
    the timeline lines those articles support."""
    articles = {article["id"]: article for article in data.get("articles", [])}
    stories = [s for s in data.get("stories", []) if story_id is None or s["id"] == story_id]
    if since is not None:
        stories = [s for s in stories if _is_new(s.get("updated"), since)]
    if not stories:
        console.print("No stories." if since is None else f"Nothing new since {escape(since)}.")
    for story in stories:
        fresh = {a for a in story["article_ids"] if _is_new(articles[a].get("added"), since)}
        status = ""
        if since is not None:
            status = "[green]new[/green] " if _is_new(story.get("created"), since) else "[yellow]updated[/yellow] "
        console.rule(f"{status}[bold]{escape(story['title'] or 'Untitled story')}[/bold]  [dim]{story['id']}[/dim]")
        members = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        members.add_column("id", no_wrap=True, style="dim")
        members.add_column("title", ratio=1)
        members.add_column("published", style="dim")
        for article_id in story["article_ids"]:
            if since is not None and article_id not in fresh:
                continue
            article = articles[article_id]
            members.add_row(escape(article_id), escape(article["title"] or "(no title)"), _published(article))
        console.print(members)
        if story.get("related"):
            titles = {s["id"]: s["title"] for s in data.get("stories", [])}
            console.print("[dim]look-alike stories kept apart: " + "; ".join(
                escape(f"{titles.get(other) or 'Untitled'} ({other})") for other in story["related"]) + "[/dim]",
                highlight=False)
        _print_claims(story, articles, console)
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column("date", no_wrap=True, style="bold")
        table.add_column("what happened", ratio=1)
        for entry in story["timeline"]:
            if since is not None and not fresh.intersection(entry["article_ids"]):
                continue
            cited = ", ".join(entry["article_ids"])
            date = entry["date"] + (" [dim](background)[/dim]" if entry["background"] else "")
            summary = " ".join(span["text"] for span in entry.get("summary_sources") or [entry["summary_source"]])
            body = f"{escape(summary)}\n[dim]sources: {escape(cited)}[/dim]"
            if with_sources:
                body += "".join(f"\n  [dim]{escape(s['article_id'])} {s['start']}-{s['end']}:[/dim] {escape(s['text'])}"
                                for s in entry["sources"])
            table.add_row(date, body)
        console.print(table)
        _print_quotes(story, articles, console)
        _print_citations(story, articles, console)
    rejected = data.get("rejected", [])
    if rejected:
        console.print(f"[bold]{len(rejected)} rejected[/bold]")
        for item in rejected:
            console.print(f"  {escape(item['source'])} [dim]({item['stage']})[/dim]: {escape(item['reason'])}", highlight=False)
