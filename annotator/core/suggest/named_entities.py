"""Named-entity suggestions (optional): a spaCy pipeline the user installed finds PERSON, ORG,
GPE and NORP entities, and each becomes an actor suggestion, linked to a registry actor when its
text is one of the registry's names or aliases (or a text linked before), with the known-actor
recommender's own matcher.

spaCy and the model are loaded on first use only, never at import: ``annotator.gui.main_window``
and the CLI start without them. Which model: ``SuggestContext.ner_model``, an installed
package's name or a model folder's path (``DEFAULT_MODEL`` when None). When spaCy or the model is
missing, ``unavailable()`` says so (with the commands that install them) without importing
spaCy, and ``suggest()`` raises ``NamedEntitiesUnavailable`` with the same message.

Long texts are cut at line or word boundaries into pieces of at most ``CHUNK_CHARS`` code
points (spaCy refuses texts over its ``max_length`` and its memory grows with the text), and the
entities' offsets are shifted back: offsets are code points into the stored text.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.actors import strip_possessive
from annotator.core.model import Document, LabelKind
from annotator.core.suggest.base import SuggestContext, Suggestion, SuggestionKind

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
CHUNK_CHARS = 100_000
_UNUSED_PIPES = ("parser", "tagger", "lemmatizer", "attribute_ruler", "morphologizer", "senter")


class NamedEntitiesUnavailable(RuntimeError):
    """spaCy or the model is missing or cannot be loaded; the message says how to install them."""


def install_message(problem: str, model: str | None = None) -> str:
    name = model if model and not _is_path(model) else DEFAULT_MODEL
    return f"Named entities need spaCy and a spaCy model: {problem}. Install them with pip install 'annotator[nlp]' and python -m spacy download {name}"


def _is_path(model: str) -> bool:
    return "/" in model or "\\" in model or model.startswith((".", "~")) or Path(model).exists()


def unavailable(model: str | None = None) -> str | None:
    """Why named entities cannot be suggested with ``model`` (a message that says how to install
    what is missing), or None when spaCy and the model are there. Imports nothing."""
    model = model or DEFAULT_MODEL
    if importlib.util.find_spec("spacy") is None:
        return install_message("spaCy is not installed", model)
    if _is_path(model):
        folder = Path(model).expanduser()
        if not (folder / "config.cfg").is_file():
            return install_message(f"there is no spaCy model at {folder} (no config.cfg)", model)
        return None
    try:
        found = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        found = None
    if found is None:
        return install_message(f"the model {model!r} is not installed", model)
    return None


_LOAD_LOCK = threading.Lock()


@functools.lru_cache(maxsize=2)
def _load(model: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(Path(model).expanduser() if _is_path(model) else model)
    except Exception as error:  # noqa: BLE001 - a broken or incompatible model is a message, never a crash
        raise NamedEntitiesUnavailable(install_message(f"the model {model!r} could not be loaded ({type(error).__name__}: {error})", model)) from None
    for name in _UNUSED_PIPES:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)  # NER needs none of them: less time per article
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline for ``model``, loaded once per process (a failure is not remembered)."""
    model = model or DEFAULT_MODEL
    reason = unavailable(model)
    if reason is not None:
        raise NamedEntitiesUnavailable(reason)
    with _LOAD_LOCK:  # the window's worker and a corpus run may ask at once: load it once
        return _load(model)


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering ``text``, each piece at most ``size`` code points, cut after a
    line break or a space in the piece's second half where there is one."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The entity without a possessive "'s" and the punctuation around it ("Pashinyan's" -> "Pashinyan");
    a leading "the" stays, as coders tag it ("the Kremlin")."""
    found = text[start:end]
    bare = strip_possessive(found)
    if bare != found and found.startswith(bare):
        end = start + len(bare)
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


class NamedEntityRecommender:
    name = "ner"
    kind = SuggestionKind.NAMED_ENTITY
    optional = True  # off unless asked for: it needs spaCy and a model the user installed

    def __init__(self) -> None:
        from annotator.core.suggest.known_actors import KnownActorRecommender  # loaded with the first run, not at start

        self._actors = KnownActorRecommender()  # its matcher resolves an entity to a registry actor

    def suggest(self, document: Document, context: SuggestContext) -> list[Suggestion]:
        label = context.label_for(LabelKind.ACTOR)
        text = document.text
        if label is None or not text.strip():
            return []
        nlp = load_pipeline(context.ner_model)
        matcher = self._actors.matcher(context)
        taken = [(s.start, s.end) for s in context.spans_of(LabelKind.ACTOR)]
        pieces = list(chunks(text))
        found: list[Suggestion] = []
        seen: set[tuple[int, int]] = set()
        for (offset, _), doc in zip(pieces, nlp.pipe(piece for _, piece in pieces), strict=True):
            for entity in doc.ents:
                if entity.label_ not in ENTITY_LABELS:
                    continue
                start, end = _trim(text, offset + entity.start_char, offset + entity.end_char)
                if end - start < 2 or (start, end) in seen or any(s < end and start < e for s, e in taken):
                    continue
                seen.add((start, end))
                mention = text[start:end]
                whole = [m for m in matcher.matches(mention) if (m[0], m[1]) == (0, len(mention))]
                found.append(
                    Suggestion(
                        document_id=document.id,
                        kind=self.kind,
                        label=label,
                        start=start,
                        end=end,
                        text=mention,
                        actor_id=whole[0][2] if whole else None,
                        score=0.6,
                    )
                )
        return found
