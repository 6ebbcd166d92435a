"""The overview's story section prints untrusted headlines and outlets inertly."""

from __future__ import annotations

from typing import Any

from rashomon.report.corpus import corpus_overview
from rashomon.report.export_model import ExportDocument

EVIL = "Talks fail\n## Injected heading | with [link](http://x.example) and `code`"


def story(story_id: str, title: str, articles: list[str], storyline: str | None) -> dict[str, Any]:
    return {
        "id": story_id,
        "title": title,
        "date": {"value": "2024-05-15", "precision": "day", "basis": "stated", "sources": []},
        "articles": articles,
        "storyline": storyline,
        "outlets": ["Evil | Outlet"],
        "actors": [],
        "places": [],
        "joins": [],
        "apart": [],
        "date_completions": [],
    }


def test_story_titles_cannot_add_headings_or_links() -> None:
    document = ExportDocument.model_validate(
        {
            "rashomon_version": "0",
            "generated_at": "2024-01-01T00:00:00+00:00",
            "articles": [],
            "stories": [
                story("st-1", EVIL, ["a", "b"], "sl-1"),
                story("st-2", "Second round", ["c", "d"], "sl-1"),
            ],
            "storylines": [{"id": "sl-1", "title": EVIL, "stories": ["st-1", "st-2"]}],
        }
    )
    out = corpus_overview(document)
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings[-2:] == [
        "## Stories",
        "### Storyline sl-1: Talks fail \\#\\# Injected heading \\| with \\[link\\]\\(http://x.example\\)"
        " and \\`code\\`",
    ]
    assert "— 2 articles (Evil \\| Outlet)" in out


def test_counts_are_worded_in_the_singular_for_one() -> None:
    document = ExportDocument.model_validate(
        {
            "rashomon_version": "0",
            "generated_at": "2024-01-01T00:00:00+00:00",
            "articles": [],
            "stories": [
                story("st-1", "Talks", ["a", "b"], "sl-1"),
                story("st-2", "Deal", ["c"], "sl-1"),
            ],
            "storylines": [{"id": "sl-1", "title": "Talks", "stories": ["st-1", "st-2"]}],
        }
    )
    out = corpus_overview(document)
    assert "2 stories (1 reported by more than one article), 1 storyline." in out
    assert "— 1 article (Evil \\| Outlet)" in out


def test_the_table_of_what_each_article_mentions_stops_at_its_limit() -> None:
    """A corpus of thousands is not listed article by article on the terminal: the
    first rows, then how many more and where to read them; what the articles share
    is still counted over all of them."""
    from rashomon.report.corpus import ARTICLE_ROWS, overview_of
    from rashomon.report.digest import ArticleDigest

    def digest(k: int) -> ArticleDigest:
        return _digest(
            f"a{k:03d}",
            date_value="2024-05-15",
            date_source="metadata",
            kinds={"person": 1},
            names=(("person", "person:ada-lovelace", "Ada Lovelace"),),
        )

    for count, listed, more in (
        (ARTICLE_ROWS, ARTICLE_ROWS, None),
        (ARTICLE_ROWS + 7, ARTICLE_ROWS, 7),
    ):
        text = overview_of([digest(k) for k in range(count)], [], [])
        rows = [line for line in text.splitlines() if line.startswith("| `a")]
        assert [row.split("`")[1] for row in rows] == [f"a{k:03d}" for k in range(listed)]
        tail = [line for line in text.splitlines() if line.startswith("... and")]
        assert tail == (
            []
            if more is None
            else [
                f"... and {more} more articles: `rashomon show ID` gives an article's"
                " mentions, the JSON export every one's."
            ]
        )
        assert f"Ada Lovelace (`person:ada-lovelace`): {count} articles" in text


def test_a_shared_number_names_its_commonest_counted_things_then_how_many_more() -> None:
    from rashomon.report.corpus import overview_of

    units = [f"thing{k:02d}" for k in range(11)]
    digests = [
        # thing00 is counted by every article, thing01 by all but one, and so on
        _digest(f"a{k:02d}", numbers=tuple(("3", unit) for unit in units[: len(units) - k]))
        for k in range(len(units))
    ]
    [line] = [x for x in overview_of(digests, [], []).splitlines() if x.startswith("- 3:")]
    listed = ", ".join(units[:8])
    assert line == f"- 3: 11 articles ({listed} and 3 more)"


def _digest(article_id: str, **fields: Any) -> Any:
    """An annotated English article's report digest, with ``fields`` set."""
    from rashomon.report.digest import ArticleDigest

    empty: dict[str, Any] = {
        "title": f"Article {article_id}",
        "outlet": "Wire",
        "language": "en",
        "duplicate_of": None,
        "removed": (),
        "annotated": True,
        "date_value": None,
        "date_source": None,
        "kinds": {"number": 1},
        "names": (),
        "numbers": (),
    }
    return ArticleDigest(id=article_id, **{**empty, **fields})


def _difference(severity: str, attribute: str, values: tuple[str, str]) -> dict[str, Any]:
    return {
        "id": f"d-{attribute}",
        "attribute": attribute,
        "kind": "date",
        "severity": severity,
        "alternatives": [
            {
                "value": value,
                "articles": [article],
                "evidence": [
                    {
                        "article": article,
                        "sentence": f"It happened on {value}.",
                        "start": 0,
                        "end": 25,
                        "value_start": 16,
                        "value_end": 24,
                    }
                ],
            }
            for value, article in zip(values, ("w1", "l1"), strict=True)
        ],
        "explanation": f"{attribute}: {values[0]} vs {values[1]}.",
    }


def test_an_unclear_difference_is_reported_apart_from_the_disputes() -> None:
    """Dates a day apart are shown under their own heading, never as "Disputed"."""
    from rashomon.report.comparison import comparison_report_of
    from rashomon.report.export_model import ExportStory

    told = ExportStory.model_validate(
        {
            **story("st-1", "Deal signed", ["w1", "l1"], None),
            "discrepancies": [
                _difference("unclear", "deal signed", ("2020-11-09", "2020-11-10")),
                _difference("medium", "talks began", ("2020-10-01", "2020-10-05")),
            ],
        }
    )
    digests = [_digest("w1", outlet="Wire"), _digest("l1", outlet="Ledger")]
    text = comparison_report_of(digests, [told], [])
    disputed, unclear = text.index("**Disputed**"), text.index("**Unclear**")
    assert disputed < text.index("talks began") < unclear < text.index("deal signed")
    assert "**unclear**: deal signed" in text


def test_without_an_unclear_difference_there_is_no_unclear_heading() -> None:
    from rashomon.report.comparison import comparison_report_of
    from rashomon.report.export_model import ExportStory

    told = ExportStory.model_validate(
        {
            **story("st-1", "Talks", ["w1", "l1"], None),
            "discrepancies": [_difference("low", "talks began", ("2020-10-01", "2020-10-05"))],
        }
    )
    digests = [_digest("w1", outlet="Wire"), _digest("l1", outlet="Ledger")]
    text = comparison_report_of(digests, [told], [])
    assert "**Disputed**" in text and "Unclear" not in text
