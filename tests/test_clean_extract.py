import time
from datetime import date
from pathlib import Path

import pytest

from storyline.clean import clean_article
from storyline.clean.extract import (
    MAX_HTML_CHARS,
    Extraction,
    bound_html,
    combine,
    drop_headline,
    extract_article,
    html_lines,
    needs_second_opinion,
)
from storyline.model import Article, RawDocument, Rejected
from storyline.settings import Settings

HTML = Path(__file__).parent / "data" / "html"
ARTICLE_URL = "https://www.dailyplanet.example.com/news/2024/04/16/storm-hits-coast"
SENTENCES = [
    "The harbour at Port Ellen stayed closed for a second day on Tuesday as gales battered the coast.",
    "The ferry operator said its three vessels would remain at their moorings until the wind dropped.",
    "Local shops reported brisk trade as stranded visitors stocked up on food and fuel for the night.",
    "Forecasters expect the storm to move north-east during Wednesday, with calmer weather behind it.",
]


def fixture(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


def clean_page(name: str, **metadata: str) -> Article | Rejected:
    raw = RawDocument(id=name, source=f"tests/data/html/{name}", kind="html", content=fixture(name), **metadata)
    return clean_article(raw, Settings())


# --- extract_article on pages ---------------------------------------------------------

def test_extract_article_body_and_metadata() -> None:
    extraction = extract_article(fixture("article.html"), ARTICLE_URL)
    assert isinstance(extraction, Extraction)
    paragraphs = extraction.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("The harbour at Port Ellen stayed closed")
    assert paragraphs[-1].endswith("island services at the weekend.")
    for furniture in ("Storm hits coast as ferries", "Sport", "More from Daily Planet", "Harbour wall repairs",
                      "All rights reserved", "window.analytics", ".promo"):
        assert furniture not in extraction.text
    assert (extraction.title, extraction.author) == ("Storm hits coast as ferries stay in port", "Jane Doe")
    assert (extraction.date, extraction.date_source) == ("2024-04-16", "html")
    assert (extraction.sitename, extraction.outlet, extraction.language) == ("Daily Planet", "Daily Planet", "en")
    assert extraction.extractor == "trafilatura"
    assert extraction.url == ARTICLE_URL


def test_extract_article_trims_a_related_list_with_readability() -> None:
    extraction = extract_article(fixture("related_list.html"))
    assert extraction.extractor == "trafilatura+readability"
    assert "5 edge line(s)" in extraction.decision
    assert extraction.text.startswith("The lifeboat station at North Sands")
    assert extraction.text.endswith("night calls and missed birthdays.")
    assert "Harbour wall repairs start" not in extraction.text


def test_extract_article_language_from_text_over_declaration() -> None:
    assert extract_article(fixture("wrong_language.html")).language == "de"


def test_extract_article_without_article() -> None:
    extraction = extract_article(fixture("no_article.html"))
    assert extraction.text == "" and extraction.extractor is None
    assert "a menu rather than an article" in extraction.notes[-1]


@pytest.mark.parametrize("content", ["", "   ", "\x00\x00"])
def test_extract_article_not_html(content: str) -> None:
    extraction = extract_article(content)
    assert extraction.text == ""
    assert extraction.notes


# --- hostile pages --------------------------------------------------------------------

def test_extract_article_hostile_markup_never_reaches_the_text() -> None:
    extraction = extract_article(fixture("hostile.html"))
    assert extraction.text.startswith("The town council voted on Monday evening")
    assert "read the full plans on the council website" in extraction.text
    for markup in ("<", ">", "alert", "javascript", "onerror", "onload", "onclick", "document.write", "injected"):
        assert markup not in extraction.text


def test_clean_article_hostile_page_is_text_only() -> None:
    article = clean_page("hostile.html")
    assert isinstance(article, Article)
    assert "<" not in article.text and "alert" not in article.text and "javascript" not in article.text
    assert article.title == "Council votes to reopen the old library"


def test_readability_text_is_text_only() -> None:
    from storyline.clean.extract import _run_readability

    lines = _run_readability(fixture("hostile.html"))
    assert lines and not any("alert" in line or "<" in line for line in lines)


@pytest.mark.parametrize("filler", [
    "<p>The harbour ferry resumed its full timetable on Wednesday morning after the storm.</p>\n",
    "<script>var tracking = 'x';</script>\n",
])
def test_extract_article_fifty_megabyte_page_does_not_hang(filler: str) -> None:
    article = ("<article><h1>Storm hits coast</h1>"
               + "".join(f"<p>{sentence}</p>" for sentence in SENTENCES) + "</article>")
    html = "<html><head><title>Storm</title></head><body>" + article + filler * (50_000_000 // len(filler)) \
        + "</body></html>"
    assert len(html) > 50_000_000
    started = time.monotonic()
    extraction = extract_article(html)
    assert time.monotonic() - started < 60
    assert extraction.notes[0].startswith("html: page of 5")
    assert "The harbour at Port Ellen stayed closed" in extraction.text


def test_bound_html_leaves_small_pages_alone() -> None:
    assert bound_html("<p>x</p>") == ("<p>x</p>", ())


def test_bound_html_drops_scripts_comments_and_unclosed_blocks() -> None:
    html = "<p>keep</p><script>drop()</script><!-- drop --><STYLE>p{}</STYLE><p>also</p><script>never closed"
    bounded, notes = bound_html(html, limit=30)
    assert bounded == "<p>keep</p><p>also</p>"
    assert notes == (f"html: page of {len(html):,} characters read without its scripts and styles",)


def test_bound_html_cuts_what_is_still_too_long() -> None:
    bounded, notes = bound_html("<p>" + "x" * 100 + "</p>", limit=50)
    assert len(bounded) == 50 and "cut to its first 50 characters" in notes[0]
    assert MAX_HTML_CHARS >= 1_500_000  # the largest AEB page fits


# --- the rule -------------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "paragraph_chars", "has_list", "asks"), [
    (SENTENCES, 320, False, False),
    (SENTENCES, 1000, False, True),   # under half of the page's <p> text
    (SENTENCES, 200, False, True),    # more than the page's <p> text
    (SENTENCES, 320, True, True),     # a list
    ((), 320, False, True),           # nothing
    (SENTENCES, 0, False, True),      # no <p> to compare with
])
def test_needs_second_opinion(lines: list[str], paragraph_chars: int, has_list: bool, asks: bool) -> None:
    assert (needs_second_opinion(lines, paragraph_chars, has_list) is not None) is asks


def test_combine_uses_readability_when_it_holds_much_more() -> None:
    longer = SENTENCES[:1] + [s.replace("the", "a") for s in SENTENCES[1:]] * 3
    lines, extractor, _ = combine(SENTENCES[:1], longer)
    assert (lines, extractor) == (tuple(longer), "readability")


def test_combine_trims_edges_but_keeps_the_middle() -> None:
    trafilatura = ["Subscribe to our newsletter for the latest stories from the coast", SENTENCES[0],
                   "— Harbour Watch (@harbourwatch) April 16, 2024", *SENTENCES[1:], "- Ferry fares to rise",
                   "- Lifeboat crew rescue two walkers"]
    lines, extractor, why = combine(trafilatura, SENTENCES)
    assert lines == (SENTENCES[0], "— Harbour Watch (@harbourwatch) April 16, 2024", *SENTENCES[1:])
    assert extractor == "trafilatura+readability" and why.startswith("3 edge line(s)")


def test_combine_keeps_trafilatura_when_the_two_disagree() -> None:
    other = ["An entirely different text about the council budget and the new swimming pool opening hours."]
    assert combine(SENTENCES, other)[:2] == (tuple(SENTENCES), "trafilatura")


def test_combine_keeps_trafilatura_when_readability_agrees() -> None:
    reworded = [sentence.replace("Tuesday", "Monday") for sentence in SENTENCES]
    assert combine(SENTENCES, reworded)[:2] == (tuple(SENTENCES), "trafilatura")


def test_combine_with_one_side_empty() -> None:
    assert combine(SENTENCES, ())[1] == "trafilatura"
    assert combine((), SENTENCES)[1] == "readability"


def test_drop_headline() -> None:
    lines = ["Storm Hits Coast!", "By Jane Doe", *SENTENCES]
    assert drop_headline(lines, ["Storm hits coast", "Daily Planet"]) == ("By Jane Doe", *SENTENCES)
    assert drop_headline(SENTENCES, ["Storm hits coast"]) == tuple(SENTENCES)


def test_html_lines_one_line_per_block() -> None:
    from lxml.html import fragment_fromstring

    fragment = fragment_fromstring("<div><h2>Head</h2><p>One <b>bold</b> line</p>tail<ul><li>item</li></ul>"
                                   "<script>x()</script><p>Two<br>three</p></div>")
    assert html_lines(fragment) == ("Head", "One bold line", "tail", "item", "Two", "three")


@pytest.mark.parametrize("name", ["article.html", "hostile.html", "related_list.html", "wrong_language.html"])
def test_readability_without_cleaner_matches_readability(name: str) -> None:
    from lxml.html import fragment_fromstring
    from readability import Document

    from storyline.clean.extract import _readability_document

    def text(summary: str) -> tuple[str, ...]:
        return html_lines(fragment_fromstring(summary, create_parent="div"))

    html = fixture(name)
    assert text(_readability_document()(html).summary(html_partial=True)) == \
        text(Document(html).summary(html_partial=True))


# --- through clean_article ----------------------------------------------------------------

def test_clean_article_html_fields() -> None:
    article = clean_page("article.html", url=ARTICLE_URL)
    assert isinstance(article, Article)
    assert article.extractor == "trafilatura" and article.language == "en"
    assert (article.title, article.author, article.outlet) == (
        "Storm hits coast as ferries stay in port", "Jane Doe", "Daily Planet")
    assert (article.published, article.published_source) == (date(2024, 4, 16), "html")
    assert article.url == ARTICLE_URL
    assert article.text.startswith("The harbour at Port Ellen")


def test_clean_article_html_date_from_url() -> None:
    article = clean_page("url_date.html", url="https://www.harbourgazette.co.uk/2024/03/05/fishing-fleet")
    assert isinstance(article, Article)
    assert (article.published, article.published_source) == (date(2024, 3, 5), "url")
    assert (article.outlet, article.title) == ("harbourgazette.co.uk", "Fishing fleet returns early as prices fall")


def test_clean_article_html_container_metadata_wins() -> None:
    article = clean_page("article.html", url=ARTICLE_URL, title="Ferries stay in port", author="Maria Lopez",
                         outlet="Feed Name", published="2024-04-15")
    assert isinstance(article, Article)
    assert (article.title, article.author, article.outlet) == ("Ferries stay in port", "Maria Lopez", "Feed Name")
    assert (article.published, article.published_source) == (date(2024, 4, 15), "metadata")


def test_clean_article_html_without_article_is_rejected() -> None:
    rejected = clean_page("no_article.html")
    assert isinstance(rejected, Rejected)
    assert rejected.stage == "clean"
    assert rejected.reason.startswith("no article text found in the HTML page; ")
    assert "a menu rather than an article" in rejected.reason
