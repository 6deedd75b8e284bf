"""How a suggestion is named to the coder (the status bar as N walks, undo labels): its kind,
label and text, and what it carries (actor, value, claimant, date, target, stance, topic)."""

from __future__ import annotations

from annotator.core.actors import ActorRegistry
from annotator.core.suggest import Suggestion


def noun(kind: str) -> str:
    """A suggestion kind's name for one of them ("claims" -> "claim")."""
    return {"search": "search hit", "ner": "named entity"}.get(kind, kind[:-1])


def short(text: str, limit: int = 50) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_suggestion(suggestion: Suggestion, registry: ActorRegistry) -> str:
    """One line: the suggestion and what it carries, actors named as the registry names them now."""

    def name_of(actor_id: str) -> str:
        actor = registry.resolve(actor_id)
        return actor.name if actor else actor_id

    parts = [f"{noun(suggestion.kind.value)} suggestion: {suggestion.label} “{short(suggestion.text)}”"]
    if suggestion.actor_id:
        parts.append(f"actor {name_of(suggestion.actor_id)}")
    if suggestion.timex is not None:
        parts.append(f"value {suggestion.timex.value}")
    if suggestion.claimant is not None:
        parts.append(f"claimant “{short(suggestion.claimant.text, 30)}”")
    elif suggestion.claimant_actor_id:
        parts.append(f"claimant {name_of(suggestion.claimant_actor_id)}")
    if suggestion.date is not None:
        parts.append(f"date “{short(suggestion.date.text, 30)}”")
    if suggestion.target is not None:
        parts.append(f"target “{short(suggestion.target.text, 30)}”")
    if suggestion.stance is not None:
        parts.append(f"stance {suggestion.stance.value}")
    if suggestion.topic:
        parts.append(f"topic {suggestion.topic}")
    return " · ".join(parts)
