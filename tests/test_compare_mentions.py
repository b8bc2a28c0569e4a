"""Claim mentions read off one parsed article: what is counted, how it is hedged, what was hit."""

from __future__ import annotations

import time

import pytest

from storyline.compare import find_claim_mentions


def _mentions(nlp, text: str, article_id: str = "a"):
    return find_claim_mentions(nlp(text), article_id)


@pytest.mark.parametrize(("text", "kind", "span", "about", "value", "low", "high", "qualifier"), [
    ("Iran launched over 300 drones and missiles at Israel overnight.", "quantity",
     "over 300 drones and missiles", "drones and missiles launched by Iran at Israel", "> 300", 300, None, "over"),
    ("Iran launched more than 100 ballistic missiles at Israel.", "quantity",
     "more than 100 ballistic missiles", "ballistic missiles launched by Iran at Israel", "> 100", 100, None,
     "more than"),
    ("Iran launched dozens of drones at Israel.", "quantity",
     "dozens of drones", "drones launched by Iran at Israel", "12-99", 12, 99, "dozens"),
    ("Iran launched about 300 drones at Israel.", "quantity",
     "about 300 drones", "drones launched by Iran at Israel", "~300", 270, 330, "about"),
    ("Police arrested nearly 300 people in Tehran on Sunday.", "quantity",
     "nearly 300 people", "people arrested in Tehran", "nearly 300", 270, 300, "nearly"),
    ("Rebels fired at least six rockets at Sderot.", "quantity",
     "at least six rockets", "rockets launched", "≥ 6", 6, None, "at least"),
    ("Iran launched a dozen drones at Israel.", "quantity",
     "dozen drones", "drones launched by Iran at Israel", "12", 12, 12, None),
    ("The strike killed seven people.", "casualties",
     "killed seven people", "people killed in the strike", "7", 7, 7, None),
    ("Seven people were killed in Gaza City.", "casualties",
     "Seven people were killed", "people killed in Gaza City", "7", 7, 7, None),
    ("Seven were killed in Gaza City.", "casualties",
     "Seven were killed", "people killed in Gaza City", "7", 7, 7, None),
    ("The attack left 12 dead in Kabul.", "casualties",
     "12 dead", "people killed in the attack in Kabul", "12", 12, 12, None),
    ("The death toll rose to 12.", "casualties", "12", "people killed", "12 so far", 12, None, "so far"),
    ("Swine flu has killed 149 people in Mexico.", "casualties",
     "killed 149 people", "people killed in Mexico", "149 so far", 149, None, "so far"),
    ("Forces took down nearly all of the incoming drones and missiles.", "quantity",
     "nearly all of the incoming drones and missiles", "share of drones and missiles intercepted",
     "nearly all", 90, 100, "nearly all"),
    ("Officials said 99% of the missiles and drones were shot down.", "quantity",
     "99% of the missiles and drones", "share of missiles and drones intercepted", "99%", 99, 99, None),
])
def test_mentions_counts(nlp, text, kind, span, about, value, low, high, qualifier):
    mentions = [m for m in _mentions(nlp, text) if m.kind == kind]
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert (mention.text, mention.about, mention.value) == (span, about, value)
    assert (mention.low, mention.high, mention.qualifier) == (low, high, qualifier)
    assert text[mention.start:mention.end] == mention.text


def test_mentions_coordinated_counts_are_separate(nlp):
    text = "Iran launched dozens of drones and more than 100 ballistic missiles at Israel."
    mentions = _mentions(nlp, text)
    assert [(m.text, m.about) for m in mentions] == [
        ("dozens of drones", "drones launched by Iran at Israel"),
        ("more than 100 ballistic missiles", "ballistic missiles launched by Iran at Israel"),
    ]


def test_mentions_noun_with_its_own_article_is_not_counted(nlp):
    mentions = _mentions(nlp, "Centcom intercepted seven drones and a ballistic missile over Yemen.")
    assert [m.text for m in mentions] == ["seven drones"]


@pytest.mark.parametrize(("text", "span", "value", "about"), [
    ("Israel launched airstrikes on a compound near the Iranian embassy in Syria.",
     "a compound near the Iranian embassy in Syria", "compound near embassy", "what was struck in Syria"),
    ("Iran vowed revenge for the attack on its consulate in Syria.",
     "its consulate in Syria", "consulate", "what was struck in Syria"),
    ("The strike hit part of the Iranian embassy complex in Damascus, Syria.",
     "part of the Iranian embassy complex in Damascus, Syria", "part of embassy complex",
     "what was struck in Damascus, Syria"),
])
def test_mentions_targets(nlp, text, span, value, about):
    targets = [m for m in _mentions(nlp, text) if m.kind == "target"]
    assert [(m.text, m.value, m.about) for m in targets] == [(span, value, about)]


@pytest.mark.parametrize("text", [
    "A seven-year-old child was wounded by shrapnel.",
    "If Iran launches hundreds of missiles and drones again, it will be hard to stop them.",
    "In 1968 a flu pandemic killed about one million people.",
    "Seasonal flu kills 250,000 people every year, experts say.",
    "Iran did not launch 300 drones, the minister said.",
    "The strike took place on April 1, 2024, at 3 pm.",
    "Oil rose $3 to $114 a barrel on Monday.",
    "The meeting lasted two hours.",
    "The war began in 2011.",
    "Iran will launch 300 drones, a commander warned.",
])
def test_mentions_skip_what_is_not_a_claim(nlp, text):
    assert _mentions(nlp, text) == ()


def test_mentions_cite_exact_spans_and_sentences(nlp, example_result):
    for article in example_result.articles:
        doc = nlp(article.text)
        sentences = list(doc.sents)
        for mention in find_claim_mentions(doc, article.id):
            assert mention.article_id == article.id
            assert article.text[mention.start:mention.end] == mention.text
            sentence = sentences[mention.sentence]
            assert sentence.start_char <= mention.start < sentence.end_char


def test_mentions_example_attack_size(nlp, example_articles):
    found = {m.text: m for a in ("002_36824e98bd146f7f", "003_08f5dd3932140497")
             for m in find_claim_mentions(nlp(example_articles[a].text), a)}
    assert found["over 300 drones and missiles"].about == "drones and missiles launched by Iran at Israel"
    assert found["dozens of drones"].value == "12-99"
    assert found["more than 100 ballistic missiles"].low == 100
    assert found["its consulate in Syria"].kind == "target"


def test_mentions_are_cheap_next_to_the_parse(nlp, example_result):
    texts = [article.text for article in example_result.articles]
    started = time.perf_counter()
    docs = [nlp(text) for text in texts]
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        find_claim_mentions(doc, "a")
    assert time.perf_counter() - started < 0.1 * parse


def _annotated(nlp, text: str, published=None, article_id: str = "a"):
    from datetime import date

    from storyline.annotate.nlp import annotation_from_doc
    from storyline.model import Article

    article = Article(id=article_id, source="test", text=text, published=published or date(2024, 4, 16))
    return annotation_from_doc(nlp(text), article)


@pytest.mark.parametrize(("text", "about", "value"), [
    ("An Israeli airstrike on April 1 killed Mohammad Reza Zahedi in Damascus.",
     "date of the killing of Mohammad Reza Zahedi", "2024-04-01"),
    ("Police arrested Maria Lopez in Lisbon on March 3.", "date of the arrest of Maria Lopez", "2024-03-03"),
    ("The April 3 raid on the hospital in Gaza City killed 12 people.",
     "date of the strike on the hospital in Gaza City", "2024-04-03"),
    ("In response to an attack on its consulate in Syria on April 1st, Iran launched drones.",
     "date of the strike on the diplomatic mission in Syria", "2024-04-01"),
])
def test_date_claims(nlp, text, about, value):
    dates = [m for m in _annotated(nlp, text).claims if m.kind == "date"]
    assert [(m.about, m.value) for m in dates] == [(about, value)]
    assert text[dates[0].start:dates[0].end] == dates[0].text


@pytest.mark.parametrize("text", [
    "Israel struck targets in Syria on Monday.",  # no person, no kind of place: look-alike strikes
    "Debris is cleared away after an Israeli attack on the embassy in Damascus on Monday.",  # dates the clearing
    "The president met Maria Lopez on March 3.",  # not a happening that can be dated otherwise
    "Maria Lopez was killed in 2019.",  # a year only
])
def test_date_claims_need_an_anchor_and_the_happening_itself(nlp, text):
    assert [m for m in _annotated(nlp, text).claims if m.kind == "date"] == []


@pytest.mark.parametrize(("text", "about", "value"), [
    ("Brig. Gen. Mohammad Reza Zahedi was killed.", "title of Mohammad Reza Zahedi", "brigadier general"),
    ("Israel Defense Minister Yoav Gallant spoke on Sunday.", "title of Yoav Gallant", "israel defense minister"),
    ("Secretary of State Antony Blinken spoke to reporters.", "title of Antony Blinken", "secretary of state"),
    ("The strike killed Mohammad Reza Zahedi, a senior commander of the Quds Force, in Damascus.",
     "title of Mohammad Reza Zahedi", "senior commander of the quds force"),
    ("Iran's supreme leader, Ayatollah Ali Khamenei, vowed revenge.", "title of Ayatollah Ali Khamenei",
     "iran's supreme leader"),
])
def test_name_claims(nlp, text, about, value):
    names = [m for m in _mentions(nlp, text) if m.kind == "name"]
    assert [(m.about, m.value) for m in names] == [(about, value)]
    assert text[names[0].start:names[0].end] == names[0].text


def test_name_claims_use_the_fullest_name_in_the_article(nlp):
    text = "Antony Blinken arrived in Cairo. Secretary of State Blinken then met the foreign minister."
    names = [m for m in _mentions(nlp, text) if m.kind == "name"]
    assert [(m.about, m.value) for m in names] == [("title of Antony Blinken", "secretary of state")]


@pytest.mark.parametrize("text", [
    "Israeli officials met Zahedi in Damascus.",  # no title word
    "Gallant told his U.S. counterpart, Lloyd Austin, that a response was coming.",  # "counterpart" is no title
])
def test_name_claims_need_a_title_word(nlp, text):
    assert [m for m in _mentions(nlp, text) if m.kind == "name"] == []


@pytest.mark.parametrize(("text", "about", "value", "low", "high"), [
    ("The 12-hour siege of the hotel in Nairobi ended on Sunday.", "duration of the siege in Nairobi",
     "12 hours", 12, 12),
    ("The Iranian attack on Israel lasted five hours.", "duration of the attack by Iranian in Israel",
     "5 hours", 5, 5),
    ("The Iranian attack lasted more than five hours.", "duration of the attack by Iranian", "> 5 hours", 5, None),
    ("Police detained John Smith for 10 days.", "duration of the detention of John Smith", "10 days", 240, 240),
    ("A court sentenced Maria Lopez to 12 years in prison.", "duration of the sentence of Maria Lopez",
     "12 years", 12 * 8766, 12 * 8766),
])
def test_duration_claims(nlp, text, about, value, low, high):
    durations = [m for m in _annotated(nlp, text).claims if m.kind == "duration"]
    assert [(m.about, m.value, m.low, m.high) for m in durations] == [(about, value, low, high)]
    assert text[durations[0].start:durations[0].end] == durations[0].text


@pytest.mark.parametrize("text", [
    "The meeting lasted two hours.",  # no who or where: one story may hold many meetings
    "Fighting in Gaza has raged for the past three weeks.",  # running, it grows as the story goes on
    "The attack on Israel has lasted five hours.",  # still going on when written
    "The hours-long meeting in Washington ended.",  # no number
])
def test_duration_claims_need_an_anchor_and_a_finished_span(nlp, text):
    assert [m for m in _annotated(nlp, text).claims if m.kind == "duration"] == []
