"""The claim suggestions' topic, stance and target guesses (core/suggest/claim_fields.py), on
sentences of our own, and their way through the claim recommender, accept() and the mention index."""

from __future__ import annotations

from annotator.core.actors import ActorRegistry
from annotator.core.annotations import AnnotationSet
from annotator.core.mentions import MentionIndex
from annotator.core.model import Actor, ActorRef, ClaimAttributes, Document, LabelScheme, Span, Stance, Topic, validate_annotations
from annotator.core.suggest import ClaimRecommender, SuggestContext
from annotator.core.suggest.accept import accept
from annotator.core.suggest.claim_fields import CodedClaim, guess_stance, guess_topic, target_after, topic_in_sentence

WATER = Topic(id="t1", name="Water prices", aliases=("tariffs",))
DAM = Topic(id="t2", name="Dam construction")
DAM_SAFETY = Topic(id="t3", name="Dam safety")
TOPICS = (WATER, DAM, DAM_SAFETY)
MAYOR = Actor(id="mayor", name="Mayor Jane Ortiz", aliases=("Ortiz",))
UTILITY = Actor(id="utility", name="Riverside Utility")
REGISTRY = ActorRegistry([MAYOR, UTILITY])


def stance(sentence: str) -> Stance | None:
    return guess_stance(sentence, 0, len(sentence))


# --- topic -------------------------------------------------------------------------------------
def test_a_topic_named_in_the_sentence_by_whole_words_any_case() -> None:
    assert guess_topic("Ortiz said WATER PRICES would rise again.", TOPICS) == "Water prices"
    assert guess_topic("Ortiz said the tariffs were unfair.", TOPICS) == "Water prices"  # an alias
    assert guess_topic("Ortiz said the waterprices were unfair.", TOPICS) is None  # not whole words
    assert guess_topic("Ortiz said the water was clean.", TOPICS) is None  # one word of two is not the topic


def test_the_most_specific_topic_wins_and_a_tie_is_ambiguous() -> None:
    broad = Topic(id="t4", name="Construction")
    assert guess_topic("The council said dam construction starts in May.", (broad, DAM)) == "Dam construction"
    both = "The council said dam construction and dam safety were both at stake."
    assert topic_in_sentence(both, TOPICS) == (None, ("Dam construction", "Dam safety"))
    assert guess_topic(both, TOPICS) is None


def test_without_a_codebook_there_is_no_topic() -> None:
    assert guess_topic("Ortiz said water prices would rise.", ()) is None


def test_the_same_claimants_nearest_earlier_claim_in_the_article_gives_the_topic() -> None:
    coded = [
        CodedClaim(0, "mayor", "Dam safety"),
        CodedClaim(50, "mayor", "tariffs"),
        CodedClaim(70, "utility", "Dam construction"),
        CodedClaim(200, "mayor", "Dam safety"),
    ]
    # an alias names the topic: the guess is the codebook's name
    assert guess_topic("She said it was too late.", TOPICS, actor_id="mayor", start=100, coded=coded) == "Water prices"
    assert guess_topic("She said it was too late.", TOPICS, actor_id="nobody", start=100, coded=coded) is None
    assert guess_topic("She said it was too late.", TOPICS, actor_id=None, start=100, coded=coded) is None


def test_the_corpus_gives_the_claimants_most_frequent_topic_and_a_tie_none() -> None:
    corpus = {"mayor": ("Dam safety", "Water prices", "Dam safety"), "utility": ("Water prices", "Dam safety")}
    assert guess_topic("She said it was too late.", TOPICS, actor_id="mayor", corpus=corpus) == "Dam safety"
    assert guess_topic("It said it was too late.", TOPICS, actor_id="utility", corpus=corpus) is None
    assert guess_topic("It said it was too late.", TOPICS, actor_id="utility", corpus={"utility": ("Retired topic",)}) is None


def test_an_ambiguous_sentence_takes_only_a_tied_topic_from_the_claimants_history() -> None:
    both = "She said dam construction and dam safety were both at stake."
    assert guess_topic(both, TOPICS, actor_id="mayor", corpus={"mayor": ("Dam safety",)}) == "Dam safety"
    assert guess_topic(both, TOPICS, actor_id="mayor", corpus={"mayor": ("Water prices",)}) is None


# --- stance ------------------------------------------------------------------------------------
def test_explicit_wording_gives_a_stance() -> None:
    assert stance("The union called for a new vote on the budget.") is Stance.SUPPORTS
    assert stance("Residents backed the plan to rebuild the bridge.") is Stance.SUPPORTS
    assert stance("The minister rejected the proposal outright.") is Stance.OPPOSES
    assert stance("Farmers condemned the decision to close the canal.") is Stance.OPPOSES
    assert stance("The company denied any wrongdoing.") is Stance.OPPOSES
    assert stance("The mayor said the school would open in autumn.") is None


def test_a_negation_in_the_same_clause_flips_support_and_drops_opposition() -> None:
    assert stance("The party did not support the new tax.") is Stance.OPPOSES
    assert stance("The party has never backed the new tax.") is Stance.OPPOSES
    assert stance("The firm did not deny that it had sold the land.") is None
    assert stance("She wasn't refusing the offer.") is None
    # a negation in another clause does not count
    assert stance("Not everyone agreed, but the board supported the merger.") is Stance.SUPPORTS


def test_cues_of_both_stances_give_none() -> None:
    assert stance("The council rejected the first plan and backed the second.") is None


# --- target ------------------------------------------------------------------------------------
def test_the_mention_right_after_the_verb_is_the_target() -> None:
    text = "Ortiz accused the Riverside Utility of hiding the report."
    start = text.index("Riverside")
    assert target_after(text, 0, len(text), {start: "utility mention"}) == "utility mention"
    assert target_after(text, 0, len(text), {0: "Ortiz"}) is None  # the claimant is not the target
    urged = "Ortiz urged Riverside Utility to act."
    assert target_after(urged, 0, len(urged), {urged.index("Riverside"): "u"}) == "u"
    said = "Ortiz said Riverside Utility must act."
    assert target_after(said, 0, len(said), {said.index("Riverside"): "u"}) is None


# --- through the recommender, accept() and the index ----------------------------------------------
TEXT = "Mayor Jane Ortiz accused Riverside Utility of raising water prices without warning. She also said the new reservoir was far behind schedule."


def _suggest(spans: tuple[Span, ...] = (), text: str = TEXT, **context: object) -> list:
    document = Document.create("d", text)
    return ClaimRecommender().suggest(document, SuggestContext(registry=REGISTRY, spans=spans, topics=TOPICS, **context))


def test_the_claim_recommender_carries_topic_stance_and_target_and_accept_applies_them() -> None:
    found = _suggest(claim_topics={"mayor": ("Dam construction",)})
    accused = next(s for s in found if s.text.startswith("accused"))
    assert (accused.topic, accused.stance, accused.target.text, accused.target.actor_id) == ("Water prices", Stance.OPPOSES, "Riverside Utility", "utility")
    later = next(s for s in found if "reservoir" in s.text)
    assert (later.topic, later.stance, later.target) == ("Dam construction", None, None)  # the mayor's usual topic ("she")
    assert accused.to_json()["topic"] == "Water prices" and accused.to_json()["stance"] == "opposes"
    annotations = AnnotationSet(Document.create("d", TEXT))
    batch, left_out = accept([accused], annotations, LabelScheme.default(), actor_ids=REGISTRY.ids())
    assert left_out == [] and batch is not None
    batch.apply(annotations)
    claim = next(s for s in annotations.spans() if s.label == "claim").claim
    assert (claim.stance, claim.topic) == (Stance.OPPOSES, "Water prices")
    assert annotations.get(claim.target.span_id).actor_id == "utility"
    assert validate_annotations(annotations.document, annotations.snapshot("a"), LabelScheme.default(), REGISTRY.ids()) == []


def test_a_coded_claim_of_the_same_claimant_earlier_in_the_article_beats_the_corpus() -> None:
    first = TEXT.index("accused")
    coded = (
        Span(id="a1", start=0, end=16, label="actor", text="Mayor Jane Ortiz", actor_id="mayor"),
        Span(id="c1", start=first, end=first + 7, label="claim", text="accused", claim=ClaimAttributes(claimant=ActorRef(span_id="a1"), topic="Dam safety")),
    )
    text = TEXT.replace("She also", "Ortiz also")
    later = next(s for s in _suggest(coded, text, claim_topics={"mayor": ("Dam construction",)}) if "reservoir" in s.text)
    assert later.topic == "Dam safety"


def test_without_a_codebook_claims_carry_no_topic() -> None:
    document = Document.create("d", TEXT)
    found = ClaimRecommender().suggest(document, SuggestContext(registry=REGISTRY, claim_topics={"mayor": ("Dam safety",)}))
    assert found and all(s.topic is None for s in found)
    assert "topic" not in found[0].to_json()


def test_the_mention_index_keeps_each_claimants_topics() -> None:
    spans = [
        Span(id="a1", start=0, end=16, label="actor", text="Mayor Jane Ortiz", actor_id="mayor"),
        Span(id="c1", start=17, end=30, label="claim", text=TEXT[17:30], claim=ClaimAttributes(claimant=ActorRef(span_id="a1"), topic="Water prices")),
        Span(id="c2", start=31, end=40, label="claim", text=TEXT[31:40], claim=ClaimAttributes(claimant=ActorRef(actor_id="utility"), topic="Dam safety")),
        Span(id="c3", start=41, end=50, label="claim", text=TEXT[41:50], claim=ClaimAttributes(claimant=ActorRef(actor_id="utility"))),  # no topic
    ]
    index = MentionIndex()
    index.update_document("d", spans)
    assert index.claim_topics() == {"mayor": ("Water prices",), "utility": ("Dam safety",)}
    data = (
        b'{"spans": [{"id": "a1", "start": 0, "end": 3, "text": "Ana", "label": "actor", "actor_id": "mayor"},'
        b' {"id": "c1", "start": 4, "end": 9, "text": "x", "label": "claim", "claim": {"claimant": {"span_id": "a1"}, "topic": "Dam safety"}}]}'
    )
    assert MentionIndex.from_files([("d", data), ("bad", b"{")]).claim_topics() == {"mayor": ("Dam safety",)}
