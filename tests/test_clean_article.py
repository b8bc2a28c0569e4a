from datetime import date
from pathlib import Path

import pytest

from storyline.clean import clean_article
from storyline.clean.boilerplate import split_paragraphs
from storyline.clean.repair import repair_text
from storyline.errors import StorylineError
from storyline.model import Article, RawDocument, Rejected
from storyline.settings import Settings

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "iran-israel-2024"
DATA = Path(__file__).parent / "data" / "clean"
SETTINGS = Settings()


def trafilatura_imports() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def raw_document(content: str, kind: str = "text", **metadata: str) -> RawDocument:
    return RawDocument(id="doc-1", source="inputs/doc-1.txt", kind=kind, content=content, **metadata)


def clean_file(path: Path, kind: str = "text", **metadata: str) -> Article | Rejected:
    raw = RawDocument(id=path.stem, source=str(path), kind=kind,
                      content=path.read_text(encoding="utf-8"), **metadata)
    return clean_article(raw, SETTINGS)


def example(prefix: str) -> Article:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    article = clean_file(path)
    assert isinstance(article, Article)
    return article


# --- the example corpus -----------------------------------------------------------

EXPECTED = {
    "000": (date(2024, 4, 2), "prefix", None, None),
    "001": (date(2024, 4, 1), "dateline", 'U.S. tells Iran it "had no involvement" in Israel strike', None),
    "002": (None, None, None, None),
    "003": (None, None, "US Informs Israel: No Participation in Retaliatory Strikes Against Iran", None),
    "004": (date(2024, 4, 16), "dateline", "Blinken Cautions Against Hasty Retaliation by Israel",
            "James Morley III"),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_clean_article_examples_metadata(prefix: str) -> None:
    article = example(prefix)
    published, source, title, author = EXPECTED[prefix]
    assert (article.published, article.published_source) == (published, source)
    assert article.title == title
    assert article.author == author


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_clean_article_examples_without_boilerplate(prefix: str) -> None:
    text = example(prefix).text
    for leftover in ("WATCH TV LIVE", "Go deeper", "Leave a Comment", "Tags:", "Photo:", "(RELATED:",
                     "is a writer with", "â", "\xa0", "  ", "\n\n\n"):
        assert leftover not in text
    assert text == text.strip()


def test_clean_article_example_mojibake_repaired() -> None:
    article = example("002")
    assert "a “win,” Axios" in article.text
    assert "Iran’s" in article.text
    assert "militias — such as" in article.text
    assert article.repairs[0].startswith("mojibake: ")


def test_clean_article_example_captions_removed() -> None:
    article = example("001")
    assert "Debris is" not in article.text
    assert 'The U.S. told Iran that it "had no involvement"' in article.text
    assert article.text.count("\n\n• ") == 9


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_clean_article_nothing_disappears_silently(path: Path) -> None:
    article = clean_file(path)
    assert isinstance(article, Article)
    body = set(article.text.split("\n\n"))
    removed = [removal.text for removal in article.removed]
    prefix_free = path.read_text(encoding="utf-8").split(" ", 3)[-1] if article.published_source == "prefix" \
        else path.read_text(encoding="utf-8")
    for line in split_paragraphs(repair_text(prefix_free)[0]):
        assert line in body or line in removed or any(piece in line for piece in removed), line


# --- containers: JSONL metadata and HTML --------------------------------------------

def test_clean_article_keeps_identity_fields() -> None:
    raw = raw_document("The ferry resumed its timetable on Wednesday morning.", kind="jsonl",
                       url="https://example.org/ferry", outlet="Coastal Press")
    article = clean_article(raw, SETTINGS)
    assert isinstance(article, Article)
    assert (article.id, article.source, article.url, article.outlet) == (
        "doc-1", "inputs/doc-1.txt", "https://example.org/ferry", "Coastal Press")


def test_clean_article_jsonl_metadata_wins() -> None:
    content = ("Ferry fares to rise in spring\n\nBy Jane Doe\n\nApril 16, 2024\n\n"
               "The operator will raise fares by ten percent from April, it said on Friday.")
    raw = raw_document(content, kind="jsonl", title="Ferry fares to rise in spring",
                       author="Maria Lopez", published="2024-04-15T08:00:00Z")
    article = clean_article(raw, SETTINGS)
    assert isinstance(article, Article)
    assert article.title == "Ferry fares to rise in spring"
    assert article.author == "Maria Lopez"
    assert (article.published, article.published_source) == (date(2024, 4, 15), "metadata")
    assert article.text == "The operator will raise fares by ten percent from April, it said on Friday."
    assert {r.rule for r in article.removed} == {"title", "byline", "dateline"}


def test_clean_article_unreadable_metadata_date_is_noted() -> None:
    raw = raw_document("April 16, 2024\n\nThe operator will raise fares by ten percent.",
                       kind="jsonl", published="next week")
    article = clean_article(raw, SETTINGS)
    assert isinstance(article, Article)
    assert (article.published, article.published_source) == (date(2024, 4, 16), "dateline")
    assert "published: metadata value 'next week' is not a date; ignored" in article.repairs


def test_clean_article_byline_and_bio_fixtures() -> None:
    byline = clean_file(DATA / "byline.txt")
    bio = clean_file(DATA / "author_bio.txt")
    assert isinstance(byline, Article) and isinstance(bio, Article)
    assert (byline.title, byline.author) == ("Council approves harbour budget", "Jane Doe and John Roe")
    assert bio.author == "Maria de Souza Jr."
    assert "covers local government" not in bio.text


def test_clean_article_datelines_fixture() -> None:
    article = clean_file(DATA / "dateline.txt")
    assert isinstance(article, Article)
    # the "Published" line is the publication; the "Updated" line a day later agrees with it
    assert (article.published, article.published_source) == (date(2023, 11, 7), "dateline")
    assert [(e.source, e.value, e.status) for e in article.date_evidence] == [
        ("updated", "2023-11-08", "agrees"), ("dateline", "2023-11-07", "used")]
    assert article.title == "Harbour ferry resumes after storm"
    assert article.text.startswith("The harbour ferry resumed")


@pytest.mark.skipif(not trafilatura_imports(), reason="trafilatura cannot be imported here")
def test_clean_article_html_page() -> None:
    article = clean_file(DATA / "page.html", kind="html")
    assert isinstance(article, Article)
    assert article.title == "Harbour ferry service resumes after storm"
    assert article.author == "Maria Lopez"
    assert (article.published, article.published_source) == (date(2023, 11, 8), "html")
    assert article.text.startswith("The harbour ferry resumed its full timetable")
    assert "Share this article" not in article.text
    assert "Home" not in article.text


@pytest.mark.skipif(not trafilatura_imports(), reason="trafilatura cannot be imported here")
def test_clean_article_html_without_article_is_rejected() -> None:
    rejected = clean_file(DATA / "empty_page.html", kind="html")
    assert isinstance(rejected, Rejected)
    assert rejected.stage == "clean"
    assert rejected.reason.startswith("no article text found in the HTML page; ")


@pytest.mark.skipif(trafilatura_imports(), reason="trafilatura imports; the HTML tests run instead")
def test_clean_article_html_says_why_trafilatura_is_missing() -> None:
    with pytest.raises(StorylineError, match="trafilatura failed to import"):
        clean_file(DATA / "page.html", kind="html")


# --- rejections --------------------------------------------------------------------

@pytest.mark.parametrize("content", ["", "   \n\n  "])
def test_clean_article_rejects_empty(content: str) -> None:
    rejected = clean_article(raw_document(content), SETTINGS)
    assert rejected == Rejected(source="inputs/doc-1.txt", stage="clean",
                                reason="the document is empty; check that the file or record has text")


def test_clean_article_rejects_all_boilerplate() -> None:
    rejected = clean_article(raw_document("SKIP TO CONTENT\nMOST READ\nSubscribe\nTags: news"), SETTINGS)
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("no article text left after cleaning: all 4 pieces")


def test_clean_article_rejects_too_short() -> None:
    rejected = clean_article(raw_document("Ferry resumes.\n\nRead more"), SETTINGS)
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("only 2 words of article text after cleaning, fewer than min_words=5")


def test_clean_article_min_words_setting() -> None:
    article = clean_article(raw_document("Ferry resumes."), Settings(min_words=2))
    assert isinstance(article, Article) and article.text == "Ferry resumes."


def test_clean_article_rejects_unknown_kind() -> None:
    rejected = clean_article(raw_document("Some text here for the test.", kind="pdf"), SETTINGS)
    assert isinstance(rejected, Rejected)
    assert "unknown input kind 'pdf'" in rejected.reason
