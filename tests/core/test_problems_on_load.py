"""``problems_on_load`` reads the spans in C where that is enough; it finds what the checks it stands for find.

The reference is what it did before: ``validate_annotations`` and ``topic_problems`` over every
span, and the annotator's name. Files are drawn with every kind of problem those checks know
(a text that differs, a span outside the text, an unknown label, another document or text hash,
actor links, claims linking to missing or wrong spans, topics outside the codebook), alone and
together, and fitting files with and without links.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.codebook import Codebook, topic_problems
from annotator.core.model import Actor, AnnotationFile, AnnotationProblem, Document, ProjectSettings, Span, Topic, validate_annotations
from annotator.core.span_fields import SpanFields
from annotator.core.storage.base import problems_on_load

TEXT = "Ana said on Monday that Bob would pay. " * 20
DOCUMENT = Document.create("doc", TEXT)
WORDS = [(0, 3, "actor"), (4, 8, "claim"), (12, 18, "date"), (24, 27, "actor"), (28, 37, "claim")]
SETTINGS = [
    ProjectSettings(name="p"),
    ProjectSettings(name="p", actors=(Actor(id="a1", name="Ana"),), topics=(Topic(id="t1", name="pay"),)),
]


def reference(document: Document, annotation_file: AnnotationFile, project: ProjectSettings, annotator: str) -> list[AnnotationProblem]:
    problems = validate_annotations(document, annotation_file, project.label_scheme, {actor.id for actor in project.actors})
    problems.extend(topic_problems(annotation_file, Codebook(project.topics)))
    if annotation_file.annotator != annotator:
        problems.insert(0, AnnotationProblem(span_id=None, message=f"belongs to annotator {annotation_file.annotator!r}, not {annotator!r}"))
    return problems


@st.composite
def span_dicts(draw: st.DrawFn, number: int) -> dict:
    sentence = draw(st.integers(0, 19)) * 39
    start, end, label = draw(st.sampled_from(WORDS))
    start, end = start + sentence, end + sentence
    span: dict = {"id": f"s{number}", "start": start, "end": end, "label": label, "text": TEXT[start:end]}
    defect = draw(st.sampled_from(["none"] * 6 + ["text", "outside", "label", "actor", "claim", "date-link", "topic", "timex", "wrong-kind"]))
    if defect == "text":
        span["text"] = span["text"][:-1] + "#"
    elif defect == "outside":
        span.update(start=len(TEXT) - 2, end=len(TEXT) + 3, text="x")
    elif defect == "label":
        span["label"] = "place"
    elif defect == "actor":
        span["label"] = "actor"
        span["actor_id"] = draw(st.sampled_from(["a1", "nobody"]))
    elif defect == "claim":
        span["label"] = "claim"
        span["claim"] = {"claimant": {"span_id": f"s{draw(st.integers(0, 12))}"}, "stance": "supports"}
    elif defect == "date-link":
        span["label"] = "claim"
        span["claim"] = {"date_span_id": f"s{draw(st.integers(0, 12))}"}
    elif defect == "topic":
        span["label"] = "claim"
        span["claim"] = {"topic": draw(st.sampled_from(["pay", "rent"]))}
    elif defect == "timex":
        span["timex"] = {"type": "DATE", "value": "2020-01-06"}
    elif defect == "wrong-kind":
        span["label"] = "date"
        span["actor_id"] = "a1"
    return span


@st.composite
def files(draw: st.DrawFn) -> AnnotationFile:
    count = draw(st.integers(0, 12))
    spans = [draw(span_dicts(number)) for number in range(count)]
    header = draw(st.sampled_from(["fits"] * 5 + ["document", "hash"]))
    return AnnotationFile.model_validate(
        {
            "document_id": "other" if header == "document" else "doc",
            "annotator": draw(st.sampled_from(["me", "me", "you"])),
            "text_sha256": "0" * 64 if header == "hash" else DOCUMENT.text_sha256,
            "spans": spans,
        }
    )


@settings(max_examples=300, deadline=None)
@given(files(), st.sampled_from(SETTINGS))
def test_problems_on_load_finds_what_the_checks_over_every_span_find(annotation_file: AnnotationFile, project: ProjectSettings) -> None:
    assert problems_on_load(DOCUMENT, annotation_file, project, "me") == reference(DOCUMENT, annotation_file, project, "me")


def test_a_fitting_file_of_5000_spans_without_links_has_no_problems_and_one_bad_span_is_named() -> None:
    spans = [{"id": f"s{i}", "start": 0, "end": 3, "label": "actor", "text": "Ana"} for i in range(5000)]
    good = AnnotationFile.model_validate({"document_id": "doc", "annotator": "me", "text_sha256": DOCUMENT.text_sha256, "spans": spans})
    assert problems_on_load(DOCUMENT, good, SETTINGS[0], "me") == []
    spans[3210] = {**spans[3210], "text": "Anna", "end": 4}
    bad = AnnotationFile.model_validate({**good.model_dump(), "spans": spans})
    problems = problems_on_load(DOCUMENT, bad, SETTINGS[0], "me")
    assert [problem.span_id for problem in problems] == ["s3210"]
    assert problems == reference(DOCUMENT, bad, SETTINGS[0], "me")


def test_span_fields_read_what_the_spans_say() -> None:
    annotation_file = AnnotationFile.model_validate(
        {
            "document_id": "doc",
            "annotator": "me",
            "text_sha256": DOCUMENT.text_sha256,
            "spans": [
                {"id": "s1", "start": 0, "end": 3, "label": "actor", "text": "Ana", "actor_id": "a1"},
                {"id": "s2", "start": 4, "end": 8, "label": "claim", "text": "said"},
            ],
        }
    )
    fields = SpanFields(annotation_file.spans)
    spans = annotation_file.spans
    assert fields.ids() == [span.id for span in spans]
    assert fields.starts() == [span.start for span in spans] and fields.ends() == [span.end for span in spans]
    assert fields.labels() == [span.label for span in spans] and fields.texts() == [span.text for span in spans]
    assert fields.linked() == [True, False] and fields.with_links() == [spans[0]]
    assert fields.fit(TEXT, {"actor", "claim"})
    assert not fields.fit(TEXT, {"actor"})
    assert not fields.fit(TEXT[:5], {"actor", "claim"})
    assert not fields.fit("Bob " + TEXT, {"actor", "claim"})


def test_linked_reads_the_fields_given_and_the_values() -> None:
    from annotator.core import span_fields

    assert span_fields._REQUIRED == sum(field.is_required() for field in Span.model_fields.values())
    plain = Span(id="s1", start=0, end=3, label="actor", text="Ana")
    linked = plain.model_copy(update={"actor_id": "a1"})
    explicit_none = Span.model_validate({**dict(plain), "actor_id": None, "claim": None, "timex": None})
    claim = Span(id="s2", start=4, end=8, label="claim", text="said", claim={"note": "n"})
    assert SpanFields([plain, linked, explicit_none, claim]).linked() == [False, True, False, True]
    assert SpanFields([plain, explicit_none]).linked() == [False, False]
    assert SpanFields([]).linked() == []
