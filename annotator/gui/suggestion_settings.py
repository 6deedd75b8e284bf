"""Which recommenders the window runs, and the spaCy model the named-entity one uses: the
coder's choices, kept with QSettings (the flow, its menu and the corpus run read them here)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from annotator.core.suggest import DEFAULT_KINDS

SETTINGS_GROUP = "suggestions"
KIND_NAMES = {"dates": "dates", "actors": "known actors", "claims": "claims", "ner": "named entities", "search": "search hits"}
NER_MODEL_KEY = f"{SETTINGS_GROUP}/ner_model"  # the spaCy model's package name or folder; unset: the default
# Kinds only ever stored (the corpus search's "Tag all as suggestions"), never computed: always shown.
STORED_KINDS = ("search",)


def ner_model() -> str | None:
    return QSettings().value(NER_MODEL_KEY, None) or None


def kind_enabled(kind: str) -> bool:
    """Whether the coder has this recommender on (the default ones start on, the optional ones off)."""
    return QSettings().value(f"{SETTINGS_GROUP}/{kind}", kind in DEFAULT_KINDS, type=bool)


def set_kind_enabled(kind: str, on: bool) -> None:
    QSettings().setValue(f"{SETTINGS_GROUP}/{kind}", on)
