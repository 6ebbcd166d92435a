"""The cleaner cuts page leftovers by named rule and never touches story sentences.

Each built-in rule in ``noise.yaml`` gets real-shaped lines it must cut and
look-alike sentences it must keep. Every case also checks the invariant the
rest of rashomon relies on: the kept text and the removed spans partition the
raw text exactly, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import RulesError
from rashomon.ingest.clean import Cleaned, clean_text
from rashomon.ingest.rules import RuleKind, RuleSet, default_rules, load_rules, parse_rules

RULES = default_rules()
TITLE = "Ferry operator fined after harbour collision"

# Story paragraphs: long enough to be sentences, with no noise in them.
P1 = (
    "A passenger ferry struck the harbour wall at Velmar on Tuesday morning, damaging its bow"
    " and delaying the first sailing of the day by three hours."
)
P2 = (
    "The harbour master said nobody was hurt and that the vessel had been inspected by divers"
    " before it was allowed to leave for the island again."
)
P3 = (
    "Magistrates fined the operator eighteen thousand euros on Friday for failing to report"
    " the collision within the time set by maritime law."
)
P4 = (
    "The company said it accepted the ruling and had changed its procedures so that every"
    " incident is now reported by the master before the ship docks."
)


def clean(*lines: str, title: str | None = TITLE, rules: RuleSet = RULES) -> Cleaned:
    """Clean paragraphs separated by blank lines, checking the partition invariant."""
    raw = "\n\n".join(lines) + "\n"
    result = clean_text(raw, rules, title=title)
    assert_partition(raw, result)
    return result


def assert_partition(raw: str, result: Cleaned) -> None:
    pieces: list[tuple[int, int, str | None]] = []
    for span in result.removed:
        assert raw[span.start : span.end] == span.text
        pieces.append((span.start, span.end, span.rule))
    pos = 0
    kept = []
    for start, end, _rule in sorted(pieces):
        assert start >= pos, "spans overlap or are out of order"
        kept.append(raw[pos:start])
        pos = end
    kept.append(raw[pos:])
    assert "".join(kept) == result.text


def cut_lines(result: Cleaned) -> dict[str, str]:
    """Each cut line (stripped) mapped to the rule that cut it."""
    found: dict[str, str] = {}
    for span in result.removed:
        for line in span.text.splitlines():
            if line.strip():
                found[line.strip()] = span.rule
    return found


def kept_lines(result: Cleaned) -> list[str]:
    return [line.strip() for line in result.text.splitlines() if line.strip()]


# -- line rules that apply anywhere ---------------------------------------------

ANYWHERE_CUT = [
    ("read-more", "READ MORE: Windermere launch operator fined over lifejacket shortfall"),
    ("read-more", "Also read: Half-term sailings cancelled as Solent operator strikes"),
    ("read-more", "Related: Greek ports brace for record Easter rush"),
    ("read-more", "See also » Coastal ferry timetable cuts spark anger in Nordland"),
    ("share-subscribe", "Share this article"),
    ("share-subscribe", "Share on Facebook"),
    ("share-subscribe", "Subscribe to our newsletter"),
    ("share-subscribe", "Follow us on Twitter"),
    ("share-subscribe", "Sign up for our morning newsletter"),
    ("share-subscribe", "Copy link"),
    ("empty-source", "Source : "),
    ("empty-source", "Source:"),
    ("empty-source", "Via"),
    ("comment-notice", "Your email address will not be published. Required fields are marked *"),
    ("comment-notice", "You must be logged in to post a comment."),
    ("punctuation-only", "."),
    ("punctuation-only", "* * *"),
]


@pytest.mark.parametrize(
    ("rule", "line"), ANYWHERE_CUT, ids=[f"{r}:{line[:30]}" for r, line in ANYWHERE_CUT]
)
def test_noise_line_in_the_middle_of_a_story_is_cut_by_its_rule(rule: str, line: str) -> None:
    """Link, share, source and comment leftovers are cut wherever they sit, story kept."""
    result = clean(P1, P2, line, P3, P4)
    assert cut_lines(result) == {line.strip(): rule}
    assert kept_lines(result) == [P1, P2, P3, P4]


ANYWHERE_KEPT = [
    ("read-more", "Read more about it in the report, she said."),
    ("read-more", "Related stories about the collision were published by several outlets."),
    ("share-subscribe", "Share prices in the operator fell 11 percent on Monday."),
    ("share-subscribe", "Subscribers to the ferry pass will get a refund for the delay."),
    ("empty-source", "Source: Reuters reported that the ferry had been delayed before."),
    ("empty-source", "Sources close to the ministry said a fine was likely."),
    ("comment-notice", "Your email address is needed to claim a refund, the company said."),
    ("image-credit", "Reuters reported that the vessel had been repaired."),
    ("image-credit", "Photo evidence was shown to the magistrates by the harbour master."),
    ("punctuation-only", "3.5"),
]


@pytest.mark.parametrize(
    ("rule", "line"), ANYWHERE_KEPT, ids=[f"{r}:{line[:30]}" for r, line in ANYWHERE_KEPT]
)
def test_story_sentence_that_looks_like_noise_is_kept(rule: str, line: str) -> None:
    """A real sentence that starts like a noise line is story text, not a leftover."""
    result = clean(P1, line, P2)
    assert cut_lines(result) == {}, f"{rule} must not cut {line!r}"
    assert kept_lines(result) == [P1, line, P2]


# -- comment forms: a tail rule -------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    ["Leave a Reply", "Leave a comment", "3 Comments", "Comments (12)", "Join the conversation"],
)
def test_comment_form_heading_cuts_it_and_everything_after(heading: str) -> None:
    """A comment section takes every line after its heading with it."""
    result = clean(P1, P2, heading, "Great reporting, thanks.", "Name *", "Email *", "Post Comment")
    assert kept_lines(result) == [P1, P2]
    assert set(cut_lines(result).values()) == {"comment-form"}


def test_sentence_mentioning_comments_does_not_start_a_comment_section() -> None:
    """'comments' inside a story sentence does not swallow the rest of the article."""
    line = "The ministry received 312 comments on the plan before the deadline."
    result = clean(P1, line, P2, P3)
    assert kept_lines(result) == [P1, line, P2, P3]


# -- photo credits and captions -------------------------------------------------


@pytest.mark.parametrize(
    "credit",
    [
        "Photo: Kestrel Picture Desk / Continental Wire",
        "Photo: Reuters",
        "© AFP",
        "AA Archive",
        "Getty Images",
        "Image credit: Harbour Ledger",
    ],
)
def test_image_credit_is_cut_and_the_line_above_it_is_a_caption(credit: str) -> None:
    """A credit line marks the line right above it as the photo's caption."""
    caption = "Passengers wait on the quay at Velmar after the ferry docked."
    result = clean(P1, caption, credit, P2, P3)
    assert cut_lines(result) == {caption: "photo-caption", credit: "image-credit"}
    assert kept_lines(result) == [P1, P2, P3]


def test_caption_like_line_without_a_credit_under_it_is_kept() -> None:
    """Without a credit line, a short descriptive line is story text."""
    line = "Passengers wait on the quay at Velmar after the ferry docked."
    result = clean(P1, line, P2, P3)
    assert kept_lines(result) == [P1, line, P2, P3]


def test_second_copy_of_a_recognised_caption_is_cut_as_repeated_caption() -> None:
    """Pasted pages print the caption twice; only the credited copy teaches us it is one."""
    caption = "Passengers wait on the quay at Velmar after the ferry docked."
    result = clean(P1, caption, "Photo: Reuters", P2, caption, P3)
    assert [s.rule for s in result.removed] == ["photo-caption", "image-credit", "repeated-caption"]
    assert kept_lines(result) == [P1, P2, P3]


@pytest.mark.parametrize(
    "caption",
    [
        "Passengers wait on the quay at Velmar after the ferry docked, March 3, 2024."
        " (Ilse Varga/Continental Wire)",
        "FILE - In this Jan. 4, 2022, file photo the Kallisti Horizon leaves Piraeus."
        " (AP Photo/Nikos Arvanitis, File)",
        "Harbour master Petra Lind speaks to reporters in Velmar, March 3, 2024."
        " REUTERS/Ilse Varga",
        "Ferries wait in port at Velmar. (Photo: Harbour Ledger / Tomas Rey)",
    ],
)
def test_caption_ending_in_its_credit_at_the_top_is_cut(caption: str) -> None:
    """A caption that carries its credit on the same line, above the story: its date and
    names are the photo's, not the story's, so they must not make the lead."""
    result = clean(caption, P1, P2)
    assert cut_lines(result) == {caption: "credited-caption"}
    assert kept_lines(result) == [P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        # a lead sentence with a parenthesis holding a slash is not a credit
        "The ferry operator chronicles the inquiry in a series of reports (Part 2 / Part 3).",
        "Fares rose by a fifth on the route (Velmar/Piraeus) after the fire.",
    ],
)
def test_story_sentence_ending_in_a_parenthesis_is_kept(line: str) -> None:
    result = clean(line, P1, P2)
    assert line in kept_lines(result)


def test_credited_caption_further_down_is_not_cut_by_the_head_rule() -> None:
    caption = "Passengers wait on the quay at Velmar. (Ilse Varga/Continental Wire)"
    result = clean(P1, P2, P3, caption)
    assert "credited-caption" not in cut_lines(result).values()


# -- section labels, bylines and kickers: only at the top -----------------------


@pytest.mark.parametrize("label", ["World news", "Travel", "Latest news", "All news", "Opinion"])
def test_section_label_on_the_first_line_is_cut(label: str) -> None:
    """A site's section label pasted above the article is not part of it."""
    result = clean(label, P1, P2, P3)
    assert cut_lines(result) == {label: "section-label"}
    assert kept_lines(result) == [P1, P2, P3]


@pytest.mark.parametrize("label", ["Travel", "Opinion", "Business"])
def test_section_label_word_further_down_is_kept(label: str) -> None:
    """A one-word subheading in the body (say "Travel") is not a section label."""
    result = clean(P1, P2, P3, label, P4)
    assert label in kept_lines(result)


@pytest.mark.parametrize(
    "byline",
    [
        "By Jane Doe, Travel Desk",
        "By Continental Wire | Published 10 March 2024, 15:42 GMT",
        "Skerry Post staff",
        "Published 10 March 2024",
        "Updated: 11 March 2024 08:15",
    ],
)
def test_byline_in_the_first_lines_is_cut(byline: str) -> None:
    """Bylines and publication stamps under the headline are metadata, not story."""
    result = clean(byline, P1, P2, P3)
    assert cut_lines(result) == {byline: "byline"}
    assert kept_lines(result) == [P1, P2, P3]


@pytest.mark.parametrize(
    "line",
    [
        "March 8, 2013 5:47 PM",
        "Thursday, Apr 2, 2009 | Updated 1:32 PM PDT",
        "21 July 2013 Last updated at 11:11 GMT",
        "Story Created: Aug 7, 2012 at 9:56 AM AKDT",
        "on Feb. 04, 2009",
        "Jan 5, 2011 – 4:35 PM",
        "12 / 23 / 12 06:03 PM ET EST",
    ],
)
def test_date_line_above_the_text_is_cut_not_taken_as_headline(line: str) -> None:
    """Scraped pages print the page's date alone on a line, above or below the headline."""
    for lines in ((line, TITLE, P1, P2), (TITLE, line, P1, P2)):
        result = clean(*lines, title=None)
        assert result.title == TITLE
        assert cut_lines(result)[line] == "date-line"
        assert kept_lines(result) == [P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        "March 8, 2013 was the day the harbour master closed the port to all ferries.",
        "21 July 2013: Ferries stay in port",
    ],
)
def test_line_that_only_starts_with_a_date_is_kept(line: str) -> None:
    result = clean(TITLE, line, P1, title=None)
    assert line in kept_lines(result)


def test_byline_shaped_line_deep_in_the_article_is_kept() -> None:
    """Only the first lines are searched for bylines; later ones are story text."""
    line = "By Jane Doe, Travel Desk"
    result = clean(
        P1, P2, P3, P4, P1.replace("Tuesday", "Monday"), P2.replace("divers", "crews"), line, P3
    )
    assert line in kept_lines(result)


def test_sentence_starting_with_by_near_the_top_is_kept() -> None:
    """'By the evening, ...' is a sentence, not a byline."""
    line = "By the evening, the ferry had been towed back to its berth."
    result = clean(line, P1, P2)
    assert kept_lines(result) == [line, P1, P2]


@pytest.mark.parametrize("kicker", ["GREECE FERRY FIRE", "FISHERIES", "ALPS ROCKFALL"])
def test_all_caps_kicker_near_the_top_is_cut(kicker: str) -> None:
    """A short all-capitals line by the headline is a kicker."""
    result = clean(kicker, P1, P2, P3)
    assert cut_lines(result) == {kicker: "kicker"}
    assert kept_lines(result) == [P1, P2, P3]


def test_all_caps_line_further_down_is_kept() -> None:
    """Below the first few lines, an all-capitals line is not a kicker."""
    result = clean(P1, P2, P3, P4, "UPDATE FROM THE COURT", P1.replace("Tuesday", "Friday"))
    assert "UPDATE FROM THE COURT" in kept_lines(result)


@pytest.mark.parametrize(
    "line",
    [
        "Greece ferry fire",
        "Velmar Harbour",
        "UN",
        "GREECE FERRY FIRE KILLS TWELVE ON SATURDAY MORNING",
    ],
    ids=["mixed-case", "title-case", "too-few-letters", "too-long"],
)
def test_line_that_is_not_a_short_all_caps_kicker_is_kept(line: str) -> None:
    """Only short, all-capitals lines count as kickers."""
    result = clean(line, P1, P2)
    assert kept_lines(result) == [line, P1, P2]


# -- the headline: taken from the text, or repeated in it -----------------------


def test_first_kept_line_becomes_the_title_when_none_is_given() -> None:
    """Pasted text has no metadata: its first line (after any section label) is the headline."""
    result = clean("World news", TITLE, P1, P2, title=None)
    assert result.title == TITLE
    assert cut_lines(result) == {"World news": "section-label", TITLE: "title"}
    assert kept_lines(result) == [P1, P2]


BRIEF = (
    "Police in the harbour town arrested two men on Sunday after a warehouse fire"
    " that destroyed fishing gear worth thousands of euros."
)


def test_one_paragraph_brief_is_kept_as_text_not_taken_as_headline() -> None:
    """A news brief pasted as one paragraph is the story, not a headline without a story."""
    result = clean(BRIEF, title=None)
    assert result.title is None
    assert kept_lines(result) == [BRIEF]


@pytest.mark.parametrize(
    "brief",
    [
        "The parliament election is over in Turkmenistan.",
        "HARBOUR FC Dismissed Jan Olsen, coach. Named Per Berg coach.",
    ],
)
def test_short_one_sentence_file_ending_with_a_full_stop_is_a_brief(brief: str) -> None:
    result = clean(brief, title=None)
    assert result.title is None
    assert kept_lines(result) == [brief]


def test_long_first_sentence_is_story_text_when_the_article_has_no_headline() -> None:
    """Text pasted without its headline starts with a paragraph; it stays in the text."""
    lead = (
        "The coast guard said on Monday that all 212 passengers of the ferry that ran aground"
        " off the island had been taken ashore, and that two crew members were being treated."
    )
    result = clean(lead, P1, P2, title=None)
    assert result.title is None
    assert kept_lines(result) == [lead, P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        "Ferry fire kills 12 off Piraeus",  # a headline: short, no full stop
        "Two men arrested after a warehouse fire destroys fishing gear in the port",  # no stop
        "Is the ferry safe?",  # a question headline
        "Fire in the port.",  # too short for a brief
    ],
)
def test_lone_headline_is_still_a_headline_without_text(line: str) -> None:
    result = clean(line, title=None)
    assert result.title == line
    assert kept_lines(result) == []


def test_given_title_is_kept_and_no_line_is_taken_as_title() -> None:
    """Front matter or JSON supplies the title; the first paragraph stays in the text."""
    result = clean(P1, P2, title=TITLE)
    assert result.title == TITLE
    assert result.removed == ()
    assert kept_lines(result) == [P1, P2]


def test_kicker_and_repeated_headline_under_the_title_are_cut() -> None:
    """Pasted pages print the headline, then kicker and headline again."""
    result = clean("World news", TITLE, "FERRY FINE", TITLE, "By Jane Doe", P1, P2, title=None)
    assert [span.rule for span in result.removed] == [
        "section-label",
        "title",
        "kicker",
        "repeated-title",
        "byline",
    ]
    assert kept_lines(result) == [P1, P2]


def test_headline_repeated_at_the_top_of_the_body_is_cut() -> None:
    """An HTML page's H1 printed again above the text is cut as repeated-title."""
    result = clean(TITLE, P1, P2, title=TITLE)
    assert cut_lines(result) == {TITLE: "repeated-title"}
    assert kept_lines(result) == [P1, P2]


def test_first_paragraph_sharing_words_with_the_title_is_kept() -> None:
    """A body line is a repeated headline only if all its words come from the title."""
    line = "The ferry operator was fined after a harbour collision that damaged its bow."
    result = clean(line, P1, title=TITLE)
    assert kept_lines(result) == [line, P1]


# -- repeated paragraphs and trailing fragments ----------------------------------


def test_repeated_paragraph_keeps_the_first_copy() -> None:
    """A paragraph pasted twice is kept once, where it first appears."""
    result = clean(P1, P2, P3, P2, P4)
    assert [s.rule for s in result.removed] == ["repeated-paragraph"]
    assert kept_lines(result) == [P1, P2, P3, P4]
    assert result.removed[0].start > result.text.index(P2)


def test_short_repeated_line_is_kept() -> None:
    """Short lines ("He said no.") may repeat legitimately; only long ones are copies."""
    result = clean(P1, "He said no.", P2, "He said no.", P3)
    assert kept_lines(result) == [P1, "He said no.", P2, "He said no.", P3]


def test_trailing_fragment_after_noise_at_the_end_is_cut() -> None:
    """A widget label left at the very end, after cut noise, goes too."""
    result = clean(P1, P2, "Share this article", "More from Kestrel")
    assert cut_lines(result) == {
        "Share this article": "share-subscribe",
        "More from Kestrel": "trailing-fragment",
    }
    assert kept_lines(result) == [P1, P2]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param((P1, P2, "More from Kestrel"), id="no-noise-before-it"),
        pytest.param((P1, P2, "Share this article", "The end."), id="ends-a-sentence"),
        pytest.param((P1, "More from Kestrel", "Share this article", P2), id="not-at-the-end"),
    ],
)
def test_short_last_line_is_kept_unless_it_is_an_unpunctuated_fragment_after_noise(
    lines: tuple[str, ...],
) -> None:
    """Only a short unpunctuated last line right after other noise is a fragment."""
    result = clean(*lines)
    assert "trailing-fragment" not in {span.rule for span in result.removed}


# -- user rules -----------------------------------------------------------------

USER_RULES = """
rules:
  - name: advertisement
    description: Ad slots left in pasted text.
    kind: line
    pattern: '(?i)advertisement'
  - name: read-more
    kind: line
    pattern: '(?i)more from (us|kestrel).*'
    max_words: 8
  - name: byline
    kind: line
    pattern: 'by .*'
    enabled: false
"""


def test_user_rule_with_a_new_name_is_added_after_the_builtins() -> None:
    """A user's rule cuts its lines and is recorded under the user's name."""
    rules = RULES.extended(parse_rules(USER_RULES, source="user.yaml"))
    assert rules.rules[-1].name == "advertisement"
    result = clean(P1, "ADVERTISEMENT", P2, "Advertisement", P3, rules=rules)
    assert {span.rule for span in result.removed} == {"advertisement"}
    assert kept_lines(result) == [P1, P2, P3]


def test_user_rule_with_a_builtin_name_replaces_it() -> None:
    """Overriding 'read-more' changes what it cuts, in the built-in rule's place."""
    rules = RULES.extended(parse_rules(USER_RULES, source="user.yaml"))
    names = [rule.name for rule in rules.rules]
    assert names.count("read-more") == 1
    assert names.index("read-more") == [r.name for r in RULES.rules].index("read-more")
    result = clean(
        P1, "READ MORE: Harbour dues to rise", P2, "More from Kestrel today", rules=rules
    )
    assert cut_lines(result) == {"More from Kestrel today": "read-more"}
    assert "READ MORE: Harbour dues to rise" in kept_lines(result)


def test_user_rule_can_disable_a_builtin_rule() -> None:
    """`enabled: false` switches a built-in rule off."""
    rules = RULES.extended(parse_rules(USER_RULES, source="user.yaml"))
    assert "byline" not in {rule.name for rule in rules.of_kind(RuleKind.LINE)}
    result = clean("By Jane Doe, Travel Desk", P1, P2, rules=rules)
    assert kept_lines(result) == ["By Jane Doe, Travel Desk", P1, P2]


def test_disabling_a_builtin_detector_turns_it_off() -> None:
    """A disabled kicker detector leaves all-capitals lines in the text."""
    rules = RULES.extended(
        parse_rules(
            "rules:\n  - {name: kicker, kind: builtin, detector: kicker, enabled: false}\n",
            source="user.yaml",
        )
    )
    result = clean("FERRY FINE", P1, P2, rules=rules)
    assert kept_lines(result) == ["FERRY FINE", P1, P2]


def test_load_rules_reads_the_users_file_on_top_of_the_builtins(tmp_path: Path) -> None:
    """`--rules FILE` means: the built-in rules, extended by FILE."""
    path = tmp_path / "rules.yaml"
    path.write_text(USER_RULES, encoding="utf-8")
    rules = load_rules(path)
    assert {r.name for r in RULES.rules} <= {r.name for r in rules.rules}
    assert rules.builtin("kicker") is not None
    assert load_rules(None) == RULES


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("rules: [unclosed", "not valid YAML", id="bad-yaml"),
        pytest.param("- just a list", "'rules:'", id="no-rules-key"),
        pytest.param("rules:\n  - {kind: line, pattern: x}\n", "needs a 'name'", id="no-name"),
        pytest.param(
            "rules:\n  - {name: broken, pattern: '(unclosed'}\n",
            "rule 'broken': bad regular expression",
            id="bad-regex",
        ),
        pytest.param(
            "rules:\n  - {name: mine, kind: builtin, detector: nonsense}\n",
            "rule 'mine': unknown detector 'nonsense'",
            id="unknown-detector",
        ),
        pytest.param(
            "rules:\n  - {name: mine, pattern: x, max_words: -1}\n",
            "rule 'mine': 'max_words' must be a whole number",
            id="negative-max-words",
        ),
        pytest.param(
            "rules:\n  - {name: mine, kind: sometimes, pattern: x}\n",
            "rule 'mine'",
            id="unknown-kind",
        ),
    ],
)
def test_malformed_rules_file_is_refused_naming_file_and_rule(text: str, message: str) -> None:
    """A broken rules file stops the run with a message saying where the problem is."""
    with pytest.raises(RulesError) as caught:
        parse_rules(text, source="my-rules.yaml")
    assert str(caught.value).startswith("my-rules.yaml: ")
    assert message in str(caught.value)


def test_missing_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    """A typo in the --rules path is reported, not a traceback."""
    with pytest.raises(RulesError, match="cannot read the rules file"):
        load_rules(tmp_path / "nope.yaml")
