"""The story desk (``storyline serve``): every route through FastAPI's TestClient, on a real
store built from the bundled example plus a few hostile articles."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

from storyline.errors import StoreError, StorylineError
from storyline.pipeline import build, write_outputs
from storyline.settings import Settings
from storyline.web import create_app
from storyline.web.exports import timeline_csv
from storyline.web.reader import axis, context, paragraphs
from storyline.web.search import match_expression
from storyline.web.server import bind, is_loopback

from .conftest import ROOT

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that its TestClient will move to httpx2
    from fastapi.testclient import TestClient

EXAMPLE_ARTICLE = "001_81ede3fef93b7c6c"
STORYLINE = str(Path(sys.executable).parent / "storyline")
#: Markup that must come out as text wherever an article's strings are shown.
SCRIPT = '<script>alert("pwned")</script>'
IMAGE = '<img src=x onerror=alert(1)>'
LINK = '<a href="javascript:alert(2)">more</a>'
HOSTILE_ID = "../../etc/<b>passwd</b>"
HOSTILE_RECORDS = [
    {"id": HOSTILE_ID, "title": f"Bridge collapse {SCRIPT}", "outlet": f"Evil {IMAGE}", "url": "javascript:alert(3)",
     "published": "2025-03-04",
     "text": f"The old river bridge in Millford collapsed on Monday, March 3, 2025, officials said. {SCRIPT} "
             f"Rescue teams searched the river for survivors {IMAGE} after the bridge collapse.\n\n"
             f"Engineers had warned about cracks in the bridge in 2019, the mayor said. Read {LINK} here."},
    {"id": "bridge-2", "title": "Millford bridge collapse: engineers warned of cracks", "outlet": "Daily Example",
     "published": "2025-03-05",
     "text": "The river bridge in Millford collapsed on Monday, March 3, 2025, after engineers warned of cracks in "
             f"2019, the mayor said. Rescue teams searched the river for survivors {IMAGE}.\n\n"
             f"Officials said on Tuesday that the bridge collapse is under investigation. {SCRIPT}"},
    {"id": "phone", "title": "Phone maker launches a folding handset", "outlet": "Tech Example",
     "published": "2023-01-10",
     "text": "A phone maker on Tuesday, January 10, 2023, launched a folding handset with a larger battery. "
             "Analysts said the price of the device would limit its sales in Europe and Asia."},
]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, example_result) -> Path:
    """The bundled example, as `storyline build examples/iran-israel-2024` writes it."""
    out = tmp_path_factory.mktemp("web-store")
    write_outputs(example_result, out)
    return out


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory, nlp) -> Path:
    """Hostile articles (markup in every string, a path as an id), an older unrelated story and
    a rejected input with markup in its name."""
    inputs = tmp_path_factory.mktemp("web-inputs")
    (inputs / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in HOSTILE_RECORDS) + "\n", encoding="utf-8")
    (inputs / f"empty {IMAGE.replace('/', '')}.txt").write_text("", encoding="utf-8")
    result = build([str(inputs)], Settings(), nlp=nlp)
    out = tmp_path_factory.mktemp("web-hostile")
    write_outputs(result, out)
    return out


@pytest.fixture(scope="module")
def client(store_dir) -> TestClient:
    return TestClient(create_app(store_dir))


@pytest.fixture(scope="module")
def hostile_client(hostile_dir) -> TestClient:
    return TestClient(create_app(hostile_dir))


@pytest.fixture(scope="module")
def example_story(client) -> dict:
    (story,) = client.get("/api/stories").json()
    return story


@pytest.fixture(scope="module")
def hostile_story(hostile_client) -> dict:
    return next(s for s in hostile_client.get("/api/stories").json() if "Bridge" in (s["title"] or ""))


def _article_url(article_id: str) -> str:
    from urllib.parse import quote
    return "/articles/" + quote(article_id, safe="")


# -- every route ---------------------------------------------------------------------------


def _routes(story_id: str) -> list[tuple[str, str]]:
    return [
        ("/", "text/html"), ("/?q=Zahedi", "text/html"), (f"/stories/{story_id}", "text/html"),
        (_article_url(EXAMPLE_ARTICLE), "text/html"), (f"{_article_url(EXAMPLE_ARTICLE)}?start=416&end=575", "text/html"),
        ("/rejected", "text/html"), ("/api", "text/html"), ("/api/stories", "application/json"),
        (f"/api/stories/{story_id}", "application/json"), (f"/api/articles/{EXAMPLE_ARTICLE}", "application/json"),
        ("/api/search?q=Zahedi", "application/json"), ("/api/rejected", "application/json"),
        ("/api/openapi.json", "application/json"), ("/storyline.json", "application/json"),
        (f"/stories/{story_id}/timeline.csv", "text/csv"), (f"/stories/{story_id}/timelinejs.json", "application/json"),
        ("/static/desk.css", "text/css"), ("/static/desk.js", "javascript"),
    ]


def test_web_every_route_answers(client, example_story) -> None:
    for url, kind in _routes(example_story["id"]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert kind in response.headers["content-type"], url


def test_web_every_response_forbids_outside_resources_and_inline_script(client, example_story) -> None:
    for url, _ in _routes(example_story["id"]):
        policy = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy


def test_web_stories_list_shows_span_and_counts(client, example_story) -> None:
    assert example_story["article_count"] == 5 and example_story["outlet_count"] == 1
    assert (example_story["first_date"], example_story["last_date"]) == ("2024-04-01", "2024-04-16")
    page = client.get("/").text
    assert "2024-04-01 – 2024-04-16" in page and "5 articles" in page and "1 known outlet" in page


def test_web_stories_list_newest_first(hostile_client, hostile_story) -> None:
    stories = hostile_client.get("/api/stories").json()
    assert len(stories) == 2 and stories[0]["id"] == hostile_story["id"]  # 2025 before 2023
    page = hostile_client.get("/").text
    assert page.index(f'/stories/{stories[0]["id"]}') < page.index(f'/stories/{stories[1]["id"]}')


def test_web_every_story_renders_with_or_without_background(hostile_client) -> None:
    stories = hostile_client.get("/api/stories").json()
    backgrounds = set()
    for story in stories:
        page = hostile_client.get(f"/stories/{story['id']}")
        assert page.status_code == 200
        backgrounds.add("axis-background" in page.text)
        assert hostile_client.get(f"/stories/{story['id']}/timelinejs.json").status_code == 200
    assert backgrounds == {True, False}


def test_web_search_finds_a_name_with_a_marked_snippet(client, example_story) -> None:
    results = client.get("/api/search", params={"q": "Zahedi"}).json()["results"]
    assert EXAMPLE_ARTICLE in [r["article_id"] for r in results]
    assert all(any(p["match"] and p["text"].lower() == "zahedi" for p in r["snippet"]) for r in results)
    assert all(r["stories"][0]["id"] == example_story["id"] for r in results)
    page = client.get("/", params={"q": "Zahedi"}).text
    assert "<mark>Zahedi</mark>" in page and example_story["id"] in page


@pytest.mark.parametrize("query", ['Zahedi" OR *', "NEAR(", "title:x", "-", "''", "a AND", "\x00"])
def test_web_search_takes_any_text_as_words(client, query) -> None:
    assert client.get("/api/search", params={"q": query}).status_code == 200
    assert client.get("/", params={"q": query}).status_code == 200


def test_web_search_words_become_quoted_terms() -> None:
    assert match_expression('Iran "drones') == '"Iran" "drones"*'
    assert match_expression(" -*:() ") is None


def test_web_search_prefix_of_the_last_word(client) -> None:
    assert client.get("/api/search", params={"q": "Zahe"}).json()["results"]


def test_web_story_page_shows_timeline_with_sources_in_context(client, example_story) -> None:
    story = client.get(f"/api/stories/{example_story['id']}").json()
    page = client.get(f"/stories/{example_story['id']}").text
    for entry in story["timeline"]:
        assert f'id="entry-{entry["position"]}"' in page
    assert page.count('<details class="sources">') == len(story["timeline"])
    source = story["timeline"][2]["sources"][0]
    assert source["context"]["text"] == source["text"]
    assert f"<mark>{_escape(source['text'])}</mark>" in page
    assert "Background" in page and 'class="entry background"' in page
    assert "<svg" in page and page.count("<circle") == len(story["timeline"])


def test_web_story_page_shows_claims_quotes_outlets_and_citations(client, example_story) -> None:
    page = client.get(f"/stories/{example_story['id']}").text
    story = client.get(f"/api/stories/{example_story['id']}").json()
    assert "Where they differ" in page and 'class="status conflict"' in page
    assert story["claims"] and _escape(story["claims"][0]["about"]) in page
    assert "Who said what" in page and _escape(story["quotes"][0]["text"]) in page
    assert story["quotes"][0]["cue"] and f'({_escape(story["quotes"][0]["cue"])})' in page
    assert "Outlets that covered it" in page and "Who cites whom" in page
    assert "<strong>Axios</strong> is cited by" in page
    assert len(story["coverage"]) == 5


def test_web_timeline_axis_is_to_scale() -> None:
    entries = [{"position": i, "date": d, "background": b, "summary": ""} for i, (d, b) in enumerate(
        [("2020", True), ("2023-10-07", True), ("2024-04-01", False), ("2024-04-13", False), ("2024-04-16", False)])]
    drawn = axis(entries)
    xs = [p["x"] for p in drawn["bands"]["story"]["points"]]
    assert xs[0] == 4 and xs[-1] == 96 and xs[1] == pytest.approx(4 + 92 * 12 / 15, abs=0.01)
    assert [p["position"] for p in drawn["bands"]["background"]["points"]] == [0, 1]
    assert drawn["gaps"][3] == 12


def test_web_article_page_marks_the_requested_span(client) -> None:
    article = client.get(f"/api/articles/{EXAMPLE_ARTICLE}").json()
    span = article["text"][416:575]
    page = client.get(f"{_article_url(EXAMPLE_ARTICLE)}?start=416&end=575").text
    assert f'<mark id="mark" tabindex="-1">{_escape(span)}</mark>' in page
    assert "Removed as boilerplate" in page and "call-to-action" in page
    assert article["removed"] and article["stories"] and article["supports"]


def test_web_article_page_with_a_span_across_paragraphs_has_one_anchor(client) -> None:
    text = client.get(f"/api/articles/{EXAMPLE_ARTICLE}").json()["text"]
    page = client.get(f"{_article_url(EXAMPLE_ARTICLE)}?start=0&end={len(text)}").text
    assert page.count('id="mark"') == 1 and page.count("<mark") == text.count("\n\n") + 1


def test_web_rejected_page_lists_reasons(hostile_client, client) -> None:
    rejected = hostile_client.get("/api/rejected").json()
    assert len(rejected) == 1 and rejected[0]["stage"] == "ingest"
    assert _escape(rejected[0]["reason"]) in hostile_client.get("/rejected").text
    assert "None: every input became an article." in client.get("/rejected").text


def test_web_downloads_storyline_json_as_built(client, store_dir) -> None:
    response = client.get("/storyline.json")
    assert response.content == (store_dir / "storyline.json").read_bytes()
    assert "attachment" in response.headers["content-disposition"]


def test_web_downloads_timeline_csv(client, example_story) -> None:
    story = client.get(f"/api/stories/{example_story['id']}").json()
    response = client.get(f"/stories/{example_story['id']}/timeline.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["date"] for row in rows] == [entry["date"] for entry in story["timeline"]]
    assert rows[2]["summary"] == story["timeline"][2]["summary"]
    assert f'filename="{example_story["id"]}.timeline.csv"' in response.headers["content-disposition"]


def test_web_timeline_csv_defuses_spreadsheet_formulas() -> None:
    entry = {"position": 0, "date": "2024", "granularity": "year", "background": False, "summary": "=HYPERLINK(1)",
             "summary_article_id": "a", "summary_start": 0, "summary_end": 1, "independent_reports": 1,
             "sources": [], "article_ids": ["a"]}
    rows = list(csv.reader(io.StringIO(timeline_csv({"id": "s", "timeline": [entry]}))))
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_web_downloads_timelinejs(client, example_story) -> None:
    story = client.get(f"/api/stories/{example_story['id']}").json()
    data = client.get(f"/stories/{example_story['id']}/timelinejs.json").json()
    assert data["title"]["text"]["headline"]
    assert len(data["events"]) == len(story["timeline"])
    first_day = next(e for e in data["events"] if e["display_date"] == "2024-04-01")
    assert first_day["start_date"] == {"year": 2024, "month": 4, "day": 1}
    assert data["events"][0]["start_date"] == {"year": 2020} and data["events"][0]["group"] == "Background"
    assert {"headline", "text"} <= set(first_day["text"])


def test_web_openapi_documents_the_api(client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search",
                 "/api/rejected", "/storyline.json", "/stories/{story_id}/timeline.csv",
                 "/stories/{story_id}/timelinejs.json"):
        assert path in paths
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN


# -- errors and security --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/stories/story-nope", "/articles/nope", "/stories/story-nope/timeline.csv",
                                 "/stories/story-nope/timelinejs.json", "/api/stories/story-nope",
                                 "/api/articles/nope", "/nowhere", "/stories/story-nope/more"])
def test_web_unknown_ids_give_404_without_traceback(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.text and "File \"" not in response.text
    if url.startswith("/api/") or url.endswith((".csv", ".json")):
        assert response.json()["detail"]
    else:
        assert "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize("url", ["/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/static/..%2F..%2Fstore.py",
                                 "/static/../app.py", "/static/%2e%2e/app.py", "/api/articles/..%2Fstoryline.db",
                                 "/stories/..%2Fstoryline.db", "/static/desk.css%00.py", "/storyline.db",
                                 "/report.html"])
def test_web_no_path_traversal(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert b"SQLite format" not in response.content and b"import" not in response.content


def test_web_bad_parameters_give_a_page_not_a_traceback(client) -> None:
    response = client.get(f"{_article_url(EXAMPLE_ARTICLE)}?start=abc&end=3")
    assert response.status_code == 400 and "<h1>Bad request</h1>" in response.text
    assert client.get("/api/search", params={"q": "x", "limit": 0}).status_code == 422


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def _assert_inert(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{"src": "/static/desk.js", "defer": None}] and not parser.script_text
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert tag != "img" or attrs.get("src") != "x"


def test_web_hostile_article_renders_inert_everywhere(hostile_client, hostile_story) -> None:
    client = hostile_client
    story = client.get(f"/api/stories/{hostile_story['id']}").json()
    assert HOSTILE_ID in [a["id"] for a in story["articles"]]
    pages = [f"/stories/{hostile_story['id']}", "/", "/?q=bridge", "/rejected", _article_url(HOSTILE_ID),
             f"{_article_url(HOSTILE_ID)}?start=0&end=40", _article_url("bridge-2")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.text)
    article_page = client.get(_article_url(HOSTILE_ID)).text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in article_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in article_page
    assert "<code>javascript:alert(3)</code>" in article_page  # shown, not linked


def test_web_hostile_strings_are_escaped_in_timelinejs(hostile_client, hostile_story) -> None:
    text = hostile_client.get(f"/stories/{hostile_story['id']}/timelinejs.json").text
    assert "<script" not in text and "<img" not in text and "\\u003cscript" not in text


def test_web_hostile_article_id_is_only_a_key(hostile_client) -> None:
    from urllib.parse import quote
    assert hostile_client.get("/api/articles/" + quote(HOSTILE_ID, safe="")).json()["id"] == HOSTILE_ID
    assert hostile_client.get(_article_url(HOSTILE_ID)).status_code == 200


def test_web_never_writes_the_store(store_dir, example_story) -> None:
    before = (store_dir / "storyline.db").read_bytes()
    client = TestClient(create_app(store_dir))
    for url, _ in _routes(example_story["id"]):
        client.get(url)
    assert (store_dir / "storyline.db").read_bytes() == before
    assert not list(store_dir.glob("storyline.db-*"))  # no journal or WAL files


def test_web_reads_a_replaced_store(tmp_path, example_result, hostile_dir) -> None:
    write_outputs(example_result, tmp_path)
    client = TestClient(create_app(tmp_path))
    (story,) = client.get("/api/stories").json()
    assert client.get(f"/stories/{story['id']}").status_code == 200  # rendered and kept in memory
    shutil.copy(hostile_dir / "storyline.db", tmp_path / "new.db")
    os.replace(tmp_path / "new.db", tmp_path / "storyline.db")  # as `storyline add` writes it
    assert len(client.get("/api/stories").json()) == 2
    assert client.get(f"/stories/{story['id']}").status_code == 404
    assert client.get("/api/search", params={"q": "Millford"}).json()["results"]


def test_web_missing_store_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="storyline build"):
        create_app(tmp_path)
    (tmp_path / "storyline.db").write_text("not a database")
    with pytest.raises(StoreError, match="SQLite"):
        create_app(tmp_path)


# -- the server ----------------------------------------------------------------------------


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                 ("[::1]", True), ("0.0.0.0", False), ("192.168.1.2", False),
                                                 ("example.org", False)])
def test_web_server_knows_loopback_hosts(host, loopback) -> None:
    assert is_loopback(host) is loopback


def test_web_server_port_in_use_is_a_clear_error() -> None:
    first = bind("127.0.0.1", 0)
    try:
        with pytest.raises(StorylineError, match="--port"):
            bind("127.0.0.1", first.getsockname()[1])
    finally:
        first.close()


def test_web_cli_serve_listens_on_localhost_and_prints_its_address(store_dir) -> None:
    process = subprocess.Popen([STORYLINE, "serve", str(store_dir), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert address, line + process.stderr.read()
        import httpx
        assert httpx.get(address.group(0) + "api/stories", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_web_cli_serve_without_a_store_exits_2(tmp_path) -> None:
    done = subprocess.run([STORYLINE, "serve", str(tmp_path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2 and "storyline build" in done.stderr and "Traceback" not in done.stderr


# -- helpers of the reader -----------------------------------------------------------------


def test_web_context_cuts_long_paragraphs_at_spaces() -> None:
    text = "word " * 200 + "TARGET." + " word" * 200
    start = text.index("TARGET")
    found = context(text, start, start + 7, chars=50)
    assert found["text"] == "TARGET." and found["cut_before"] and found["cut_after"]
    assert len(found["before"]) <= 50 and found["before"].startswith("word")


def test_web_paragraphs_mark_only_the_span() -> None:
    pieces = paragraphs("One two.\n\nThree four.", (4, 12))
    assert pieces == [[{"text": "One ", "mark": False}, {"text": "two.", "mark": True}],
                      [{"text": "Th", "mark": True}, {"text": "ree four.", "mark": False}]]


def _escape(text: str) -> str:
    import markupsafe
    return str(markupsafe.escape(text))
