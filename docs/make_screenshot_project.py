"""Build the annotated sample project shown in the README screenshot.

python docs/make_screenshot_project.py /tmp/shot-project
(docs/screenshot.py renders the README screenshot from it)
"""

import sys
from datetime import date
from pathlib import Path

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.dates import normalise_span
from annotator.core.edits import AddSpan, update_span
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, ClaimForm, Stance, TimexValue
from annotator.core.storage import Fingerprint, create_project
from annotator.core.workspace import import_into

ACTORS = {
    "Nikol Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Armenian Prime Minister Nikol Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Armenia": ("Armenia", ActorType.STATE),
    "Yerevan": ("Armenia", ActorType.STATE),
    "Moscow": ("Russia", ActorType.STATE),
    "Russian peacekeepers": ("Russian peacekeepers", ActorType.GROUP),
    "Collective Security Treaty Organisation": ("CSTO", ActorType.ORGANISATION),
    "Kremlin spokesman Dmitry Peskov": ("Dmitry Peskov", ActorType.PERSON),
}

TAGS = [
    ("Armenia", "actor", 0),
    ("Prime Minister Nikol Pashinyan said in an interview published on Friday", "claim", 0),
    ("Nikol Pashinyan", "actor", 0),
    ("Friday", "date", 0),
    ("Yerevan", "actor", 0),
    ("Moscow", "actor", 0),
    ("last year", "date", 0),
    ("Russian peacekeepers", "actor", 0),
    ("In practice, we have frozen our participation in this organization", "claim", 0),
    ("Armenian Prime Minister Nikol Pashinyan", "actor", 0),
    ("Collective Security Treaty Organisation", "actor", 0),
    ("the end of last year", "date", 0),
    ("Kremlin spokesman Dmitry Peskov", "actor", 0),
]


def main(root: Path) -> None:
    with create_project(root, "Armenia and the CSTO") as project:
        import_into(project, Path(__file__).resolve().parents[1] / "seeds")
        document = project.load_document(project.documents()[0].id)
        annotations = AnnotationSet(document)
        registry = ActorRegistry()
        ids: dict[str, str] = {}
        for needle, label, nth in TAGS:
            start = -1
            for _ in range(nth + 1):
                start = document.text.index(needle, start + 1)
            span = annotations.make_span(start, start + len(needle), label)
            if label == "actor":
                name, actor_type = ACTORS[needle]
                actor = registry.find(name)
                if actor is None:
                    add = new_actor(registry, name, actor_type)
                    add.apply(registry)
                    actor = add.actor
                span = span.model_copy(update={"actor_id": actor.id})
            if label == "date":
                mention = normalise_span(document.text, span.start, span.end, date(2024, 2, 23))
                span = span.model_copy(update={"timex": TimexValue(type=mention.type, value=mention.value, mod=mention.mod)})
            AddSpan(span=span).apply(annotations)
            ids[needle] = span.id
        claim = annotations.get(ids["In practice, we have frozen our participation in this organization"])
        update_span(
            claim,
            claim=ClaimAttributes(
                claimant=ActorRef(span_id=ids["Armenian Prime Minister Nikol Pashinyan"]),
                date_span_id=ids["Friday"],
                stance=Stance.OPPOSES,
                topic="CSTO membership",
                form=ClaimForm.DIRECT_QUOTE,
            ),
        ).apply(annotations)
        project.save_registry(registry.all())
        project.save_annotations(annotations.snapshot(project.annotator), Fingerprint(None))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
