import socket
from pathlib import Path

import pytest

from storyline.clean import html_metadata
from storyline.clean.html_metadata import (
    clean_author,
    declared_languages,
    detect_language,
    language_code,
    meta_values,
    outlet_name,
    page_author,
    page_date,
    page_language,
    page_title,
    parse_html,
    read_page_metadata,
    registered_domain,
    strip_site_name,
    url_date,
)

HTML = Path(__file__).parent / "data" / "html"
GERMAN = ("Die neue Fährverbindung zwischen dem Hafen und der Insel soll im Mai den Betrieb aufnehmen. "
          "Das teilte die Reederei am Dienstag mit, nachdem die Behörden die letzten Genehmigungen erteilt "
          "hatten. Zunächst sollen täglich vier Fahrten angeboten werden, im Sommer sechs.")


def page(head: str = "", body: str = "<p>Text.</p>", lang: str | None = None) -> str:
    attribute = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{attribute}><head>{head}</head><body>{body}</body></html>"


# --- titles -------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "names", "expected"), [
    ("Storm hits coast | Daily Planet", ["Daily Planet"], "Storm hits coast"),
    ("Storm hits coast - BBC News", ["bbc.co.uk"], "Storm hits coast"),
    ("Daily Planet: Storm hits coast", ["dailyplanet.com"], "Storm hits coast"),
    ("Storm hits coast — The Hill", [None, "thehill.com"], "Storm hits coast"),
    ("Storm hits coast · Daily Planet | Daily Planet", ["Daily Planet"], "Storm hits coast"),
    ("Storm hits coast | Weather | Daily Planet", ["Daily Planet"], "Storm hits coast | Weather"),
])
def test_strip_site_name_cuts_the_site(title: str, names: list[str | None], expected: str) -> None:
    assert strip_site_name(title, names) == expected


@pytest.mark.parametrize(("title", "names"), [
    ("Biden: We will rebuild the coast", ["bbc.co.uk"]),
    ("Storm hits coast - live updates", ["Daily Planet"]),
    ("BBC reporter arrested: police give details", ["bbc.co.uk"]),
    ("Storm hits coast | Daily Planet", []),
    ("Planet: a storm on Jupiter", ["dailyplanet.com"]),
])
def test_strip_site_name_keeps_a_headline_dash_or_colon(title: str, names: list[str]) -> None:
    assert strip_site_name(title, names) == title


def test_page_title_prefers_og_title_without_site() -> None:
    tree = parse_html(page('<title>Storm hits coast | Daily Planet</title>'
                           '<meta property="og:title" content="Storm hits coast - Daily Planet">'))
    assert page_title(tree, meta_values(tree), (), ["Daily Planet"]) == "Storm hits coast"


def test_page_title_uses_the_h1_inside_the_title() -> None:
    tree = parse_html(page("<title>Harbour Gazette: Fishing fleet returns early</title>",
                           "<h1>Fishing fleet returns early</h1><p>Text.</p>"))
    assert page_title(tree, meta_values(tree), (), []) == "Fishing fleet returns early"


# --- authors ------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "View all posts by Jane Doe", "By Jane Doe", "by: Jane Doe", "Jane Doe, Reuters", "Jane Doe | Staff writer",
    "Jane Doe - Senior correspondent", "BY JANE DOE", "jane doe", "https://www.example.com/author/jane-doe/",
    "https://example.com/people/jane_doe", "  Jane   Doe  ", "Analysis by Jane Doe", "Jane Doe. Daily Planet",
    "Author: Jane Doe",
])
def test_clean_author_leaves_the_name(value: str) -> None:
    assert clean_author(value) == "Jane Doe"


@pytest.mark.parametrize(("value", "expected"), [
    ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe"),
    ("Jane Doe & John Roe", "Jane Doe and John Roe"),
    ("Jane Doe, John Roe and Ann Poe", "Jane Doe, John Roe and Ann Poe"),
    ("Maria de Souza", "Maria de Souza"),
    ("Bruce Y. Lee", "Bruce Y. Lee"),
    ("AFP", "AFP"),
    ("Colby Smith", "Colby Smith"),
])
def test_clean_author_several_names(value: str, expected: str) -> None:
    assert clean_author(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "https://www.facebook.com/janedoe", "jane@example.com",
                                   "@janedoe", "12345"])
def test_clean_author_without_a_name(value: str | None) -> None:
    assert clean_author(value) is None


def test_page_author_prefers_json_ld() -> None:
    tree = parse_html(page('<meta name="author" content="Daily Planet Staff">'
                           '<script type="application/ld+json">{"@type": "NewsArticle", '
                           '"author": [{"name": "Jane Doe"}, {"name": "John Roe"}]}</script>'))
    assert page_author(tree, meta_values(tree), html_metadata.json_ld(tree)) == "Jane Doe and John Roe"


def test_page_author_skips_broken_json_ld() -> None:
    tree = parse_html(page('<script type="application/ld+json">{"@type": "NewsArticle",}</script>'
                           '<meta property="article:author" content="https://example.com/author/jane-doe">'))
    assert page_author(tree, meta_values(tree), html_metadata.json_ld(tree)) == "Jane Doe"


# --- dates --------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/news/2024/04/16/storm-hits-coast", "2024-04-16"),
    ("https://example.com/news/2024-04-16-storm", "2024-04-16"),
    ("https://example.com/news/20240416/storm", "2024-04-16"),
    ("https://example.com/2024/4/6/storm", "2024-04-06"),
    ("https://example.com/news/2024/13/45/storm", None),
    ("https://www.wsj.com/articles/storm-11574168580", None),
    ("https://example.com/news/storm", None),
    (None, None),
])
def test_url_date(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_page_date_from_the_markup() -> None:
    tree = parse_html(page('<meta property="article:published_time" content="2024-04-16T08:30:00+01:00">'))
    assert page_date(tree, "https://example.com/news/storm") == ("2024-04-16", "html")


def test_page_date_from_the_url_when_the_markup_has_none() -> None:
    assert page_date(parse_html(page()), "https://example.com/2024/04/16/storm") == ("2024-04-16", "url")


def test_page_date_url_overrides_a_different_markup_date() -> None:
    tree = parse_html(page('<meta property="article:published_time" content="2024-04-17T02:30:00Z">'))
    assert page_date(tree, "https://example.com/2024/04/16/storm") == ("2024-04-16", "url")


def test_page_date_none() -> None:
    assert page_date(parse_html(page()), None) == (None, None)


# --- outlet -------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
    ("https://news.example.com/a/b", "example.com"),
    ("http://localhost:8000/page", "localhost"),
    ("www.lemonde.fr/article", "lemonde.fr"),
    ("", None),
    (None, None),
])
def test_registered_domain(url: str | None, expected: str | None) -> None:
    assert registered_domain(url) == expected


def test_registered_domain_never_uses_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tldextract tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    html_metadata._domain_splitter.cache_clear()
    try:
        assert registered_domain("https://www.theguardian.co.uk/world") == "theguardian.co.uk"
    finally:
        html_metadata._domain_splitter.cache_clear()


def test_outlet_name_prefers_site_name() -> None:
    assert outlet_name("Daily Planet", "https://www.dailyplanet.com/x") == "Daily Planet"
    assert outlet_name(None, "https://www.bbc.co.uk/news/x") == "bbc.co.uk"


# --- language -----------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "expected"), [
    ("en-US", "en"), ("pt_BR", "pt"), ("DE", "de"), ("iw", "he"), ("x-default", None), ("eng", None),
    ("", None), (None, None),
])
def test_language_code(tag: str | None, expected: str | None) -> None:
    assert language_code(tag) == expected


def test_declared_languages_in_order() -> None:
    tree = parse_html(page('<meta property="og:locale" content="en_GB">'
                           '<meta http-equiv="Content-Language" content="de">', lang="fr-CA"))
    assert declared_languages(tree, meta_values(tree)) == ("fr", "en", "de")


def test_page_language_text_overrules_a_wrong_declaration() -> None:
    assert page_language(("en",), GERMAN) == "de"


def test_page_language_short_text_keeps_the_declaration() -> None:
    assert page_language(("fr",), "Ferry") == "fr"


def test_page_language_detected_without_declaration() -> None:
    assert page_language((), "The harbour ferry resumed its full timetable on Wednesday morning.") == "en"
    assert detect_language("") == (None, 0.0)


# --- all of it ----------------------------------------------------------------------

def test_read_page_metadata_fixture() -> None:
    tree = parse_html((HTML / "article.html").read_text(encoding="utf-8"))
    metadata = read_page_metadata(tree)
    assert metadata.title == "Storm hits coast as ferries stay in port"
    assert metadata.author == "Jane Doe"
    assert (metadata.date, metadata.date_source) == ("2024-04-16", "html")
    assert (metadata.site_name, metadata.outlet) == ("Daily Planet", "Daily Planet")
    assert metadata.url == "https://www.dailyplanet.example.com/news/2024/04/16/storm-hits-coast"
    assert metadata.languages == ("en",)
    assert "Storm hits coast as ferries stay in port | Daily Planet" in metadata.headlines


def test_read_page_metadata_outlet_from_url() -> None:
    tree = parse_html((HTML / "url_date.html").read_text(encoding="utf-8"))
    metadata = read_page_metadata(tree, "https://www.harbourgazette.co.uk/2024/03/05/fishing-fleet")
    assert metadata.outlet == "harbourgazette.co.uk"
    assert metadata.title == "Fishing fleet returns early as prices fall"
    assert (metadata.date, metadata.date_source) == ("2024-03-05", "url")


def test_parse_html_with_an_xml_declaration() -> None:
    tree = parse_html('<?xml version="1.0" encoding="utf-8"?><html><head><title>T</title></head>'
                      "<body><p>Café</p></body></html>")
    assert tree.findtext(".//p") == "Café"
