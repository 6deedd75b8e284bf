"""The save check that reads only what changed since a clean save says what the whole check says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Actor, ActorRef, AnnotationFile, ClaimAttributes, ProjectSettings, Span, TimexValue, Topic
from annotator.core.storage import annotation_json
from annotator.core.storage.base import problems_on_save
from annotator.core.storage.save_check import SaveCheck

_LABELS = ["actor", "claim", "date"]
_PROJECTS = [
    ProjectSettings(name="p", actors=(Actor(id="a1", name="One"), Actor(id="a2", name="Two"))),
    ProjectSettings(name="p", actors=(Actor(id="a1", name="One"),)),  # a2 gone from the registry
    ProjectSettings(name="p", actors=(Actor(id="a1", name="One"), Actor(id="a2", name="Two")), topics=(Topic(id="t1", name="economy"),)),
]
# An edit: what it does, a number that picks the span, and the project the save is checked against.
_EDITS = st.lists(
    st.tuples(st.sampled_from(["relabel", "add", "add claim", "remove", "link", "actor", "none"]), st.integers(0, 10**6), st.sampled_from([0, 0, 0, 1, 2])),
    min_size=1,
    max_size=25,
)


def _file(spans: list[Span]) -> AnnotationFile:
    return AnnotationFile.model_construct(document_id="doc", annotator="ann", text_sha256="0" * 64, spans=tuple(sorted(spans, key=Span.sort_key)))


def _span(number: int, label: str, where: int) -> Span:
    start = where % 80
    return Span(id=f"s{number}", start=start, end=start + 1 + where % 4, label=label, text="x")


def _claim(number: int, where: int, spans: list[Span]) -> Span:
    # Mostly links that hold (an actor span as claimant, a date span as date), some that do not:
    # a save stays clean long enough for later edits to break a link from a span kept.
    actors = [span.id for span in spans if span.label == "actor"] or ["s999999"]
    dates = [span.id for span in spans if span.label == "date"] or ["s999999"]
    anything = [span.id for span in spans] + ["s999999"]
    if where % 4 == 0:
        claimant = ActorRef(actor_id=["a1", "a2", "a9"][where % 3])
    else:
        claimant = ActorRef(span_id=(actors if where % 7 else anything)[where % len(actors if where % 7 else anything)])
    date = (dates if where % 11 else anything)[(where // 3) % len(dates if where % 11 else anything)] if where % 5 else None
    claim = ClaimAttributes(claimant=claimant, date_span_id=date, topic=["", "economy", "war"][where % 3] if where % 13 == 0 else "")
    return _span(number, "claim", where).model_copy(update={"claim": claim})


@settings(max_examples=300, deadline=None)
@given(_EDITS)
def test_the_check_after_a_clean_save_is_the_whole_check(edits: list[tuple[str, int, int]]) -> None:
    check = SaveCheck()
    spans: list[Span] = [_span(0, "actor", 3), _span(1, "date", 9), _span(2, "actor", 20)]
    numbers = iter(range(3, 10_000))
    for edit, where, project in edits:
        if edit == "relabel" and spans:
            index = where % len(spans)
            spans[index] = spans[index].model_copy(update={"label": _LABELS[where % 3], "claim": None, "actor_id": None})
        elif edit == "add":
            spans.append(_span(next(numbers), _LABELS[where % 3], where))
        elif edit == "add claim":
            spans.append(_claim(next(numbers), where, spans))
        elif edit == "remove" and spans:
            del spans[where % len(spans)]
        elif edit == "link" and spans:
            index = where % len(spans)
            spans[index] = _claim(int(spans[index].id[1:]), where, spans)
        elif edit == "actor" and spans:
            index = where % len(spans)
            spans[index] = spans[index].model_copy(update={"actor_id": ["a1", "a2", "a9"][where % 3]})
        annotation_file = _file(spans)
        assert check.problems(annotation_file, _PROJECTS[project]) == problems_on_save(annotation_file, _PROJECTS[project])


def test_a_save_after_one_edit_checks_the_edited_span_and_the_spans_that_link_to_it(monkeypatch) -> None:
    from annotator.core.storage import save_check

    actors = [Span(id=f"s{n}", start=2 * n, end=2 * n + 1, label="actor", text="x") for n in range(100)]
    claims = [
        Span(id=f"c{n}", start=2 * n + 1, end=2 * n + 2, label="claim", text="y", claim=ClaimAttributes(claimant=ActorRef(span_id=f"s{n}"))) for n in range(100)
    ]
    dates = [Span(id="d1", start=300, end=301, label="date", text="z", timex=TimexValue(type="DATE", value="2024"))]
    spans = actors + claims + dates
    project = _PROJECTS[0]
    check = SaveCheck()
    assert check.problems(_file(spans), project) == []
    checked: list[list[str]] = []
    whole = save_check.problems_on_save
    monkeypatch.setattr(save_check, "problems_on_save", lambda file, project: checked.append([s.id for s in file.spans]) or whole(file, project))
    # The claimant of c40 relabelled: c40 now links to a span that is no actor.
    spans[40] = spans[40].model_copy(update={"label": "date"})
    problems = check.problems(_file(spans), project)
    assert [problem.span_id for problem in problems] == ["c40"]
    assert sorted(checked[0]) == ["c40", "s40"]  # the edited span and the claim linking to it, not all 201
    assert len(checked) == 2 and len(checked[1]) == 201  # a problem: the whole check names it
    # Put back, and a date added: only the new span is read.
    checked.clear()
    spans[40] = actors[40]
    assert check.problems(_file(spans), project) == []  # found clean by the whole check (the last one was not)
    spans.append(Span(id="d2", start=400, end=401, label="date", text="w"))
    assert check.problems(_file(spans), project) == []
    assert checked[-1] == ["d2"]


def test_what_is_remembered_is_bounded_by_the_documents_kept() -> None:
    check = SaveCheck(documents=2)
    span = Span(id="s1", start=0, end=1, label="actor", text="x")
    for doc_id in ("a", "b", "c"):
        check.problems(AnnotationFile.model_construct(document_id=doc_id, annotator="ann", text_sha256="0" * 64, spans=(span,)), _PROJECTS[0])
    assert list(check._clean) == ["b", "c"]
    assert annotation_json.DOCUMENTS_KEPT >= 2
