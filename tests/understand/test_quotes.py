"""Who said what: the source is the one the attributing clause names.

Real-shaped sentences for each rule of :mod:`rashomon.understand.quotes`; quality on
real news is measured on PolNeAR (benchmarks/polnear_quotes.py, docs/quality.md).
"""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.model import Mention, MentionType, QuoteKind
from rashomon.understand.nlp import load_model
from rashomon.understand.quotes import find_quotes, quotation_spans


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model()


def _said(nlp: Any, text: str) -> list[tuple[str, str, str | None, str | None]]:
    doc = nlp(text)
    return [(q.kind.value, text[q.start : q.end], q.speaker, q.cue) for q in find_quotes(doc)]


def test_the_subject_of_the_speech_verb_is_the_speaker(nlp: Any) -> None:
    found = _said(nlp, '"We will rebuild every house," Mayor Ana Ruiz said on Friday.')
    assert found == [("direct", "We will rebuild every house,", "Mayor Ana Ruiz", "said")]


def test_an_appositive_name_wins_over_the_title_and_the_possessor(nlp: Any) -> None:
    text = 'Grimm\'s attorney, William McGinley, said the case was "a political witch hunt."'
    speakers = {q[2] for q in _said(nlp, text)}
    assert speakers == {"William McGinley"}


def test_the_addressee_is_never_the_speaker(nlp: Any) -> None:
    text = 'James Comey told Bill Hemmer that he had "no regrets at all about the memos."'
    speakers = {q[2] for q in _said(nlp, text)}
    assert "Bill Hemmer" not in speakers and "James Comey" in speakers


def test_according_to_names_the_source_of_an_indirect_attribution(nlp: Any) -> None:
    text = "According to the Justice Department, the memos were sent to Congress on Thursday."
    (found,) = _said(nlp, text)
    assert found[0] == "indirect" and found[2] == "the Justice Department"
    assert found[1] == "the memos were sent to Congress on Thursday"


def test_a_quote_split_around_its_cue_is_two_contents_with_one_speaker(nlp: Any) -> None:
    text = (
        'Officials met on Monday. "This is the first time," Elena Petrova said, "that anyone'
        ' has asked us about the mines."'
    )
    found = _said(nlp, text)
    assert [q[1] for q in found] == [
        "This is the first time,",
        "that anyone has asked us about the mines.",
    ]
    assert {q[2] for q in found} == {"Elena Petrova"}
    assert all("said" not in q[1] for q in found)  # the reporter's words stay outside


def test_a_pronoun_takes_the_person_named_before_it(nlp: Any) -> None:
    text = (
        "Foreign Minister Ararat Mirzoyan spoke to reporters on Monday. "
        '"The families deserve answers," he said.'
    )
    (found,) = _said(nlp, text)
    assert found[2] == "Ararat Mirzoyan"


def test_a_quotation_alone_in_the_next_paragraph_goes_on_with_its_speaker(nlp: Any) -> None:
    text = (
        '"We are ready to talk," Foreign Minister Jeyhun Bayramov said.\n\n'
        '"But the maps must come first."'
    )
    found = _said(nlp, text)
    assert [q[2] for q in found] == ["Jeyhun Bayramov", "Jeyhun Bayramov"]


def test_without_an_attributing_clause_the_speaker_is_unknown(nlp: Any) -> None:
    text = 'The so-called "peace corridor" through the valley opened to trucks on Monday.'
    assert [q[2] for q in _said(nlp, text) if q[0] == QuoteKind.DIRECT.value] == [None]


def test_a_ministry_statement_is_a_source(nlp: Any) -> None:
    text = '"The exchange was completed at the border," the ministry statement said.'
    (found,) = _said(nlp, text)
    assert found[2] == "the ministry statement"


def test_long_quotations_reopen_each_paragraph() -> None:
    text = '"First paragraph of the statement.\n"Second paragraph," she said.'
    spans = [text[q.start : q.end] for q in quotation_spans(text)]
    assert spans == ['First paragraph of the statement.\n"Second paragraph,']


def test_a_quotation_right_after_the_attribution_goes_on_in_the_same_voice(nlp: Any) -> None:
    text = (
        '"There is another side to this," Anna Sexton said. "I do not know if it was'
        ' cathartic. But it was obvious."'
    )
    assert [q[2] for q in _said(nlp, text)] == ["Anna Sexton", "Anna Sexton"]


def test_the_quoted_words_are_never_taken_for_the_speaker(nlp: Any) -> None:
    text = 'Maria Lopez spoke on Monday. "Happy Cinco de Mayo!," she tweeted.'
    speakers = [q[2] for q in _said(nlp, text)]
    assert "Happy Cinco de Mayo" not in speakers
    assert speakers == ["Maria Lopez"]


def test_a_quotation_after_a_short_attribution_keeps_it_over_the_next_paragraph(nlp: Any) -> None:
    text = (
        '"It\'s insane. It\'s ridiculous," Trump said when asked about the deal. "It should '
        'never have been made, but we will be talking about it."\n\n'
        "Macron said the deal was an important part of stabilizing the region."
    )
    direct = [q for q in _said(nlp, text) if q[0] == "direct"]
    assert [q[2] for q in direct] == ["Trump", "Trump"]


def test_a_name_with_an_apposition_before_the_cue_is_the_speaker(nlp: Any) -> None:
    text = (
        '"This can be good news in that we will now counter for the DNC Server," '
        "Donald Trump, a Republican, wrote."
    )
    (found,) = _said(nlp, text)
    assert found[2] == "Donald Trump" and found[3] == "wrote"


def test_a_paragraph_that_opens_inside_a_quotation_is_read_as_one(nlp: Any) -> None:
    text = (
        'Just heard the Campaign was sued by the Democrats," he tweeted. '
        '"This can be good news for us."'
    )
    spans = [text[q.start : q.end] for q in quotation_spans(text)]
    assert spans == [
        "Just heard the Campaign was sued by the Democrats,",
        "This can be good news for us.",
    ]
    assert quotation_spans('A 12" pipe burst.') == []


def test_a_quotation_opening_the_sentence_after_a_long_attribution_keeps_its_speaker(
    nlp: Any,
) -> None:
    text = (
        '"The deal gives them time and nothing else," said Laura Pike, a senior fellow at '
        "the Harlow Institute who advised two secretaries of state on arms control. "
        '"They offered nothing in return."'
    )
    speakers = [q[2] for q in _said(nlp, text)]
    assert speakers == ["Laura Pike", "Laura Pike"]


def test_a_quotation_after_a_sentence_of_narrative_is_not_continued(nlp: Any) -> None:
    text = (
        '"The deal gives them time and nothing else," said Laura Pike, a senior fellow. '
        "Officials in Seoul declined to comment on the talks, which resume on Monday. "
        '"They offered nothing in return."'
    )
    speakers = [q[2] for q in _said(nlp, text)]
    assert speakers == ["Laura Pike", None]


def test_a_legislators_appositive_title_is_not_taken_for_the_speaker(nlp: Any) -> None:
    text = (
        '"They have a right to make their case," said Rep. Maria Olsen, top Democrat on '
        "the House subcommittee on immigration."
    )
    (found,) = _said(nlp, text)
    assert found[2] is not None and "Olsen" in found[2]


def test_the_object_of_a_verb_calling_for_speech_is_the_speaker(nlp: Any) -> None:
    text = (
        "In one memo, Comey describes Trump pressing him on the inquiry, prompting Comey "
        'to reply that "the case should go through the proper channel."'
    )
    speakers = {q[2] for q in _said(nlp, text) if q[3] == "reply"}
    assert speakers == {"Comey"}


def test_a_name_set_off_by_commas_from_its_verb_speaks_through_a_participle(nlp: Any) -> None:
    text = (
        "As the marchers neared the border, Mr. Trump, in a post last week, sharpened his "
        'attacks, vowing "not to let these large groups into our Country."'
    )
    (speaker,) = {q[2] for q in _said(nlp, text) if q[3] == "vowing"}
    assert speaker is not None and speaker.endswith("Trump")


def test_a_pronoun_takes_the_last_subject_over_a_nearer_possessor(nlp: Any) -> None:
    text = (
        "Mr. Trump, who likes to keep his options open, was coy about the deadline. "
        "Aides said he wanted to resist Mr. Macron's appeals firmly.\n\n"
        '"Nobody knows what I will do on the 12th," he said at the White House.'
    )
    (speaker,) = [q[2] for q in _said(nlp, text) if q[0] == "direct"]
    assert speaker is not None and speaker.endswith("Trump")


def test_a_name_inside_a_quotation_is_no_antecedent(nlp: Any) -> None:
    text = 'Reporters asked about the summit. "Mr. Kim has been very open," he said.'
    speakers = [q[2] for q in _said(nlp, text)]
    assert speakers == [None]


def test_a_participle_after_two_verbs_takes_the_first_verbs_subject(nlp: Any) -> None:
    text = (
        "The ministry rejected the report on Friday and defended the exchange, saying it "
        'had "saved many lives."'
    )
    speakers = {q[2] for q in _said(nlp, text) if q[0] == "direct"}
    assert speakers == {"The ministry"}


def test_someone_named_as_a_subject_after_the_last_speaker_takes_the_pronoun(
    nlp: Any,
) -> None:
    text = (
        'Ron Dermer also criticised Javad Zarif, who called the president "impetuous."\n\n'
        "Dermer said the deal had not hurt Iran at all.\n\n"
        '"This deal did not stop them from getting a bomb," he said.'
    )
    direct = [q[2] for q in _said(nlp, text) if q[0] == "direct"]
    assert direct[-1] is not None and direct[-1].endswith("Dermer")


def test_accused_credits_the_accuser_with_the_quoted_words(nlp: Any) -> None:
    text = 'Jeremy Corbyn accused the prime minister of bowing to "the whims of Washington."'
    assert {q[2] for q in _said(nlp, text)} == {"Jeremy Corbyn"}


def test_a_long_phrase_with_a_name_deep_inside_is_no_source(nlp: Any) -> None:
    text = (
        '"What efforts were made to reach him?" reads one of the questions handed to the '
        "newspaper by an official outside the president's legal team."
    )
    assert [q[2] for q in _said(nlp, text)] == [None]


def test_a_pronoun_skips_a_subject_inside_a_relative_clause(nlp: Any) -> None:
    text = (
        "Mr. Kudlow said he expected Mr. Abe to ask for an exemption. He also played down "
        "talk of the trade pact, which Mr. Trump left in his first week in office.\n\n"
        '"It is more of a thought than a policy," he said.'
    )
    (speaker,) = [q[2] for q in _said(nlp, text) if q[0] == "direct"]
    assert speaker is not None and speaker.endswith("Kudlow")


def test_the_speaker_of_the_previous_quotation_outranks_the_subject_of_its_content(
    nlp: Any,
) -> None:
    text = (
        'The ambassador Woody Johnson confirmed Trump would "definitely be coming to '
        'London". He told a radio station on Friday: "He is very thick-skinned."'
    )
    speakers = [q[2] for q in _said(nlp, text) if q[0] == "direct"]
    assert speakers == ["Woody Johnson", "Woody Johnson"]


def test_a_word_standing_for_an_unsaid_noun_is_no_source(nlp: Any) -> None:
    text = (
        'One question asks about the calls. Another asks whether anyone offered "a pardon '
        'or immunity."'
    )
    assert [q[2] for q in _said(nlp, text) if q[0] == "direct"] == [None]


def test_a_speakers_quoted_sentences_do_not_push_them_out_of_the_pronouns_reach(
    nlp: Any,
) -> None:
    """NewsWCL50 3_M: three quoted sentences between "Ackerman said" and "he added"."""
    text = (
        "Nora Vance, a former prosecutor, said the suit carried risks for the campaign.\n\n"
        '"If the inquiry ends, they could go on with this," Vance said of the party. '
        '"Nobody can pardon anyone in a civil case. Nobody can stop it. It is a long road."'
        '\n\n"It gives the party a way to go after people hard," he added.'
    )
    found = _said(nlp, text)
    assert found[-1][1].startswith("It gives the party") and found[-1][2] == "Vance"


def test_they_is_not_a_state_named_in_passing(nlp: Any) -> None:
    """NewsWCL50 7_LL: two ministers' statement was credited to "Washington"."""
    text = (
        "Prime Minister Tom Hale and Trade Minister Ada Park welcomed the exemption and "
        "said the country would keep working with Washington.\n\n"
        '"The exemption reflects a fair trade relationship between our two nations," they '
        "said in a statement."
    )
    (found,) = [q for q in _said(nlp, text) if q[0] == "direct"]
    assert found[2] is None


def test_a_bare_title_named_as_an_object_is_no_antecedent(nlp: Any) -> None:
    """NewsWCL50 5_R: "he said" after "respect for the prime minister" is not her."""
    text = (
        "Trump praised Britain at the forum in Davos. He spoke for an hour. I have a "
        "tremendous respect for the prime minister and her work. I think the feeling is "
        'mutual.\n\n"We are very much joined at the hip," he said.'
    )
    doc = nlp(text)
    title = text.index("prime minister")
    mentions = [
        Mention(0, 5, "Trump", MentionType.PERSON, canonical="person:trump"),
        Mention(title, title + 14, "prime minister", MentionType.PERSON, canonical="person:may"),
    ]
    (quote,) = [q for q in find_quotes(doc, mentions) if q.kind is QuoteKind.DIRECT]
    assert quote.speaker is None


def test_according_to_content_never_runs_over_its_source(nlp: Any) -> None:
    text = (
        "The foreign minister met the rebel commander near the border over the weekend,"
        " according to local reports Wednesday."
    )
    (found,) = _said(nlp, text)
    assert found[2] == "local reports"
    assert "reports" not in found[1] and found[1].startswith("The foreign minister met")


def test_a_document_closing_the_sentence_after_a_quotation_is_the_source(nlp: Any) -> None:
    # the tagger reads "states" and "read" here as plural nouns
    found = _said(
        nlp,
        'Rather than warn voters, "the campaign and its staff quietly welcomed the'
        ' foreign help," the complaint states.',
    )
    assert [(q[2], q[3]) for q in found] == [("the complaint", "states")]
    found = _said(nlp, '"Let me be very clear," the minister\'s statement read.')
    assert [q[2] for q in found] == ["the minister's statement"]


def test_whoever_issued_the_message_a_cue_describes_is_the_source(nlp: Any) -> None:
    text = (
        "Harlan had his own answer to the protest, issuing a statement Tuesday saying he"
        ' had "instructed every prosecutor in the district to act without delay."'
    )
    assert {q[2] for q in _said(nlp, text)} == {"Harlan"}
    text = (
        "Governor Okafor seized on the ruling in a Twitter message posted late Friday to"
        ' repeat his refrain that there was "NO CASE and NO CRIME."'
    )
    assert {q[2] for q in _said(nlp, text)} == {"Governor Okafor"}


def test_a_by_phrase_speaks_for_the_verb_it_modifies(nlp: Any) -> None:
    text = (
        "Tom Riley, an opposition lawmaker, reacted on Twitter by asking whether anyone"
        ' was "good at painting banners."'
    )
    assert [q[2] for q in _said(nlp, text)] == ["Tom Riley"]


def test_a_quoted_label_is_the_words_of_whoever_puts_it_on(nlp: Any) -> None:
    found = _said(
        nlp,
        "Nadia Petrov, a member of the regional council, also welcomed the plan, calling"
        ' it "wonderful news" for the harbour towns.',
    )
    assert [(q[1], q[2], q[3]) for q in found] == [("wonderful news", "Nadia Petrov", "calling")]
    found = _said(
        nlp,
        "Carl Weiss, the mayor's former aide, dismissed it in an email as \"a cheap"
        ' stunt dressed up as an inquiry."',
    )
    assert [q[2] for q in found] == ["Carl Weiss"]
    # a name given to a thing is nobody's words: no subject, no source
    found = _said(nlp, 'Officials said the scheme, called "Project Lantern," was secret.')
    assert [q[2] for q in found if q[1].startswith("Project")] == [None]


def test_a_participle_finds_its_subject_when_the_parser_roots_the_sentence_in_the_quotation(
    nlp: Any,
) -> None:
    text = (
        "Ms. Herrera kept returning to the budget at a town hall on Friday night, saying"
        " at one point: \"If we don't fix the roads, we'll lose the town,\" apparently"
        " referring to the autumn vote."
    )
    assert {q[2] for q in _said(nlp, text) if q[0] == "direct"} == {"Herrera"}
