"""One end-to-end pass over a real article: import, link an actor, a date and a claim, save, reopen."""

from __future__ import annotations

import datetime
from pathlib import Path

from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.checker import check_spans
from annotator.core.dates import normalise_span
from annotator.core.edits import AddSpan, update_span
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, ClaimForm, Stance, TimexValue
from annotator.core.storage import FolderProject
from annotator.core.workspace import import_into
from tests.conftest import FIRST_SEED
from tests.core.schema_v2.helpers import load_set, save_set


def test_end_to_end_on_the_first_seed_article(tmp_path: Path) -> None:
    root = tmp_path / "seed-project"
    with FolderProject.create(root, name="Seeds", annotator="me") as project:
        report = import_into(project, FIRST_SEED)
        assert len(report.imported) == 1
        document = project.load_document(report.imported[0].document.id)
        text = document.text
        dct = datetime.date(2024, 2, 23)
        assert document.metadata.date == dct

        registry = ActorRegistry(project.settings.actors)
        add = new_actor(registry, "Nikol Pashinyan", ActorType.PERSON)
        add.apply(registry)
        assert registry.suggest("Pashinin")[0][0].id == add.actor.id  # the caption's spelling
        project.save_registry(registry.all())

        annotations, fingerprint = load_set(project, document.id)
        quote = "In practice, we have frozen our participation in this organization"
        claim_start = text.index(quote)
        speaker_phrase = "Armenian Prime Minister Nikol Pashinyan"
        speaker_start = text.index(speaker_phrase, claim_start)
        mention_start = speaker_start + speaker_phrase.index("Pashinyan")
        mention = annotations.make_span(mention_start, mention_start + len("Pashinyan"), "actor")
        AddSpan(span=mention).apply(annotations)
        update_span(mention, actor_id=add.actor.id).apply(annotations)

        friday_start = text.index("Friday")
        found = normalise_span(text, friday_start, friday_start + len("Friday"), dct=dct)
        assert found is not None
        timex = TimexValue(type=found.type, value=found.value, mod=found.mod)
        assert timex == TimexValue(type="DATE", value="2024-02-23")
        date_span = annotations.make_span(friday_start, friday_start + len("Friday"), "date")
        AddSpan(span=date_span).apply(annotations)
        update_span(date_span, timex=timex).apply(annotations)

        claim_span = annotations.make_span(claim_start, claim_start + len(quote), "claim")
        AddSpan(span=claim_span).apply(annotations)
        attributes = ClaimAttributes(
            claimant=ActorRef(span_id=mention.id), date_span_id=date_span.id, stance=Stance.OPPOSES, topic="CSTO", form=ClaimForm.DIRECT_QUOTE
        )
        update_span(claim_span, claim=attributes).apply(annotations)

        assert check_spans(annotations.spans(), project.scheme, registry) == []
        expected = annotations.spans()
        save_set(project, annotations, fingerprint)
        saved_bytes = project.annotation_path(document.id).read_bytes()

    with FolderProject.open(root, annotator="me") as project:
        assert project.settings.actors == registry.all()
        again = ActorRegistry(project.settings.actors)
        document = project.load_document(document.id)
        loaded = project.load_annotations(document)
        spans = {span.id: span for span in loaded.annotation_file.spans}
        assert list(spans.values()) == expected
        claim = spans[claim_span.id]
        assert claim.text == quote
        assert claim.claim == attributes
        claimant = spans[claim.claim.claimant.span_id]
        assert claimant.text == "Pashinyan"
        assert again.resolve(claimant.actor_id).name == "Nikol Pashinyan"
        assert again.get(claimant.actor_id).type is ActorType.PERSON
        date = spans[claim.claim.date_span_id]
        assert date.text == "Friday" and date.timex.value == "2024-02-23" and date.timex.type == "DATE"
        assert project.annotation_path(document.id).read_bytes() == saved_bytes
