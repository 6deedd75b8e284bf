"""The domain model: spans, ids, label schemes, documents, annotation files and their validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from annotator.core.model import (
    SCHEMA_VERSION,
    AnnotationFile,
    Document,
    Identifier,
    LabelDefinition,
    LabelScheme,
    Span,
    is_safe_identifier,
    text_sha256,
    validate_annotations,
)

TEXT = "Armenia froze its participation, Pashinyan said on Friday."
IDENTIFIER = TypeAdapter(Identifier)
UNSAFE_IDS = ["../x", "CON", "con", "CON.json", "nul", "LPT1", ".hidden", "a/b", "a\\b", "", "a..b", "-dash", "x" * 129, "é"]
SAFE_IDS = ["a", "s1", "doc-1.v2", "A_b", "console", "x" * 128, "0"]


def span(span_id: str, start: int, end: int, label: str = "actor", text: str | None = None) -> Span:
    return Span(id=span_id, start=start, end=end, label=label, text=TEXT[start:end] if text is None else text)


def annotation_file(*spans: Span, document_id: str = "doc", sha: str | None = None) -> AnnotationFile:
    return AnnotationFile(document_id=document_id, annotator="me", text_sha256=sha or text_sha256(TEXT), spans=spans)


# --- spans -------------------------------------------------------------------------


def test_span_keeps_its_fields() -> None:
    s = span("s1", 0, 7)
    assert (s.start, s.end, s.text) == (0, 7, "Armenia")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (0, 0)])
def test_span_end_must_follow_start(start: int, end: int) -> None:
    with pytest.raises(ValidationError, match=rf"span s9: end \({end}\) must be greater than start \({start}\)"):
        Span(id="s9", start=start, end=end, label="actor", text="x")


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (2, -1)])
def test_span_offsets_are_never_negative(start: int, end: int) -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Span(id="s1", start=start, end=end, label="actor", text="x")


def test_span_is_immutable_and_strict() -> None:
    s = span("s1", 0, 7)
    with pytest.raises(ValidationError):
        s.start = 1  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        Span(id="s1", start=0, end=1, label="actor", text="A", colour="red")  # type: ignore[call-arg]


def test_span_sort_key_puts_outer_spans_first() -> None:
    inner, outer, later = span("b", 0, 3), span("a", 0, 7), span("c", 1, 2)
    assert sorted([later, inner, outer], key=Span.sort_key) == [outer, inner, later]


# --- identifiers -------------------------------------------------------------------


@pytest.mark.parametrize("value", UNSAFE_IDS)
def test_unsafe_identifiers_are_refused_everywhere(value: str) -> None:
    assert not is_safe_identifier(value)
    with pytest.raises(ValidationError):
        IDENTIFIER.validate_python(value)
    with pytest.raises(ValidationError):
        Document.create(value, "text")
    with pytest.raises(ValidationError):
        Span(id=value, start=0, end=1, label="actor", text="A")


@pytest.mark.parametrize("value", SAFE_IDS)
def test_safe_identifiers_are_accepted(value: str) -> None:
    assert is_safe_identifier(value)
    assert IDENTIFIER.validate_python(value) == value
    assert Document.create(value, "text").id == value


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="cCoOnNlLpPtTmMaAuUxXrR0123456789._-/", max_size=8),  # near the device names
        st.from_regex(r"[A-Za-z0-9._-]{0,140}", fullmatch=True),
        st.sampled_from(sorted({*UNSAFE_IDS, *SAFE_IDS, "com0", "com10", "lpt", "cons", "nul.", "aux.x.y", "co.n"})),
    )
)
def test_the_identifier_pattern_is_the_safe_identifier_rule(value: str) -> None:
    # One regular expression checked in Rust instead of a Python validator per id: same answers.
    try:
        IDENTIFIER.validate_python(value)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert accepted == is_safe_identifier(value)


def test_an_unsafe_identifier_in_a_file_is_named_in_plain_words() -> None:
    from annotator.core.storage.records import describe_validation_error

    with pytest.raises(ValidationError) as caught:
        Span(id="CON", start=0, end=1, label="actor", text="A")
    (message,) = describe_validation_error(caught.value)
    assert message.startswith("id: 'CON' is not a safe identifier (") and "Windows device name" in message and "[" not in message


def test_identifier_keeps_its_pattern_in_the_json_schema() -> None:
    assert "pattern" in IDENTIFIER.json_schema()


# --- label schemes -----------------------------------------------------------------


def label(name: str, hotkey: str) -> LabelDefinition:
    return LabelDefinition(name=name, colour="#123456", hotkey=hotkey)


def test_default_scheme() -> None:
    scheme = LabelScheme.default()
    assert scheme.names() == ["actor", "claim", "date"]
    assert scheme.get("claim") is not None and scheme.get("claim").hotkey == "2"  # type: ignore[union-attr]
    assert scheme.get("nope") is None


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ((label("a", "1"), label("a", "2")), "label names must be unique"),
        ((label("a", "1"), label("b", "1")), "label hotkeys must be unique"),
        ((), "at least one label"),
    ],
)
def test_label_scheme_rejects(labels: tuple[LabelDefinition, ...], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        LabelScheme(labels=labels)


@pytest.mark.parametrize(("colour", "hotkey"), [("red", "1"), ("#12345", "1"), ("#123456", ""), ("#123456", "12")])
def test_label_definition_rejects_bad_colour_or_hotkey(colour: str, hotkey: str) -> None:
    with pytest.raises(ValidationError):
        LabelDefinition(name="a", colour=colour, hotkey=hotkey)


# --- documents ---------------------------------------------------------------------


def test_document_create_computes_the_hash() -> None:
    document = Document.create("doc", TEXT)
    assert document.text_sha256 == text_sha256(TEXT)
    assert Document.model_validate_json(document.model_dump_json()) == document


def test_document_hash_must_match_the_text() -> None:
    with pytest.raises(ValidationError, match="text_sha256 does not match the document text"):
        Document(id="doc", text=TEXT, text_sha256=text_sha256(TEXT + " "))


def test_document_title_falls_back_to_first_line_then_id() -> None:
    assert Document.create("doc", "\n\n  First line  \nsecond").title == "First line"
    assert Document.create("doc", "   \n").title == "doc"


def test_text_hash_handles_lone_surrogates() -> None:
    assert text_sha256("\ud800") != text_sha256("")


# --- annotation files --------------------------------------------------------------


def test_annotation_file_rejects_duplicate_span_ids() -> None:
    with pytest.raises(ValidationError, match="duplicate span id 's1'"):
        annotation_file(span("s1", 0, 7), span("s1", 8, 13))


def test_annotation_file_rejects_future_schema_version() -> None:
    with pytest.raises(ValidationError):
        AnnotationFile(schema_version=SCHEMA_VERSION + 1, document_id="doc", annotator="me", text_sha256="x")  # type: ignore[arg-type]


# --- validate_annotations ----------------------------------------------------------

SCHEME = LabelScheme.default()
DOC = Document.create("doc", TEXT)


def problems(annotations: AnnotationFile) -> list[tuple[str | None, str]]:
    return [(p.span_id, p.message) for p in validate_annotations(DOC, annotations, SCHEME)]


def test_matching_annotations_have_no_problems() -> None:
    assert problems(annotation_file(span("s1", 0, 7), span("s2", 33, 42, "actor"), span("s3", 0, 31, "claim"))) == []


def test_span_outside_the_text_is_reported() -> None:
    found = problems(annotation_file(span("s7", 50, 70, text="x")))
    assert found == [("s7", f"span s7 [50, 70) is outside the text (length {len(TEXT)})")]


def test_span_text_mismatch_is_reported() -> None:
    found = problems(annotation_file(span("s2", 0, 7, text="Armenio")))
    assert found == [("s2", "span s2 [0, 7) says 'Armenio' but the text there is 'Armenia'")]


def test_unknown_label_is_reported() -> None:
    found = problems(annotation_file(span("s3", 0, 7, label="villain")))
    assert found == [("s3", "span s3 has unknown label 'villain'")]


def test_hash_mismatch_is_reported() -> None:
    found = problems(annotation_file(sha=text_sha256("another text")))
    assert len(found) == 1
    assert found[0][0] is None and "text hash differs" in found[0][1]


def test_wrong_document_id_is_reported() -> None:
    found = problems(annotation_file(document_id="other"))
    assert found == [(None, "made for document 'other', not 'doc'")]


def test_every_problem_is_reported_not_only_the_first() -> None:
    found = problems(annotation_file(span("a", 0, 7, label="villain"), span("b", 1, 3, text="zz"), document_id="other"))
    assert {span_id for span_id, _ in found} == {None, "a", "b"}


@pytest.mark.parametrize(("text", "where"), [("abcde\udc00", "U\\+DC00 at offset 5"), ("\ud83d😀x\udfff", "U\\+D83D at offset 0")])
def test_a_document_names_its_first_lone_surrogate(text: str, where: str) -> None:
    with pytest.raises(ValueError, match=f"lone surrogate {where}"):
        Document.create("d", text)


def test_a_document_hash_is_checked_over_text_outside_the_bmp() -> None:
    document = Document.create("d", "Ab 😀 é\r\n")
    assert Document.model_validate_json(document.model_dump_json()) == document
    with pytest.raises(ValueError, match="text_sha256 does not match"):
        Document.model_validate({**document.model_dump(), "text_sha256": text_sha256("Ab 😀 é")})
