"""Named-entity suggestions with a spaCy pipeline loaded by path: a blank English pipeline with
an entity ruler saved to a temp folder (nothing downloads)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.actors import ActorRegistry
from annotator.core.model import Actor, Document, Span
from annotator.core.suggest import SuggestContext, SuggestionKind, make_recommenders, suggest_document, unavailable
from annotator.core.suggest.named_entities import NamedEntitiesUnavailable, chunks

spacy = pytest.importorskip("spacy")

PATTERNS = [
    {"label": "PERSON", "pattern": "Nikol Pashinyan"},
    {"label": "GPE", "pattern": "Armenia"},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"LOWER": "kremlin"}]},
    {"label": "NORP", "pattern": "Azerbaijani"},
    {"label": "DATE", "pattern": "Friday"},  # not an actor: never suggested
]
REGISTRY = ActorRegistry([Actor(id="armenia", name="Armenia"), Actor(id="kremlin", name="the Kremlin", aliases=["Moscow"])])


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    folder = tmp_path_factory.mktemp("ner-model")
    nlp.to_disk(folder)
    return str(folder)


def ner(text: str, model: str, **context: object) -> list:
    return suggest_document(Document.create("d", text), SuggestContext(registry=REGISTRY, ner_model=model, **context), make_recommenders(["ner"]))


def test_person_org_gpe_norp_become_actor_suggestions_linked_where_the_registry_knows_them(model: str) -> None:
    text = "Nikol Pashinyan said on Friday that Armenia's talks with the Kremlin and the Azerbaijani side would go on."
    found = ner(text, model)
    assert [(s.text, s.actor_id, s.kind, s.label) for s in found] == [
        ("Nikol Pashinyan", None, SuggestionKind.NAMED_ENTITY, "actor"),
        ("Armenia", "armenia", SuggestionKind.NAMED_ENTITY, "actor"),  # the possessive stays outside
        ("the Kremlin", "kremlin", SuggestionKind.NAMED_ENTITY, "actor"),
        ("Azerbaijani", None, SuggestionKind.NAMED_ENTITY, "actor"),
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_a_known_actor_is_proposed_once_and_tagged_mentions_not_at_all(model: str) -> None:
    text = "Nikol Pashinyan visited Armenia."
    both = suggest_document(Document.create("d", text), SuggestContext(registry=REGISTRY, ner_model=model), make_recommenders(["actors", "ner"]))
    assert [(s.text, s.kind) for s in both] == [("Nikol Pashinyan", SuggestionKind.NAMED_ENTITY), ("Armenia", SuggestionKind.ACTOR)]
    tagged = (Span(id="s1", start=0, end=15, label="actor", text="Nikol Pashinyan"),)
    assert [s.text for s in ner(text, model, spans=tagged)] == ["Armenia"]


def test_empty_and_one_million_character_articles(model: str) -> None:
    assert ner("", model) == [] and ner("   \n", model) == []
    unit = "Nikol Pashinyan met officials in Armenia. "
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    found = ner(text, model)
    whole = text.count("Nikol Pashinyan") + text.count("Armenia")
    assert whole - 2 <= len(found) <= whole  # a mention cut by the last unit's end is not whole
    assert all(text[s.start : s.end] == s.text for s in found)
    assert max(s.end for s in found) > 990_000  # the pieces after the first are offset back into the text


def test_chunks_cover_the_text_at_word_boundaries() -> None:
    text = "word " * 50_000
    pieces = list(chunks(text, 1000))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 and piece.endswith(" ") for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert [p for _, p in chunks("x" * 2500, 1000)] == ["x" * 1000, "x" * 1000, "x" * 500]  # no space: cut hard


def test_a_missing_model_says_how_to_install_it(tmp_path: Path) -> None:
    message = unavailable(["ner"], "no_such_model_xyz")
    assert message is not None and "pip install 'annotator[nlp]'" in message and "python -m spacy download" in message
    assert "no_such_model_xyz" in message
    assert "no spaCy model at" in (unavailable(["ner"], str(tmp_path / "missing")) or "")
    assert unavailable(["dates", "actors"]) is None
    with pytest.raises(NamedEntitiesUnavailable, match="pip install 'annotator\\[nlp\\]'"):
        ner("Armenia", "no_such_model_xyz")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp\nnot a config", encoding="utf-8")
    with pytest.raises(NamedEntitiesUnavailable, match="could not be loaded"):
        ner("Armenia", str(broken))


def test_nothing_imports_spacy_before_first_use() -> None:
    code = (
        "import sys, annotator.core.suggest, annotator.cli, annotator.gui.main_window;"
        "from annotator.core.suggest import unavailable; unavailable(['ner']);"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False"
