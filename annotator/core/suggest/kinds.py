"""The recommenders' names, without importing them: the window builds its Suggestions menu and
the CLI its ``--kinds`` help at start, and the recommenders (automata, regular expressions) load
with the first run (``annotator.core.suggest.recommenders()``)."""

from __future__ import annotations

RECOMMENDER_KINDS: tuple[str, ...] = ("dates", "actors", "claims", "ner")
# Optional: runs only when asked for (named entities need spaCy and a model the user installed).
OPTIONAL_KINDS = frozenset({"ner"})
DEFAULT_KINDS: tuple[str, ...] = tuple(kind for kind in RECOMMENDER_KINDS if kind not in OPTIONAL_KINDS)
