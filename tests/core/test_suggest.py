"""The recommenders of core/suggest: known actors, dates, claims, on small texts and bad input."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, ClaimForm, Document, LabelDefinition, LabelKind, LabelScheme, Span
from annotator.core.suggest import (
    RECOMMENDERS,
    ActorMatcher,
    ClaimRecommender,
    DateRecommender,
    KnownActorRecommender,
    SuggestContext,
    SuggestionKind,
    make_recommenders,
    suggest_document,
    without_rejected,
)

PASHINYAN = Actor(id="pashinyan", name="Nikol Pashinyan", aliases=("Pashinyan",))
KREMLIN = Actor(id="kremlin", name="Kremlin")
REGISTRY = ActorRegistry([PASHINYAN, KREMLIN, Actor(id="armenia", name="Armenia", aliases=("Yerevan",))])


def doc(text: str) -> Document:
    return Document.create("d1", text)


def actors_in(text: str, registry: ActorRegistry = REGISTRY, **context: object) -> list[tuple[str, str | None]]:
    found = KnownActorRecommender().suggest(doc(text), SuggestContext(registry=registry, **context))
    for s in found:
        assert s.text == text[s.start : s.end]
    return [(s.text, s.actor_id) for s in found]


def test_known_actors_whole_words_case_possessive_and_longest_first() -> None:
    text = "Nikol Pashinyan spoke. PASHINYAN's aides and Pashinyanist groups met; Yerevan's view. the kremlin"
    assert actors_in(text) == [("Nikol Pashinyan", "pashinyan"), ("PASHINYAN", "pashinyan"), ("Yerevan", "armenia")]


def test_sentence_start_capital_and_hyphenated_compounds() -> None:
    registry = ActorRegistry([Actor(id="k", name="the Kremlin"), Actor(id="r", name="Russia")])
    assert actors_in("The Kremlin said so. A Russia-led bloc, led by Russia.", registry) == [("The Kremlin", "k"), ("Russia", "r")]


def test_texts_linked_in_the_corpus_are_proposed_with_their_actor() -> None:
    text = "Armenian Prime Minister Nikol Pashinyan said. Prime Minister Nikol Pashinyan left."
    found = actors_in(text, linked_texts={"Armenian Prime Minister Nikol Pashinyan": "pashinyan"})
    assert found == [("Armenian Prime Minister Nikol Pashinyan", "pashinyan"), ("Nikol Pashinyan", "pashinyan")]


def test_merged_actor_links_to_the_actor_it_became() -> None:
    registry = ActorRegistry([PASHINYAN, Actor(id="old", name="N. Pashinyan", merged_into="pashinyan")])
    assert actors_in("N. Pashinyan said", registry, linked_texts={"N. Pashinyan": "old"}) == [("N. Pashinyan", "pashinyan")]


def test_existing_actor_spans_are_not_proposed_again() -> None:
    text = "Pashinyan met Pashinyan"
    span = Span(id="s1", start=0, end=9, label="actor", text="Pashinyan", actor_id="pashinyan")
    assert actors_in(text, spans=(span,)) == [("Pashinyan", "pashinyan")]
    assert KnownActorRecommender().suggest(doc(text), SuggestContext(registry=REGISTRY, spans=(span,)))[0].start == 14


@pytest.mark.parametrize("alias", ["a", "I", ".*", "(", "[", "\\", "US", "+?"])
def test_single_letters_and_metacharacters_are_safe(alias: str) -> None:
    registry = ActorRegistry([Actor(id="x", name="Some Actor", aliases=(alias,))])
    text = "a US (and) [us] .* +? I am \\ us, Some Actor."
    found = actors_in(text, registry)
    assert ("Some Actor", "x") in found
    assert all(len(t) >= 2 for t, _ in found)
    if alias == "US":
        assert found.count(("US", "x")) == 1  # spelt exactly; "us" is no match


def test_empty_text_and_empty_registry() -> None:
    for recommender in make_recommenders():
        assert recommender.suggest(doc(""), SuggestContext(registry=REGISTRY)) == []
        assert recommender.suggest(doc("Nothing here."), SuggestContext()) == []


def test_a_million_characters_gives_results() -> None:
    text = ("Nikol Pashinyan said on Friday that Armenia would leave the bloc. " * 15_200)[:1_000_000]
    found = suggest_document(doc(text), SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23)), make_recommenders())
    kinds = {s.kind for s in found}
    assert kinds == {SuggestionKind.ACTOR, SuggestionKind.DATE, SuggestionKind.CLAIM}
    assert all(found[i].start <= found[i + 1].start for i in range(len(found) - 1))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Pashinyn'’s -İßKreml\n\"“”.,")), max_size=80))
def test_any_text_gives_spans_that_say_their_text(text: str) -> None:
    for suggestion in suggest_document(doc(text), SuggestContext(registry=REGISTRY), make_recommenders()):
        assert 0 <= suggestion.start < suggestion.end <= len(text)
        assert suggestion.text == text[suggestion.start : suggestion.end]
        for linked in (suggestion.claimant, suggestion.date):
            if linked is not None:
                assert linked.text == text[linked.start : linked.end]


def test_matcher_offsets_survive_case_folding_that_changes_length() -> None:
    # "İ".lower() is two code points: offsets must still be into the original text
    text = "İİİ Kremlin"
    assert ActorMatcher(REGISTRY).matches(text) == [(4, 11, "kremlin")]


def test_dates_carry_timex_values() -> None:
    text = "He said on Friday, February 23, 2024, that it was over."
    found = DateRecommender().suggest(doc(text), SuggestContext(dct=datetime.date(2024, 2, 23)))
    assert [(s.text, s.timex.value if s.timex else None) for s in found] == [("Friday, February 23, 2024", "2024-02-23")]
    assert found[0].kind is SuggestionKind.DATE and found[0].label == "date" and found[0].score == 0.9


def test_no_label_of_the_kind_means_no_suggestions() -> None:
    scheme = LabelScheme(labels=(LabelDefinition(name="topic", colour="#000000", hotkey="t", kind=LabelKind.OTHER),))
    found = suggest_document(doc("Pashinyan said on Friday that it was over."), SuggestContext(registry=REGISTRY, scheme=scheme), make_recommenders())
    assert found == []


def claims(text: str, **context: object) -> list:
    return ClaimRecommender().suggest(doc(text), SuggestContext(registry=REGISTRY, dct=datetime.date(2024, 2, 23), **context))


def test_indirect_speech_after_the_verb_with_its_date_and_claimant() -> None:
    text = "The Kremlin said Friday it had not received official confirmation."
    (claim,) = claims(text)
    assert claim.text == "it had not received official confirmation"
    assert claim.form is ClaimForm.INDIRECT_SPEECH
    assert claim.claimant is not None and claim.claimant.text == "Kremlin" and claim.claimant.actor_id == "kremlin"
    assert claim.date is not None and claim.date.text == "Friday" and claim.date.timex is not None


def test_a_claims_date_is_a_point_in_time_not_a_duration_or_a_set() -> None:
    # "three days later" is a DURATION (TimeML: "later" is a signal), "every week" a SET: neither says when the claim was made.
    for text in (
        "Three days later, the Kremlin said it had not received official confirmation.",
        "Every week the Kremlin said it had not received official confirmation.",
    ):
        (claim,) = claims(text)
        assert claim.text == "it had not received official confirmation"
        assert claim.date is None, (text, claim.date)
    (claim,) = claims("For weeks the Kremlin has said on Friday that it had not received official confirmation.")
    assert claim.date is not None and claim.date.text == "Friday"


def test_content_before_the_verb_and_direct_quotes() -> None:
    text = 'Armenia has frozen its participation in the bloc, Nikol Pashinyan said in an interview. "We have frozen our participation in this organization," he told France 24.'
    first, second = claims(text)
    assert first.text == "Armenia has frozen its participation in the bloc"
    assert first.claimant is not None and first.claimant.actor_id == "pashinyan"
    assert second.text == "We have frozen our participation in this organization"
    assert second.form is ClaimForm.DIRECT_QUOTE
    assert second.claimant_actor_id == "pashinyan"  # "he": the last speaker


def test_object_verbs_keep_the_verb_and_split_at_and() -> None:
    text = "Last year, Yerevan also accused Azerbaijan of occupying its land, in what it has said amounted to aggression and demanded help from the bloc, which never came."
    found = claims(text)
    assert [c.text for c in found] == ["accused Azerbaijan of occupying its land", "demanded help from the bloc"]
    assert all(c.claimant is not None and c.claimant.actor_id == "armenia" for c in found)


def test_scare_quotes_are_no_direct_quote() -> None:
    (claim,) = claims('He also accused Moscow of leading a "coordinated propaganda campaign" against him.')
    assert claim.form is ClaimForm.INDIRECT_SPEECH and claim.text.startswith("accused Moscow")


def test_rejected_suggestions_are_left_out() -> None:
    found = suggest_document(doc("Pashinyan met Pashinyan"), SuggestContext(registry=REGISTRY), make_recommenders(["actors"]))
    assert len(found) == 2
    assert without_rejected(found, {found[0].key}) == [found[1]]


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown suggestion kind 'nouns'"):
        make_recommenders(["dates", "nouns"])
    assert set(RECOMMENDERS) == {"dates", "actors", "claims", "ner"}
    assert [r.name for r in make_recommenders()] == ["dates", "actors", "claims"]  # named entities only when asked for
