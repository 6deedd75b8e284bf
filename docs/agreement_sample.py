"""Two coders on the sample articles, for the agreement table in the README.

python docs/agreement_sample.py /tmp/agree-sample   # builds the project, then:
annotator agree /tmp/agree-sample
python docs/agreement_sample.py /tmp/agree-500 --copies 250   # 500 documents, for timing

Coder ``maria`` codes both seed articles by fixed rules: every actor name of ``ACTORS`` (whole
words, longest first, linked to its registry actor), every date the date finder finds (with its
TIMEX3 value) and the quoted claims of ``CLAIMS`` (claimant: the next mention of Pashinyan,
else the first; date: the next date; stance, topic, form as listed).

Coder ``li`` is ``maria`` perturbed by ``perturb``, deterministically (no randomness):

1. every 5th span in file order that is not a claim is left out (with the links to it);
2. every 4th remaining multi-word actor mention keeps only its last word;
3. every 3rd date with a day or month in its value is coarsened to its year;
4. mentions of "Yerevan" are not linked to the registry;
5. in each document, the first claim's stance is "neutral" and the last claim loses its last word.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.annotations import AnnotationSet
from annotator.core.dates import find_dates
from annotator.core.edits import AddSpan, update_span
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, ClaimForm, Span, Stance, TimexValue
from annotator.core.storage import Fingerprint, create_project, open_project
from annotator.core.workspace import import_into

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

ACTORS = {
    "Armenian Prime Minister Nikol Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Prime Minister Nikol Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Nikol Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Pashinyan": ("Nikol Pashinyan", ActorType.PERSON),
    "Armenia": ("Armenia", ActorType.STATE),
    "Yerevan": ("Armenia", ActorType.STATE),
    "Moscow": ("Russia", ActorType.STATE),
    "Russia": ("Russia", ActorType.STATE),
    "Azerbaijan": ("Azerbaijan", ActorType.STATE),
    "Collective Security Treaty Organisation": ("CSTO", ActorType.ORGANISATION),
    "Collective Security Treaty Organization": ("CSTO", ActorType.ORGANISATION),
    "CSTO": ("CSTO", ActorType.ORGANISATION),
    "Dmitry Peskov": ("Dmitry Peskov", ActorType.PERSON),
    "Ilham Aliyev": ("Ilham Aliyev", ActorType.PERSON),
    "Vladimir Putin": ("Vladimir Putin", ActorType.PERSON),
}

# (quote, stance, topic)
CLAIMS = [
    ("In practice, we have frozen our participation in this organization", Stance.OPPOSES, "CSTO membership"),
    ("I am not ruling out that Armenia will take a decision to withdraw from the CSTO", Stance.OPPOSES, "CSTO membership"),
    (
        "We began discussing security issues with our Western partners because we see that the security system in the region is not working",
        Stance.SUPPORTS,
        "security ties with the West",
    ),
]


def code_first(annotations: AnnotationSet, registry: ActorRegistry) -> None:
    """Coder maria's rules (module docstring), applied to one document."""
    text = annotations.document.text
    taken: list[tuple[int, int]] = []
    for needle in sorted(ACTORS, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(needle)}\b", text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            name, actor_type = ACTORS[needle]
            actor = registry.find(name)
            if actor is None:
                add = new_actor(registry, name, actor_type)
                add.apply(registry)
                actor = add.actor
            span = annotations.make_span(match.start(), match.end(), "actor").model_copy(update={"actor_id": actor.id})
            AddSpan(span=span).apply(annotations)
    for mention in find_dates(text, annotations.document.metadata.date):
        span = annotations.make_span(mention.start, mention.end, "date")
        span = span.model_copy(update={"timex": TimexValue(type=mention.type, value=mention.value, mod=mention.mod)})
        AddSpan(span=span).apply(annotations)
    pashinyan = registry.find("Nikol Pashinyan")
    for quote, stance, topic in CLAIMS:
        start = text.find(quote)
        if start < 0:
            continue
        claim = annotations.make_span(start, start + len(quote), "claim")
        AddSpan(span=claim).apply(annotations)
        spans = annotations.spans()
        mentions = [s for s in spans if s.label == "actor" and pashinyan and s.actor_id == pashinyan.id]
        claimant = next((s for s in mentions if s.start >= claim.end), mentions[0] if mentions else None)
        date = next((s for s in spans if s.label == "date" and s.start >= claim.start), None)
        attributes = ClaimAttributes(
            claimant=ActorRef(span_id=claimant.id) if claimant else None,
            date_span_id=date.id if date else None,
            stance=stance,
            topic=topic,
            form=ClaimForm.DIRECT_QUOTE,
        )
        update_span(claim, claim=attributes).apply(annotations)


def perturb(spans: list[Span]) -> list[Span]:
    """Coder li: maria's spans changed by the five rules of the module docstring."""
    spans = sorted(spans, key=Span.sort_key)
    dropped = {s.id for index, s in enumerate(spans) if s.label != "claim" and index % 5 == 4}
    kept = [s for s in spans if s.id not in dropped]
    claims = [s for s in kept if s.label == "claim"]
    out: list[Span] = []
    multiword = 0
    dated = 0
    for span in kept:
        changes: dict[str, object] = {}
        if span.label == "actor":
            if " " in span.text:
                multiword += 1
                if multiword % 4 == 1:
                    cut = span.text.rindex(" ") + 1
                    changes.update(start=span.start + cut, text=span.text[cut:])
            if span.text == "Yerevan":
                changes["actor_id"] = None
        if span.label == "date" and span.timex and span.timex.type == "DATE" and len(span.timex.value) > 4 and span.timex.value[:4].isdigit():
            dated += 1
            if dated % 3 == 0:
                changes["timex"] = TimexValue(type="DATE", value=span.timex.value[:4])
        if span.label == "claim" and span.claim:
            claim = span.claim
            for role in ("claimant", "target"):
                ref = getattr(claim, role)
                if ref is not None and ref.span_id in dropped:
                    claim = claim.model_copy(update={role: None})
            if claim.date_span_id in dropped:
                claim = claim.model_copy(update={"date_span_id": None})
            if span.id == claims[0].id:
                claim = claim.model_copy(update={"stance": Stance.NEUTRAL})
            changes["claim"] = claim
            if span.id == claims[-1].id:
                cut = span.text.rindex(" ")
                changes.update(end=span.start + cut, text=span.text[:cut])
        out.append(Span.model_validate({**span.model_dump(), **changes}) if changes else span)
    return out


def build(root: Path, seeds: Path = SEEDS) -> None:
    with create_project(root, "Armenia and the CSTO, two coders", annotator="maria") as project:
        import_into(project, seeds)
        registry = ActorRegistry()
        first: dict[str, AnnotationSet] = {}
        for entry in project.documents():
            annotations = AnnotationSet(project.load_document(entry.id))
            code_first(annotations, registry)
            first[entry.id] = annotations
        project.save_registry(registry.all())
        for annotations in first.values():
            project.save_annotations(annotations.snapshot("maria"), Fingerprint(None))
    with open_project(root, annotator="li") as project:
        for annotations in first.values():
            spans = perturb(annotations.spans())
            snapshot = AnnotationSet(annotations.document, spans).snapshot("li")
            project.save_annotations(snapshot, Fingerprint(None))


def main(argv: list[str]) -> None:
    """``agreement_sample.py DIR [--copies N]``: N copies of each seed article (for timing), default 1."""
    root = Path(argv[0])
    copies = int(argv[argv.index("--copies") + 1]) if "--copies" in argv else 1
    if copies == 1:
        build(root)
        return
    with tempfile.TemporaryDirectory() as folder:
        for number in range(copies):
            for path in sorted(SEEDS.glob("*.txt")):
                shutil.copyfile(path, Path(folder) / f"{number:05d}_{path.name}")
        build(root, Path(folder))


if __name__ == "__main__":
    main(sys.argv[1:])
