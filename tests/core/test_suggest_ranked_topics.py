"""A claim suggestion keeps its topic guesses ranked (core/suggest/claim_fields.py ``rank_topics``):
the guess first, then the runners-up by what speaks for them, with their scores."""

from __future__ import annotations

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, Document, Stance, Topic
from annotator.core.suggest import ClaimRecommender, SuggestContext
from annotator.core.suggest.base import RankedTopic
from annotator.core.suggest.claim_fields import RANKED_TOPICS, CodedClaim, rank_topics
from annotator.core.suggest.similar_claims import CodedClaimText

MEMBERSHIP = Topic(id="t1", name="CSTO membership")
PERFORMANCE = Topic(id="t2", name="CSTO performance")
PROPAGANDA = Topic(id="t3", name="Russian propaganda")
PRICES = Topic(id="t4", name="Gas prices")
TOPICS = (MEMBERSHIP, PERFORMANCE, PROPAGANDA, PRICES)
PM = Actor(id="pm", name="Nikol Pashinyan", aliases=("Pashinyan",))


def _names(ranked: tuple) -> list[str]:
    return [topic.name for topic in ranked]


def test_the_guess_comes_first_then_the_others_by_their_evidence() -> None:
    sentence = "Pashinyan said Armenia demanded military help from the CSTO."
    ranked = rank_topics("CSTO membership", sentence, TOPICS, votes={"CSTO membership": 0.9, "CSTO performance": 0.3}, actor_id="pm")
    assert _names(ranked) == ["CSTO membership", "CSTO performance"]  # both name the CSTO; the votes order them
    assert ranked[0].score > ranked[1].score > 0
    # built without validation, yet the very objects validation makes
    assert all(topic == RankedTopic.model_validate(topic.model_dump()) and topic.model_fields_set == {"name", "score"} for topic in ranked)
    # No vote and no word of it: Gas prices and Russian propaganda are not offered.
    assert rank_topics(None, "Nothing about it.", TOPICS) == ()


def test_the_claimants_own_topics_rank_a_topic_no_word_names() -> None:
    coded = [CodedClaim(0, "pm", "CSTO membership"), CodedClaim(10, "pm", "csto MEMBERSHIP")]
    corpus = {"pm": ("CSTO performance", "Russian propaganda", "CSTO performance")}
    ranked = rank_topics("CSTO membership", "the security system is not working", TOPICS, actor_id="pm", coded=coded, corpus=corpus)
    assert _names(ranked) == ["CSTO membership", "CSTO performance", "Russian propaganda"]
    assert rank_topics("CSTO membership", "the security system is not working", TOPICS, actor_id="other", coded=coded, corpus=corpus)[1:] == ()


def test_a_guess_nothing_else_speaks_for_still_leads_and_the_list_is_short() -> None:
    votes = {t.name: 1.0 for t in TOPICS}
    ranked = rank_topics("Gas prices", "CSTO", (*TOPICS, Topic(id="t5", name="CSTO budget")), votes=votes)
    assert ranked[0].name == "Gas prices" and len(ranked) == RANKED_TOPICS
    assert all(0.0 <= topic.score <= 1.0 for topic in ranked)


def test_claim_suggestions_carry_the_ranking_learned_from_coded_claims() -> None:
    coded = (
        CodedClaimText("old", "Armenia has suspended its participation in a Russia-led security bloc", "pm", "CSTO membership", Stance.OPPOSES),
        CodedClaimText("old", "the CSTO did not fulfill its objectives vis-a-vis Armenia", "pm", "CSTO performance", Stance.OPPOSES),
    )
    document = Document.create("d", "Pashinyan said the security bloc had failed Armenia again.")
    context = SuggestContext(registry=ActorRegistry([PM]), topics=TOPICS, coded_claims=coded, claim_topics={"pm": ("CSTO membership", "CSTO performance")})
    [claim] = ClaimRecommender().suggest(document, context)
    assert claim.ranked_topics is not None and claim.ranked_topics[0].name == claim.topic == "CSTO membership"
    assert "CSTO performance" in _names(claim.ranked_topics)
    assert "ranked_topics" in claim.to_json()
    [bare] = ClaimRecommender().suggest(document, SuggestContext(registry=ActorRegistry([PM])))
    assert bare.ranked_topics is None and "ranked_topics" not in bare.to_json()  # no codebook: nothing to rank
