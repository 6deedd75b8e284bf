"""The recommenders' exact shortcuts give what the plain scans give (core/suggest/scan.py), and a
trusted suggestion is the object validation makes (core/suggest/base.py)."""

from __future__ import annotations

import pickle
import re
import string
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotator.core import suggest
from annotator.core.model import ClaimForm, Stance, TimexValue, Topic
from annotator.core.suggest import claim_fields, claims, known_actors, scan
from annotator.core.suggest.base import SuggestContext, SuggestedSpan, Suggestion, SuggestionKind, builder, make_span, make_suggestion, trusted
from annotator.core.suggest.claim_fields import CodedClaim
from annotator.core.suggest.scan import IntervalSet, finditer_at, positions
from annotator.core.suggest.similar_claims import CodedClaimText, IndexCache

intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=30)


@given(intervals, st.integers(0, 60), st.integers(0, 60))
def test_interval_set_overlaps_as_the_plain_scan(spans: list[tuple[int, int]], start: int, end: int) -> None:
    expected = any(s < end and start < e for s, e in spans)
    assert IntervalSet(spans).overlaps(start, end) is expected
    assert bool(IntervalSet(spans)) is bool(spans)


@given(intervals, st.integers(0, 60), st.integers(0, 60))
def test_interval_set_candidates_hold_every_overlapping_interval(spans: list[tuple[int, int]], start: int, end: int) -> None:
    ordered = sorted(spans)
    candidates = IntervalSet(spans).candidates(start, end)
    overlapping = [at for at, (s, e) in enumerate(ordered) if s < end and start < e]
    assert all(at in candidates for at in overlapping)
    assert candidates.start >= 0 and candidates.stop <= len(ordered)


TEXTS = st.text(alphabet='ab. !?\n"”“A1x,', max_size=80)
PATTERNS = [
    re.compile(r"(?<=[.!?])(?P<quote>[\"”»’']?)\s+(?=[\"“«„A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z#\"“])"),
    re.compile(r"\bab\b|\bba|a+"),
]


@given(TEXTS, st.sampled_from(PATTERNS))
def test_finditer_at_the_possible_starts_is_finditer(text: str, pattern: re.Pattern[str]) -> None:
    every = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assume_starts = range(len(text) + 1)  # every position may start a match
    assert [(m.span(), m.groupdict()) for m in finditer_at(pattern, text, assume_starts)] == every
    starts = {m.start() for m in pattern.finditer(text)} | set(positions(".\n", text))
    assert [(m.span(), m.groupdict()) for m in finditer_at(pattern, text, sorted(starts, reverse=True))] == every


@given(TEXTS, st.integers(0, 80), st.integers(0, 80))
def test_positions_are_the_offsets_of_the_characters(text: str, start: int, end: int) -> None:
    assert positions('."\n', text) == [i for i, c in enumerate(text) if c in '."\n']
    assert positions("!?", text, start, end) == [i for i, c in enumerate(text) if c in "!?" and start <= i < end]


offsets = st.integers(0, 10_000)


@given(
    offsets,
    st.integers(1, 500),
    st.text(max_size=20),
    st.sampled_from(list(SuggestionKind)),
    st.none() | st.text(min_size=1, max_size=8),
    st.none() | st.sampled_from(list(ClaimForm)),
    st.booleans(),
)
def test_a_trusted_suggestion_is_the_validated_one(
    start: int, length: int, text: str, kind: SuggestionKind, actor_id: str | None, form: ClaimForm | None, dated: bool
) -> None:
    span_fields = {"actor_id": actor_id} if actor_id is not None else {}
    claimant = SuggestedSpan(start=start, end=start + 3, text="abc", **span_fields)
    fields: dict[str, object] = {
        "document_id": "d",
        "kind": kind,
        "label": "claim",
        "start": start,
        "end": start + length,
        "text": text,
        "claimant": claimant,
        "form": form,
    }
    if dated:
        fields["timex"] = TimexValue(type="DATE", value="2024-02-23")
        fields["score"] = 0.9
    made, validated = make_suggestion(**fields), Suggestion(**fields)
    assert made == validated
    assert made.model_fields_set == validated.model_fields_set
    assert list(made.__dict__) == list(validated.__dict__)
    assert made.to_json() == validated.to_json()
    assert made.model_dump() == validated.model_dump()
    assert pickle.loads(pickle.dumps(made)) == validated
    assert made.model_copy(update={"score": 0.1}) == validated.model_copy(update={"score": 0.1})
    assert Suggestion.model_validate_json(made.model_dump_json()) == validated
    assert make_span(start, start + 3, "abc", **span_fields) == claimant
    assert make_span(start, start + 3, "abc", **span_fields).model_fields_set == claimant.model_fields_set


def test_a_trusted_suggestion_still_refuses_bad_offsets_and_fields() -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=5, end=5, text="")
    with pytest.raises(ValueError, match="end after it starts"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=-1, end=5, text="x")
    with pytest.raises(TypeError, match="unknown"):
        make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=0, end=5, text="x", colour="red")
    with pytest.raises(TypeError, match="missing"):
        trusted(Suggestion, {"document_id": "d", "start": 0, "end": 5, "text": "x"})
    with pytest.raises(ValueError, match="starts and ends"):
        make_span(-1, 2, "ab")
    frozen = make_suggestion(document_id="d", kind=SuggestionKind.DATE, label="date", start=0, end=1, text="x")
    with pytest.raises(ValueError, match="frozen"):
        frozen.start = 3  # type: ignore[misc]


# --- the claim recommender's scans, against the plain ones they replace ---------------------

WORDS = [
    "said",
    "says",
    "told",
    "called for",
    "called",
    "accused",
    "Said",
    "what",
    "has",
    "and",
    "he",
    "Armenia",
    "denied",
    "urged",
    "the",
    "which",
    "who",
    "in what",
    "while",
]
PROSE = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", " ", ". ", "! ", "\n", "\n\n", '"', "“", "”", ",", "-", "é", "x", "K"])), max_size=40
).map("".join)


@given(PROSE)
def test_sentences_are_those_of_the_plain_scan(text: str) -> None:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in [*claims._SENTENCE_END.finditer(text), None]:  # the scan before: every position tried
        end = match.start() + len(match.group("quote") or "") if match is not None else len(text)
        piece = text[start:end]
        left, right = len(piece) - len(piece.lstrip()), len(piece.rstrip())
        if right > left:
            bounds.append((start + left, start + right))
        start = match.end() if match is not None else len(text)
    assert claims.sentences(text) == bounds


@given(PROSE)
def test_verbs_found_once_are_each_sentences_verbs(text: str) -> None:
    verbs = claims._verbs(text)
    assert verbs == [(m.start(), m.end(), m.group("object") is not None) for m in claims._VERB.finditer(text)]
    per_sentence = [(s + m.start(), s + m.end(), m.group("object") is not None) for s, e in claims.sentences(text) for m in claims._VERB.finditer(text[s:e])]
    assert [v for v in verbs if any(s <= v[0] < e for s, e in claims.sentences(text))] == per_sentence


@given(PROSE, st.integers(0, 200), st.integers(0, 200))
def test_clause_end_is_the_plain_search(text: str, start: int, end: int) -> None:
    found, plain = claims._clause_end(text, start, end), claims._CLAUSE_END.search(text, start, end)
    assert (found.span() if found else None) == (plain.span() if plain else None)


CUE_WORDS = [
    "called for",
    "CALLED  for",
    "Demanded",
    "backs",
    "deny",
    "did not",
    "accused",
    "urged the",
    "warns",
    "criticized",
    "rejects",
    "ſupport",
    "bac\u212aed",
]
CUE_PROSE = st.lists(st.one_of(st.sampled_from(CUE_WORDS), st.sampled_from(WORDS), st.sampled_from([" ", ", ", "x", "Armenia"])), max_size=20).map(" ".join)


def test_the_cue_shortcuts_read_the_word_lists_the_patterns_are_built_from() -> None:
    phrases = claim_fields.SUPPORT_CUES + claim_fields.OPPOSE_CUES + claim_fields.TARGETING_VERBS
    assert all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", phrase) for phrase in phrases)  # plain words: their first letters say where they can start
    assert "call" in claims._STANCE_STEMS and "deny" in claims._STANCE_STEMS and "urge" in claims._TARGET_STEMS
    for phrase in claim_fields.SUPPORT_CUES + claim_fields.OPPOSE_CUES:
        assert claim_fields._CUE.fullmatch(phrase.replace(" ", "\n ").upper())
    for phrase in claim_fields.TARGETING_VERBS:
        assert claim_fields.TARGET_VERBS.fullmatch(f"{phrase.title()} the ")


@given(CUE_PROSE, st.integers(0, 300), st.integers(0, 300))
def test_a_window_the_shortcut_skips_has_no_stance_and_no_target(text: str, lo: int, hi: int) -> None:
    _verbs, cues, aims = claims._words_in(text)
    if cues is not None and not cues.any_in(lo, hi):
        assert claim_fields.guess_stance(text, lo, hi, 0) is None
        assert not list(claim_fields._CUE.finditer(text, lo, hi))
    if aims is not None and not aims.any_in(lo, hi):
        assert claim_fields.target_after(text, lo, hi, dict.fromkeys(range(len(text) + 1), "m")) is None


SPELLINGS = st.text(alphabet="aAbBßİiıſK\u212a ", min_size=2, max_size=5)


@given(st.lists(SPELLINGS, min_size=1, max_size=4), st.text(alphabet="aAbBßİiıſK\u212a SS", min_size=2, max_size=5))
def test_fitting_forms_give_the_first_spelling_that_fits(spellings: list[str], found: str) -> None:
    by_spelling = {spelling: f"actor{n}" for n, spelling in enumerate(spellings)}
    expected = next((actor for spelling, actor in by_spelling.items() if len(found) == len(spelling) and known_actors._case_fits(found, spelling)), None)
    assert known_actors._fitting_forms(by_spelling).get(found) == expected


@given(offsets, st.integers(1, 500), st.text(max_size=20), st.none() | st.text(min_size=1, max_size=8))
def test_a_built_suggestion_is_the_validated_one(start: int, length: int, text: str, actor_id: str | None) -> None:
    build = builder(Suggestion, "document_id", "kind", "label", "start", "end", "text", "actor_id", "score")
    made = build("d", SuggestionKind.ACTOR, "actor", start, start + length, text, actor_id, 0.9)
    validated = Suggestion(document_id="d", kind=SuggestionKind.ACTOR, label="actor", start=start, end=start + length, text=text, actor_id=actor_id, score=0.9)
    assert made == validated
    assert made.model_fields_set == validated.model_fields_set
    assert list(made.__dict__) == list(validated.__dict__)
    assert made.to_json() == validated.to_json()
    timex = TimexValue(type="DATE", value="2024")
    assert make_span(start, start + 1, "x", timex=timex) == SuggestedSpan(start=start, end=start + 1, text="x", timex=timex)
    assert make_span(start, start + 1, "x", timex=timex).model_fields_set == {"start", "end", "text", "timex"}
    assert make_span(start, start + 1, "x").model_fields_set == {"start", "end", "text"}


def test_a_builder_refuses_fields_it_cannot_build() -> None:
    with pytest.raises(TypeError, match="missing"):
        builder(Suggestion, "document_id", "start")
    with pytest.raises(TypeError, match="unknown"):
        builder(Suggestion, "document_id", "kind", "label", "start", "end", "text", "colour")
    with pytest.raises(TypeError, match="values expected"):
        builder(SuggestedSpan, "start", "end", "text")(1, 2)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.sampled_from("abc")), max_size=40, unique_by=lambda c: (c[0], c[1])))
def test_longest_first_keeps_what_the_plain_greedy_keeps(raw: list[tuple[int, int, str]]) -> None:
    candidates = [(start, start + length, actor) for start, length, actor in raw]
    expected: list[tuple[int, int, str]] = []
    taken = bytearray(80)
    for start, end, actor in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):  # the scan before: one pass over all
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            expected.append((start, end, actor))
    assert known_actors._longest_first(list(candidates)) == sorted(expected)


SUBJECT_PROSE = st.lists(
    st.sampled_from(["he", "She", "IT", "they", "we", "also", "has", "had", "have", "again", "then", "quickly", "Armenia", "ſhe", "İt", "hi", ",", "\n"]),
    max_size=8,
).map(" ".join)


@given(SUBJECT_PROSE, st.integers(0, 60), st.integers(0, 60))
def test_pronoun_subject_is_the_plain_search(text: str, start: int, end: int) -> None:
    found, plain = claims._pronoun_subject(text, start, end), claims._PRONOUN_SUBJECT.search(text, start, end)
    assert (found.span() if found else None) == (plain.span() if plain else None)
    # the shortcut knows the pattern's words: a change to them must change _SUBJECT_ENDS too
    assert claims._PRONOUN_SUBJECT.pattern == r"\b(he|she|it|they|we)(?:\s+(?:also|has|had|have|again|then|\w+ly))*\s*$"


def test_ascii_folding_knows_every_character_ignoring_case_matches_to_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    matching = [chr(c) for c in range(sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert len(matching) == 52 + len(scan._ASCII_FOLDS)  # the ASCII letters and the four folds
    for char in matching:
        [folded] = [c for c in string.ascii_lowercase if re.fullmatch(c, char, re.IGNORECASE)]  # as a literal, too
        assert scan.ascii_folded(char) == folded
    text = "İſtanbul K\u212a ß ÉTÉ Said"
    assert scan.ascii_folded(text) is not None and len(scan.ascii_folded(text)) == len(text)


FOLD_PROSE = st.lists(
    st.one_of(st.sampled_from(CUE_WORDS), st.sampled_from(WORDS), st.sampled_from([" ", ", ", "x", "İ", "ı", "Ø", "a\u0307", "CALLED", "caLLed\tfor"])),
    max_size=20,
).map(" ".join)


@given(FOLD_PROSE, st.integers(0, 300), st.integers(0, 300))
def test_word_starts_give_the_scans_of_the_cues_and_targeting_verbs(text: str, lo: int, hi: int) -> None:
    folded = scan.ascii_folded(text)
    assert folded is not None
    verbs, cues, aims = claims._words_in(text)
    assert verbs == [(m.start(), m.end(), m.group("object") is not None) for m in claims._VERB.finditer(text)]
    assert cues is not None and aims is not None
    stems = ((claims._STANCE_STEMS, claim_fields._CUE), (claims._TARGET_STEMS, claim_fields.TARGET_VERBS))
    for (found, pattern), starts in zip(stems, (cues, aims), strict=True):
        assert found is not None
        once = [m.span() for m in scan.WordStarts.of(folded, found).finditer(pattern, text, lo, hi)]
        assert once == [m.span() for m in starts.finditer(pattern, text, lo, hi)]
    for starts, pattern in ((cues, claim_fields._CUE), (aims, claim_fields.TARGET_VERBS)):
        plain = [(m.span(), m.groupdict()) for m in pattern.finditer(text, lo, hi)]
        assert [(m.span(), m.groupdict()) for m in starts.finditer(pattern, text, lo, hi)] == plain
        if plain:
            assert starts.any_in(lo, hi)
    assert claim_fields.guess_stance(text, lo, hi, 0, cues=cues) == claim_fields.guess_stance(text, lo, hi, 0)
    mentions = {at: f"m{at}" for at in range(0, len(text) + 1, 3)}
    assert claim_fields.target_after(text, lo, hi, mentions, verbs=aims) == claim_fields.target_after(text, lo, hi, mentions)


SENTENCES = ["Pashinyan said the CSTO had failed Armenia.", "The gas prices rose, he said.", "Nothing here, they said.", "CSTO membership and gas prices."]
TOPIC_CODEBOOK = (Topic(id="t1", name="CSTO membership"), Topic(id="t2", name="Gas prices", aliases=("gas",)), Topic(id="t3", name="CSTO performance"))


@given(
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["pm", "gov"]), st.sampled_from([t.name for t in TOPIC_CODEBOOK])), max_size=6),
    st.lists(st.tuples(st.sampled_from(SENTENCES[1:3]), st.sampled_from(SENTENCES), st.sampled_from([None, "pm"]), st.integers(0, 24)), max_size=16),
)
@example([(10, "pm", "Gas prices")], [(SENTENCES[2], SENTENCES[2], "pm", 5), (SENTENCES[2], SENTENCES[2], "pm", 15)])  # the claimant's earlier claim decides
def test_a_ranked_topic_worked_out_once_is_the_one_worked_out_again(coded: list[tuple[int, str, str]], asked: list[tuple[str, str, str | None, int]]) -> None:
    asked = [(sentence, sentence if n % 2 else claim_text, actor_id, start) for n, (sentence, claim_text, actor_id, start) in enumerate(asked)]
    claims_coded = [CodedClaim(start, actor, topic) for start, actor, topic in coded]
    corpus = (
        CodedClaimText("old", "the CSTO failed us again", "pm", "CSTO performance", Stance.OPPOSES),
        CodedClaimText("old", "gas prices", "gov", "Gas prices"),
    )
    context = SuggestContext(topics=TOPIC_CODEBOOK, coded_claims=corpus, claim_topics={"pm": ("CSTO membership",)})
    guesser = claim_fields.ClaimGuesser(context, "d", claims_coded, IndexCache())
    for sentence, claim_text, actor_id, start in asked:
        fresh = claim_fields.ClaimGuesser(context, "d", claims_coded, IndexCache())
        assert guesser.ranked_topic(sentence, claim_text, actor_id, start) == fresh.ranked_topic(sentence, claim_text, actor_id, start)


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4), st.sampled_from(list(SuggestionKind))), max_size=30))
def test_suggestions_in_text_order_as_the_one_sort(raw: list[tuple[int, int, SuggestionKind]]) -> None:
    found = [make_suggestion(document_id="d", kind=kind, label="x", start=start, end=start + length, text="x") for start, length, kind in raw]
    expected = sorted(found, key=suggest._text_order)
    ordered = suggest.in_text_order(list(found))
    assert len(ordered) == len(expected) and all(a is b for a, b in zip(ordered, expected, strict=True))  # ties keep their order


def test_built_suggestions_share_a_fields_set_that_nothing_changes() -> None:
    build = builder(Suggestion, "document_id", "kind", "label", "start", "end", "text", "actor_id", "score")
    first, second = (build("d", SuggestionKind.ACTOR, "actor", n, n + 2, "ab", "a", 0.9) for n in (0, 5))
    before = set(first.model_fields_set)
    copied = first.model_copy(update={"timex": TimexValue(type="DATE", value="2024")})
    assert copied.model_fields_set == before | {"timex"}
    assert first.model_fields_set == second.model_fields_set == before  # the copy took its own set
    with pytest.raises(ValueError, match="frozen"):
        second.topic = "x"  # type: ignore[misc]
    assert second.model_fields_set == before
    assert pickle.loads(pickle.dumps([first, second])) == [first, second]


@given(
    st.text(alphabet=st.sampled_from(["a", "é", " ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\u200b", "\u3000", "-"]), max_size=14),
    st.integers(0, 16),
    st.integers(0, 16),
)
def test_three_words_is_the_count_of_split(text: str, start: int, end: int) -> None:
    assert claims._three_words(text, start, end) is (len(text[start:end].split()) >= 3)  # offsets are never negative
