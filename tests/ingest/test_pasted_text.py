"""Text copied from a web page as people paste it: the address above, no headline, one paragraph.

Scraped corpora (ECB+ among them) and analysts' notes look like this; none of it
may cost the article or its first paragraph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.model import Article
from rashomon.store import Store
from tests.conftest import CliRun

LEAD = (
    "The coast guard said on Monday that all 212 passengers of the ferry that ran aground"
    " off the island had been taken ashore, and that two crew members were being treated."
)
SECOND = (
    "The ferry's operator said the ship would be towed to the shipyard at Perama once the"
    " weather allowed, and that the inquiry would look at the route the master chose."
)


def ingest_one(cli: CliRun, db: str, folder: Path, text: str) -> Article:
    path = folder / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    result = cli("ingest", path, "--db", db)
    assert result.exit_code == 0, result.stderr
    store = Store.open(db)
    try:
        (article,) = list(store.iter_articles())
    finally:
        store.close()
    return article


def test_page_address_above_the_text_becomes_the_url(
    cli: CliRun, db_path: str, tmp_path: Path
) -> None:
    url = "https://harbourledger.example/news/2024/03/ferry-aground-212-rescued"
    article = ingest_one(
        cli, db_path, tmp_path, f"{url}\n\nFerry runs aground, 212 taken ashore\n\n{LEAD}\n"
    )
    assert article.url == url
    assert article.title == "Ferry runs aground, 212 taken ashore"
    assert url not in article.text
    assert [span.rule for span in article.removed] == ["source-url", "title"]


def test_text_without_headline_keeps_its_lead_and_is_titled_by_its_first_sentence(
    cli: CliRun, db_path: str, tmp_path: Path
) -> None:
    article = ingest_one(cli, db_path, tmp_path, f"{LEAD}\n\n{SECOND}\n")
    assert article.text.startswith("The coast guard said on Monday")
    assert SECOND in article.text
    assert article.title == (
        "The coast guard said on Monday that all 212 passengers of the ferry that ran aground"
        " off the island had been taken ashore, and that two crew members were being…"
    )
    assert any("no headline found" in w for w in article.warnings)


def test_one_paragraph_brief_is_stored_not_skipped(
    cli: CliRun, db_path: str, tmp_path: Path
) -> None:
    brief = "Police arrested two men on Sunday after a fire destroyed fishing gear in the port."
    article = ingest_one(cli, db_path, tmp_path, brief + "\n")
    assert article.text.strip() == brief
    assert article.title == brief


@pytest.mark.parametrize(
    ("first_sentence", "title"),
    [
        ("Short lead.", "Short lead."),
        (
            "A very long first sentence " + "that keeps going " * 12 + "until it ends.",
            "A very long first sentence " + "that keeps going " * 7 + "that keeps…",
        ),
    ],
)
def test_title_from_the_text_is_one_sentence_cut_at_a_word(
    cli: CliRun, db_path: str, tmp_path: Path, first_sentence: str, title: str
) -> None:
    text = first_sentence + " " + LEAD + "\n"
    article = ingest_one(cli, db_path, tmp_path, text)
    assert article.title == title


@pytest.mark.parametrize(
    ("date_line", "published"),
    [
        ("Thursday, Apr 2, 2009 | Updated 1:32 PM PDT", "2009-04-02"),
        ("21 July 2013 Last updated at 11:11 GMT", "2013-07-21"),
        ("12 / 04 / 09 06:03 PM ET", None),  # 12 April or 4 December: not guessed
    ],
)
def test_scraped_page_date_line_is_cut_and_dates_the_article(
    cli: CliRun, db_path: str, tmp_path: Path, date_line: str, published: str | None
) -> None:
    url = "https://harbourledger.example/news/ferry-aground"
    page = f"{url}\n\n{date_line}\n\nFerry runs aground, 212 taken ashore\n\n{LEAD}\n\n{SECOND}\n"
    article = ingest_one(cli, db_path, tmp_path, page)
    assert article.title == "Ferry runs aground, 212 taken ashore"
    assert article.text.startswith("The coast guard said on Monday")
    assert article.published == published
    assert [span.rule for span in article.removed] == ["source-url", "date-line", "title"]
    if published:
        assert any("taken from the date line" in w for w in article.warnings)
