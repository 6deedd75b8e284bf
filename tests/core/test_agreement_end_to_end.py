"""Two coders on one project, agreement, adjudication into gold, agreement against gold.

Every figure is checked against a hand computation written out in the comments. Tokens are
``\\w+`` runs and single other non-space characters (``corpus.TOKEN_RE``); N, the number of
tokens of the two sample articles, is counted by the test with that regex.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main as cli_main
from annotator.core.actors import ActorRegistry, new_actor
from annotator.core.agreement import agreement_report, load_corpus
from annotator.core.annotations import AnnotationSet
from annotator.core.curation import accept_agreements, group_spans, is_agreed, progress, reject, take
from annotator.core.model import ActorRef, ActorType, ClaimAttributes, Span, Stance, TimexValue
from annotator.core.storage import Fingerprint, create_project, open_project
from annotator.core.workspace import import_into
from tests.conftest import REPO

QUOTE = "In practice, we have frozen our participation in this organization"
SHORT = "In practice, we have frozen our participation"


def _span(text: str, needle: str, label: str, span_id: str, **fields: object) -> Span:
    start = text.index(needle)
    return Span(id=span_id, start=start, end=start + len(needle), label=label, text=needle, **fields)


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    with create_project(root, "team", annotator="ann") as project:
        import_into(project, REPO / "seeds")
        registry = ActorRegistry()
        for name in ("Nikol Pashinyan", "Russia", "Armenia"):
            new_actor(registry, name, ActorType.OTHER).apply(registry)
        project.save_registry(registry.all())
    first, second = (open_project(root).load_document(e.id) for e in open_project(root, read_only=True).documents())
    for coder in ("ann", "ben"):
        with open_project(root, annotator=coder) as project:
            t0, t1 = first.text, second.text
            date_value = "2024-02-23" if coder == "ann" else "2024-02"
            claim_text = QUOTE if coder == "ann" else SHORT
            spans0 = [
                _span(t0, "Pashinyan", "actor", "s1", actor_id="a1"),
                _span(t0, "Friday", "date", "s2", timex=TimexValue(type="DATE", value=date_value)),
                _span(
                    t0,
                    claim_text,
                    "claim",
                    "s3",
                    claim=ClaimAttributes(
                        claimant=ActorRef(span_id="s1"),
                        date_span_id="s2",
                        stance=Stance.OPPOSES if coder == "ann" else Stance.SUPPORTS,
                        topic="CSTO membership" if coder == "ann" else "csto  Membership",
                    ),
                ),
            ]
            spans1 = [_span(t1, "Moscow", "actor", "s1", actor_id="a2")] if coder == "ann" else [_span(t1, "Yerevan", "actor", "s1", actor_id="a3")]
            for document, spans in ((first, spans0), (second, spans1)):
                project.save_annotations(AnnotationSet(document, spans).snapshot(coder), Fingerprint(None))
    return root


def test_two_coders_agreement_then_gold(project_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = open_project(project_root, annotator="curator")
    texts = [project.load_document(e.id).text for e in project.documents()]
    n = sum(len(re.findall(r"\w+|[^\w\s]", text)) for text in texts)
    corpus = load_corpus(project, ["ann", "ben"])
    report = agreement_report(corpus, project.scheme)

    # Spans: ann 4 (Pashinyan, Friday, the quote; Moscow), ben 4 (Pashinyan, Friday, the short quote; Yerevan).
    # Exact matches: Pashinyan, Friday -> F1 = 2*2 / 8 = 0.5. Overlapping: + the claim -> 2*3 / 8 = 0.75.
    corpus_all = report.row("corpus", "all")
    assert corpus_all.spans == {"ann": 4, "ben": 4}
    assert corpus_all.f1_exact == pytest.approx(0.5) and corpus_all.f1_overlap == pytest.approx(0.75)
    # Per label: actor 1 of 2 and 2 -> 0.5 both ways; claim exact 0, overlapping 1; date 1 both.
    assert (report.row("corpus", "actor").f1_exact, report.row("corpus", "actor").f1_overlap) == pytest.approx((0.5, 0.5))
    assert (report.row("corpus", "claim").f1_exact, report.row("corpus", "claim").f1_overlap) == pytest.approx((0.0, 1.0))
    assert (report.row("corpus", "date").f1_exact, report.row("corpus", "date").f1_overlap) == pytest.approx((1.0, 1.0))

    # Tokens: the quote is 11 tokens (In practice , we have frozen our participation in this organization),
    # the short one 8. Disagreeing tokens: "in this organization" (claim / O), Moscow (actor / O),
    # Yerevan (O / actor) -> 5; p_o = (N - 5) / N.
    # Margins ann: actor 2, date 1, claim 11, O N-14; ben: actor 2, date 1, claim 8, O N-11.
    p_o = (n - 5) / n
    p_e = (2 * 2 + 1 * 1 + 11 * 8 + (n - 14) * (n - 11)) / n**2
    assert corpus_all.kappa == pytest.approx((p_o - p_e) / (1 - p_e), abs=1e-12)
    # Alpha: 2N values; coincidences off the diagonal = 2 * 5; n_c: actor 4, date 2, claim 19, O 2N - 25.
    expected = (2 * n) ** 2 - (4**2 + 2**2 + 19**2 + (2 * n - 25) ** 2)
    assert corpus_all.alpha == pytest.approx(1 - (2 * n - 1) * 10 / expected, abs=1e-12)

    # alpha_U for actors over the two texts laid end to end (L = L0 + L1):
    # Pashinyan is identical (distance 0); Moscow (6) lies in ben's gap, Yerevan (7) in ann's ->
    # each ordered pair sums 36 + 49 = 85; D_o = 2 * 85 / (2 * L^2).
    l0, l1 = len(texts[0]), len(texts[1])
    big_l = l0 + l1
    p, m, y = texts[0].index("Pashinyan"), l0 + texts[1].index("Moscow"), l0 + texts[1].index("Yerevan")
    d_o = 2 * 85 / (2 * big_l**2)
    units = [9, 6, 9, 7]
    gaps = [p, m - (p + 9), big_l - (m + 6), p, y - (p + 9), big_l - (y + 7)]
    numerator = sum((len(units) - 1) * (2 * u**3 - 3 * u**2 + u) / 3 + u * u * sum(g - u + 1 for g in gaps if g >= u) for u in units)
    d_e = (2 / big_l) * numerator / (2 * big_l * (2 * big_l - 1) - sum(u * (u - 1) for u in units))
    assert report.row("corpus", "actor").alpha_u == pytest.approx(1 - d_o / d_e, abs=1e-12)

    # Attributes of matched spans: actor link (a1 = a1) 1/1, date value 0/1, stance 0/1, form unset by both: 0 compared.
    assert report.attributes == {"actor": (1, 1), "date value": (0, 1), "stance": (0, 1), "form": (0, 0)}
    # Claim tuple: claimant a1 = a1, topic equal after folding, stance differs, date 2024-02-23 vs 2024-02:
    # credit 2/4; score = 2 * 0.5 / (1 + 1) = 0.5; none complete.
    assert report.claims["score"] == pytest.approx(0.5) and report.claims["complete"] == 0
    assert (report.claims["claimant_agreement"], report.claims["topic_agreement"], report.claims["stance_agreement"]) == (1.0, 1.0, 0.0)
    kinds = {(d.document_id != corpus.documents[0].document.id, d.text, d.kind) for d in report.disagreements}
    assert (False, QUOTE, "boundaries") in kinds and (True, "Moscow", "only ann") in kinds and (True, "Yerevan", "only ben") in kinds

    # --- adjudication into gold, through the store as the curated coder ---
    gold_store = project.as_annotator("gold")  # shares the hold the curator window has on the project
    for coding in corpus.documents:
        by_coder = {coder: {s.id: s for s in spans} for coder, spans in coding.spans.items()}
        groups = group_spans(coding.spans)
        gold = AnnotationSet(coding.document)
        batch = accept_agreements(groups, ["ann", "ben"], gold, project.scheme, by_coder)
        if coding is corpus.documents[0]:
            # Agreed: only Pashinyan (Friday's values differ, the claims' boundaries differ).
            assert [g.spans[0][1].text for g in groups if is_agreed(g, ["ann", "ben"], project.scheme)] == ["Pashinyan"]
            batch.apply(gold)
            assert progress(groups, gold) == (1, 3)
            claim_group = next(g for g in groups if g.label == "claim")
            take(claim_group, "ann", gold, by_coder["ann"]).apply(gold)  # brings ann's Friday along, links re-pointed
            assert progress(groups, gold) == (3, 3)
            claim = next(s for s in gold.spans() if s.label == "claim")
            assert gold.get(claim.claim.claimant.span_id).text == "Pashinyan" and gold.get(claim.claim.date_span_id).timex.value == "2024-02-23"
            # Undo is the inverse edit: taking then inverting leaves the set as it was.
            before = gold.spans()
            undo = reject(claim_group, gold)
            undo.apply(gold)
            undo.inverse().apply(gold)
            assert gold.spans() == before
        else:
            assert batch is None  # nothing agreed in the second article
            moscow = next(g for g in groups if g.spans[0][1].text == "Moscow")
            yerevan = next(g for g in groups if g.spans[0][1].text == "Yerevan")
            assert reject(moscow, gold) is None  # nothing curated there yet
            take(yerevan, "ben", gold, by_coder["ben"]).apply(gold)
        gold_store.save_annotations(gold.snapshot("gold"), Fingerprint(None))
    assert "gold" in project.annotators()

    # --- agreement against gold is one command ---
    assert cli_main(["agree", str(project_root), "--annotators", "ann,ben", "--reference", "gold", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    row = next(r for r in result["rows"] if r["scope"] == "corpus" and r["label"] == "all")
    # gold = Pashinyan, Friday (2024-02-23), ann's quote, Yerevan. Pairs (gold, ann) and (gold, ben):
    # exact: ann 3 (all but Moscow), ben 3 (Pashinyan, Friday, Yerevan) -> 2*6 / 16 = 0.75;
    # overlapping: ann 3, ben 4 -> 2*7 / 16 = 0.875; precision 7/8, recall 7/8.
    assert row["spans"] == {"ann": 4, "ben": 4, "gold": 4}
    assert row["f1_exact"] == pytest.approx(0.75) and row["f1_overlap"] == pytest.approx(0.875)
    assert row["precision"] == pytest.approx(7 / 8) and row["recall"] == pytest.approx(7 / 8)
    assert cli_main(["agree", str(project_root), "--annotators", "ann,ben", "--reference", "gold"]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    corpus_line = next(line for line in lines if line.startswith("corpus") and line.split()[1] == "all")
    names = [name.strip() for name in header.split("  ") if name.strip()]  # cells are joined by two spaces or more
    cells = dict(zip(names, corpus_line.split(), strict=True))
    assert (cells["F1 exact"], cells["F1 overlap"], cells["P vs gold"], cells["R vs gold"]) == ("0.750", "0.875", "0.875", "0.875")
    project.close()


def test_agree_cli_table_and_errors(project_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["agree", str(project_root)]) == 0
    out = capsys.readouterr().out
    assert "Cohen k" in out and "corpus" in out and "claim tuples" in out
    assert cli_main(["agree", str(project_root), "--annotators", "ann"]) == 1
    assert "at least two coders" in capsys.readouterr().err
    assert cli_main(["agree", str(project_root), "--documents", "nope"]) == 1
    assert "no such document" in capsys.readouterr().err
    assert cli_main(["agree", str(project_root / "missing")]) == 1


def test_a_bad_file_is_reported_and_its_document_left_out(project_root: Path) -> None:
    project = open_project(project_root, read_only=True)
    doc_id = project.documents()[1].id
    path = project_root / "annotations" / "ben" / f"{doc_id}.json"
    path.write_text("{broken", encoding="utf-8")
    corpus = load_corpus(project, ["ann", "ben"])
    assert [c.document.id for c in corpus.documents] == [project.documents()[0].id]
    assert any(doc_id in problem and "not valid JSON" in problem for problem in corpus.problems)
    assert path.read_text(encoding="utf-8") == "{broken"


def test_the_sample_build_is_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/agreement_sample.py (the README table) builds the same files and the same table every time."""
    import runpy

    module = runpy.run_path(str(REPO / "docs" / "agreement_sample.py"))
    tables = []
    for name in ("a", "b"):
        module["build"](tmp_path / name)
        assert cli_main(["agree", str(tmp_path / name)]) == 0
        tables.append(capsys.readouterr().out)
    assert tables[0] == tables[1] and "corpus" in tables[0]
    assert sorted(p.name for p in (tmp_path / "a" / "annotations").iterdir()) == ["li", "maria"]
    for coder in ("li", "maria"):
        for path in (tmp_path / "a" / "annotations" / coder).glob("0*.json"):
            assert path.read_bytes() == (tmp_path / "b" / "annotations" / coder / path.name).read_bytes()


def test_three_coders_use_fleiss_kappa(project_root: Path) -> None:
    # A third coder identical to ann: pairs (ann, ben), (ann, cat), (ben, cat).
    for document in open_project(project_root, read_only=True).documents():
        source = project_root / "annotations" / "ann" / f"{document.id}.json"
        target = project_root / "annotations" / "cat" / f"{document.id}.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8").replace('"annotator": "ann"', '"annotator": "cat"'), encoding="utf-8")
    project = open_project(project_root, read_only=True)
    report = agreement_report(load_corpus(project, ["ann", "ben", "cat"]), project.scheme)
    assert report.kappa_measure == "fleiss_kappa"
    row = report.row("corpus", "all")
    # Exact matches summed over pairs: (ann, ben) 2, (ann, cat) 4, (ben, cat) 2 -> 2*8 / (3 pairs * 8 spans) = 2/3.
    assert row.f1_exact == pytest.approx(16 / 24)
    # Fleiss: the 5 disagreeing tokens (3 of the quote's tail, Moscow, Yerevan) split 2-1:
    # P_i = (2^2 + 1^2 - 3) / (3 * 2) = 1/3; every other token 1. Margins over 3N codes:
    # actor 2+2+2 = 6, date 3, claim 11+8+11 = 30, O 3N - 39.
    texts = [project.load_document(e.id).text for e in project.documents()]
    n = sum(len(re.findall(r"\w+|[^\w\s]", text)) for text in texts)
    p_bar = (n - 5 + 5 / 3) / n
    p_e = (6**2 + 3**2 + 30**2 + (3 * n - 39) ** 2) / (3 * n) ** 2
    assert row.kappa == pytest.approx((p_bar - p_e) / (1 - p_e), abs=1e-12)


def test_identical_coders_agree_perfectly(project_root: Path) -> None:
    for document in open_project(project_root, read_only=True).documents():
        source = project_root / "annotations" / "ann" / f"{document.id}.json"
        target = project_root / "annotations" / "twin" / f"{document.id}.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8").replace('"annotator": "ann"', '"annotator": "twin"'), encoding="utf-8")
    project = open_project(project_root, read_only=True)
    report = agreement_report(load_corpus(project, ["ann", "twin"]), project.scheme)
    row = report.row("corpus", "all")
    assert (row.f1_exact, row.f1_overlap, row.kappa, row.alpha, row.alpha_u) == pytest.approx((1, 1, 1, 1, 1))
    assert report.disagreements == [] and report.claims["score"] == 1 and report.claims["complete"] == 1
