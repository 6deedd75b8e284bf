"""spaCy DocBin, loaded by spaCy; CoNLL BIO, read by spaCy's own CoNLL-2003 NER converter."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from spacy.tokens import DocBin
from spacy.training.converters import conll_ner_to_docs

from annotator.core.formats import export_items, get_format
from annotator.core.formats.conll import KINDS
from annotator.core.formats.spacy_docbin import outermost

from ._support import annotated_texts, make_project, sample_project

NLP = spacy.blank("en")


def docbin(store, out: Path) -> list:  # noqa: ANN001
    items, _ = export_items(store)
    get_format("spacy").exporter(items, store.settings, out, None)
    return list(DocBin().from_disk(out).get_docs(NLP.vocab))


def test_spacy_loads_the_docbin_and_every_span_text_matches(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    [doc] = docbin(store, tmp_path / "out.spacy")
    spans = store.load_annotations(store.load_document("doc1")).annotation_file.spans
    assert doc.text == store.load_document("doc1").text
    assert sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["sc"]) == sorted((s.start, s.end, s.label, s.text) for s in spans)
    assert [(e.start_char, e.end_char) for e in doc.ents] == [(s.start, s.end) for s in outermost(spans)]
    assert {e.kb_id_ for e in doc.spans["sc"] if e.label_ == "actor" and e.text == "The Kremlin"} == {"a2"}  # merged into Russia
    assert doc.user_data["document_id"] == "doc1"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts())
def test_docbin_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("spacy")
    [doc] = docbin(make_project(base / "p", {"d": (text, spans)}), base / "out.spacy")
    assert doc.text == text
    assert sorted((s.start_char, s.end_char, s.text) for s in doc.spans["sc"]) == sorted((s.start, s.end, s.text) for s in spans)


def read_conll_column(path: Path, column: int) -> list:
    """spaCy's CoNLL-2003 reader takes the last column as the NER tags: give it the token and one kind's column."""
    lines = []
    for line in path.read_text("utf-8").split("\n"):
        parts = line.split(" ")
        lines.append(f"{parts[0]} {parts[column]}" if len(parts) > 1 else line)
    return list(conll_ner_to_docs("\n".join(lines), n_sents=1000, no_print=True))


def test_spacys_conll_reader_finds_every_outermost_span_of_each_kind(tmp_path: Path) -> None:
    store = sample_project(tmp_path / "p")
    items, _ = export_items(store)
    get_format("conll").exporter(items, store.settings, tmp_path / "out.conll", None)
    spans = store.load_annotations(store.load_document("doc1")).annotation_file.spans
    for column, kind in enumerate(KINDS, start=1):
        [doc] = read_conll_column(tmp_path / "out.conll", column)
        wanted = [s for s in outermost([s for s in spans if store.scheme.kind_of(s.label) is kind])]
        # spaCy joins the tokens with spaces: compare token sequences.
        assert [(e.label_, e.text.replace(" ", "")) for e in doc.ents] == [(s.label, "".join(s.text.split())) for s in wanted]
    lines = (tmp_path / "out.conll").read_text("utf-8").splitlines()
    assert "Pashinyan B-actor I-claim O O" not in lines and "Pashinyan B-actor O O O" in lines
    assert "Moscow O B-claim O O" in lines and "The I-actor O O O" in lines  # inside the outer actor across the line break


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annotated_texts())
def test_conll_over_hostile_texts(tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list]) -> None:
    text, spans = case
    base = tmp_path_factory.mktemp("conll")
    store = make_project(base / "p", {"d": (text, spans)})
    items, _ = export_items(store)
    get_format("conll").exporter(items, store.settings, base / "out.conll", None)
    for column, kind in enumerate(KINDS, start=1):
        [doc] = read_conll_column(base / "out.conll", column)
        wanted = [s for s in outermost([s for s in spans if store.scheme.kind_of(s.label) is kind]) if s.text.split()]
        assert [(e.label_, e.text.replace(" ", "")) for e in doc.ents] == [(s.label, "".join(s.text.split())) for s in wanted]
