"""Issue 9's effort test: the second sample article coded completely to its gold twice on the real
main window, by hand and with suggestions, every key press, click and mouse selection counted.

The project is the one a coder has when they start the second article: the first sample article
coded completely by hand beforehand (gold_000.json, the same key presses as
test_code_whole_article.py, not counted), so its registry, codebook and linked mentions are the
coder's own. That is the registry the known-actor recommender sees: nothing of the second
article's gold goes into it (its three new actors, Ilham Aliyev, the European Union and Turkey,
and a new spelling of the CSTO must be coded by hand in both runs). The folder is copied, so both
runs start from the same state.

* by hand: suggestions switched off, every span made as test_code_whole_article.py makes them;
* with suggestions: the coder walks them with N, accepts a right one with Enter (a claim comes with
  its claimant and date and opens on its stance, or on its topic when only the stance was guessed) or, when the rest of its paragraph is right and
  holds no claim, all of them with Shift+Enter; a claim proposed with the wrong extent is accepted
  with the right one, dragged over it before Enter; rejects a wrong one with Backspace, fixes what
  an accepted claim still lacks or got wrong (a stance or topic guess that is missing or wrong, a
  link the guess missed; a right guess is just accepted; a right topic among the ranked guesses is
  taken with Down and Return in the topic field, another one typed), goes on with Ctrl+Return
  (back to the article and the next suggestion, one key), and codes by hand what was not proposed,
  each as soon as the walk passes it.

Both runs must save exactly the gold. With suggestions the inputs drop from 254 to 127 (0.500):
the issue's "at most half", with what is left to the coder at the assertion.

    pytest tests/gui/test_suggestion_effort.py -s    # prints both counts
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.suggest import RECOMMENDERS, Suggestion
from annotator.gui.main_window import MainWindow
from tests.gui.coding import CODERS, FORM_LETTER, STANCE_LETTER, ModalDialogCounter, Tally, check_saved, code_by_hand, load_gold, span_at, type_until

FIRST = load_gold("gold_000.json")
SECOND = load_gold("gold_003.json")
NO = Qt.KeyboardModifier.NoModifier


def _code_the_first_article(open_window, root: Path) -> None:  # noqa: ANN001
    """Set-up, not counted: the first article coded by hand and saved, the project closed."""
    window = open_window(root, link_actors=True)
    _switch_suggestions(window, on=False)
    code_by_hand(Tally(window), FIRST)
    Tally(window).key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    window.close()
    window.project.close()


def _switch_suggestions(window: MainWindow, *, on: bool) -> None:
    for kind in RECOMMENDERS:
        window.suggestions.toggle_actions[kind].setChecked(on)


def _open_second(open_window, root: Path, qtbot, *, suggestions: bool) -> MainWindow:  # noqa: ANN001
    window = open_window(root, link_actors=True)
    _switch_suggestions(window, on=suggestions)
    window.open_document(SECOND["document_id"])  # reading the document list is not coding
    window.view.setFocus()
    if suggestions:
        # The corpus's linked mentions are indexed in the background at the first run; the
        # suggestions run again with them.
        qtbot.waitUntil(lambda: window._mentions_built and window._mention_worker is None and window.suggestions.idle, timeout=20000)  # noqa: SLF001
    return window


def _finish(tally: Tally, root: Path) -> None:
    tally.kind = "other"
    tally.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    tally.window.close()
    check_saved(root, {**SECOND, "known_topics": [s["claim"]["topic"] for s in FIRST["spans"] if s["label"] == "claim"]})


# --- the coder with suggestions ---------------------------------------------------------------
def _place(item: dict | Suggestion) -> tuple[str, int, int]:
    if isinstance(item, dict):
        return (item["label"], item["start"], item["end"])
    return (item.label, item.start, item.end)


class SuggestionCoder:
    """Codes ``SECOND`` on a window with suggestions, as a coder who knows the gold would."""

    def __init__(self, tally: Tally, qtbot) -> None:  # noqa: ANN001
        self.tally = tally
        self.window = tally.window
        self.flow = tally.window.suggestions
        self.qtbot = qtbot
        self.gold = {_place(g): g for g in SECOND["spans"]}
        self.link_later: list[dict] = []
        self.guesses: dict[str, list[bool]] = {"stance": [], "topic": []}  # per claim accepted: was the guess right
        self.runner_up: list[int] = []  # per wrong topic guess whose right topic was ranked: its place among the guesses

    def settle(self) -> None:
        """Wait (not counted) until the suggestions reflect the last edit."""
        self.qtbot.waitUntil(lambda: self.flow.idle, timeout=10000)

    def made(self, gold: dict) -> bool:
        return any(_place(s) == _place(gold) for s in self.window.session.annotations.spans())

    def proposed(self, gold: dict) -> bool:
        return any(_place(s) == _place(gold) for s in self.flow.visible)

    def right(self, suggestion: Suggestion) -> bool:
        gold = self.gold.get(_place(suggestion))
        if gold is None:
            return False
        if gold["label"] == "actor":
            actor = self.window.registry.resolve(suggestion.actor_id) if suggestion.actor_id else None
            return actor is not None and actor.name == gold["actor"]
        if gold["label"] == "date":
            return suggestion.timex is not None and suggestion.timex.model_dump(exclude_none=True) == gold["timex"]
        return True  # a claim of the right extent: what its guesses miss is fixed after accepting it

    def code(self) -> None:
        tally = self.tally
        self.settle()
        tally.kind = "walk"
        tally.key(Qt.Key.Key_N)
        while self.flow.current is not None:
            suggestion = self.flow.visible[self.flow.current]
            missed = [g for g in SECOND["spans"] if g["label"] != "claim" and g["start"] < suggestion.start and not self.made(g) and not self.proposed(g)]
            if missed:
                for gold in missed:  # passed by the walk and not proposed: by hand
                    tally.kind = gold["label"]
                    CODERS[gold["label"]](tally, gold)
                    self.settle()
                tally.kind = "walk"
                tally.key(Qt.Key.Key_N)  # on from the span just made
                continue
            if self.right(suggestion):
                gold = self.gold[_place(suggestion)]
                tally.kind = gold["label"]
                rest = self.rest_of_paragraph()
                if gold["label"] != "claim" and len(rest) > 1 and all(self.right(s) and s.kind.value != "claims" for s in rest):
                    tally.kind = "paragraph"
                    tally.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # the rest of the paragraph is right
                else:
                    tally.key(Qt.Key.Key_Return)
                if gold["label"] == "claim":
                    self.complete_claim(gold)
            elif (gold := self.misplaced(suggestion)) is not None:
                tally.kind = gold["label"]
                tally.select(gold["start"], gold["end"])  # the right extent, dragged over the suggestion
                tally.key(Qt.Key.Key_Return)  # accepted there, with its claimant, date and guesses
                self.complete_claim(gold)
            else:
                tally.kind = "rejected"
                tally.key(Qt.Key.Key_Backspace)
            self.settle()
        for gold in SECOND["spans"]:  # what the walk never reached
            if not self.made(gold):
                tally.kind = gold["label"]
                CODERS[gold["label"]](tally, gold)
                self.settle()
        for gold in self.link_later:
            tally.kind = "claim"
            self.select_claim(gold)
            self.relink(gold, now=False)
        self.remove_extra_spans()

    def misplaced(self, suggestion: Suggestion) -> dict | None:
        """The gold claim, not made yet, that a claim suggestion of another extent overlaps."""
        if suggestion.kind.value != "claims":
            return None
        return next(
            (g for g in SECOND["spans"] if g["label"] == "claim" and g["start"] < suggestion.end and suggestion.start < g["end"] and not self.made(g)), None
        )

    def rest_of_paragraph(self) -> list[Suggestion]:
        """The current suggestion and those after it in its paragraph, as the coder sees them drawn."""
        text = self.window.session.document.text
        current = self.flow.visible[self.flow.current]
        end = text.find("\n", current.start)
        end = len(text) if end < 0 else end
        return [s for s in self.flow.visible[self.flow.current :] if s.start < end]

    def complete_claim(self, gold: dict) -> None:
        """The claim just accepted (selected, its details open on Stance, or Topic) gets what the suggestion
        did not bring: its stance and topic, its form where the guess was wrong, and its links where
        they differ from the gold (a link to a span the walk has not reached yet waits: ``link_later``)."""
        tally, window = self.tally, self.window
        panel = window.details_panel
        claim_id = span_at(window, gold["start"], "claim").id
        assert window.view.selected_span == claim_id
        guessed = window.session.annotations.get(claim_id).claim
        # The Details open on the first field the suggestion left open: Topic when only the stance was guessed.
        assert QApplication.focusWidget() is (panel.topic_edit if guessed.stance is not None and not guessed.topic else panel.stance_combo)
        wanted = gold["claim"]
        self.guesses["stance"].append(guessed.stance is not None and guessed.stance.value == wanted["stance"])
        self.guesses["topic"].append(guessed.topic == wanted["topic"])
        if not self.guesses["stance"][-1]:  # the stance the wording said is right: nothing to do
            if QApplication.focusWidget() is panel.topic_edit:
                tally.key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to Stance
            tally.key(STANCE_LETTER[wanted["stance"]])
        at_topic = False
        if not self.guesses["topic"][-1]:  # the guessed topic is right: nothing to do
            if QApplication.focusWidget() is not panel.topic_edit:
                tally.key(Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is panel.topic_edit
            ranked = [name.casefold() for name in panel.topic_walk.guesses]
            if wanted["topic"].casefold() in ranked:  # a runner-up guess: Down until it is in the field
                self.runner_up.append(ranked.index(wanted["topic"].casefold()))
                while panel.topic_edit.text().casefold() != wanted["topic"].casefold():
                    tally.key(Qt.Key.Key_Down)
                tally.key(Qt.Key.Key_Return)
            else:  # not among the guesses (a topic new to the codebook): typed
                type_until(tally, panel.topic_edit, wanted["topic"])
            at_topic = True
        current = window.session.annotations.get(claim_id).claim
        if current.form is None or current.form.value != wanted["form"]:
            for _ in range(1 if at_topic or QApplication.focusWidget() is panel.topic_edit else 2):
                tally.key(Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is panel.form_combo
            tally.key(FORM_LETTER[wanted["form"]])
        if "actor" in wanted["claimant"]:
            actor = window.registry.resolve(current.claimant.actor_id) if current.claimant is not None and current.claimant.actor_id else None
            assert actor is not None and actor.name == wanted["claimant"]["actor"], "a claimant not in the text: the guess was right here"
        if wanted["date"] is None and current.date_span_id is not None:
            tally.click_widget(panel.date_row.clear)  # the guessed date is not the claim's
        clicks = self.missing_links(gold)
        if clicks and self.links_exist(clicks):
            tally.key(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # back to the article, the claim still selected
            self.relink(gold, now=True)
            tally.kind = "walk"
            tally.key(Qt.Key.Key_N)  # and on with the walk, from the claim
            return
        if clicks:
            self.link_later.append(gold)  # a span it links to is not made yet
        tally.kind = "walk"
        tally.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # back to the article and on to the next suggestion, one key
        assert self.window.session.annotations.get(claim_id).claim.topic == wanted["topic"]
        assert QApplication.focusWidget() is window.view and (self.flow.current is None or self.flow.visible[self.flow.current].start >= gold["start"])

    def select_claim(self, gold: dict) -> None:
        window = self.window
        claim = span_at(window, gold["start"], "claim")
        if window.view.selected_span != claim.id:
            self.tally.click(gold["start"] + 1)
        assert window.view.selected_span == claim.id

    def missing_links(self, gold: dict) -> list[tuple[int, Qt.KeyboardModifier]]:
        """(offset, modifier) of each click K needs to give the claim the gold's links."""
        window, wanted = self.window, gold["claim"]
        claim = span_at(window, gold["start"], "claim").claim

        def start_of(span_id: str | None) -> int | None:
            span = window.session.annotations.get(span_id or "")
            return span.start if span is not None else None

        clicks = []
        if "span" in wanted.get("target", {}) and (claim.target is None or start_of(claim.target.span_id) != wanted["target"]["span"]["start"]):
            clicks.append((wanted["target"]["span"]["start"], Qt.KeyboardModifier.ShiftModifier))
        if "span" in wanted["claimant"] and (claim.claimant is None or start_of(claim.claimant.span_id) != wanted["claimant"]["span"]["start"]):
            clicks.append((wanted["claimant"]["span"]["start"], NO))
        if wanted["date"] is not None and start_of(claim.date_span_id) != wanted["date"]["start"]:
            clicks.append((wanted["date"]["start"], NO))
        return clicks

    def links_exist(self, clicks: list[tuple[int, Qt.KeyboardModifier]]) -> bool:
        """Every span the clicks would link to is made already."""
        spans = list(self.window.session.annotations.spans())
        scheme = self.window.session.project.scheme
        return all(any(s.start == offset and scheme.kind_of(s.label).value != "claim" for s in spans) for offset, _ in clicks)

    def relink(self, gold: dict, *, now: bool) -> None:
        """K and a click on each span the claim must link to; with ``now``, only if they all exist
        already (else the claim is linked once the walk has made them)."""
        clicks = self.missing_links(gold)
        if not clicks:
            return
        if now and not self.links_exist(clicks):
            self.link_later.append(gold)
            return
        tally = self.tally
        tally.key(Qt.Key.Key_K)
        for offset, modifier in clicks:
            tally.click(offset + 1, modifier)
        if self.window.span_editor.linking_claim is not None:
            tally.key(Qt.Key.Key_Escape)
        assert not self.missing_links(gold), self.window.statusBar().currentMessage()

    def remove_extra_spans(self) -> None:
        """A span the gold does not have (a wrong claimant an accepted claim brought): select it, Delete."""
        for span in list(self.window.session.annotations.spans()):
            if _place(span) not in self.gold:
                self.tally.kind = "fix"
                self.tally.click(span.start + 1)
                self.tally.key(Qt.Key.Key_Delete)


def _total(tally: Tally) -> Counter:
    total = Counter()
    for counts in tally.counts.values():
        total.update({k: counts[k] for k in ("keys", "clicks", "selections")})
    return total


def _inputs(tally: Tally) -> int:
    total = _total(tally)
    return total["keys"] + total["clicks"] + total["selections"]


def _print(title: str, tally: Tally) -> None:
    total = _total(tally)
    typed = sum(counts["typed"] for counts in tally.counts.values())
    print(
        f"\n{title}: {_inputs(tally)} inputs = {total['keys']} keys + {total['clicks']} clicks + {total['selections']} selections ({typed} of the keys letters typed)"
    )
    for kind, counts in sorted(tally.counts.items()):
        print(f"  {kind:9} {counts['keys']:3} keys {counts['clicks']:3} clicks {counts['selections']:3} selections ({counts['typed']} letters typed)")


def _typed(tally: Tally) -> int:
    return sum(counts["typed"] for counts in tally.counts.values())


def test_suggestions_cut_the_inputs_for_the_second_article(qtbot, open_window, seed_project: Path, tmp_path: Path) -> None:  # noqa: ANN001
    _code_the_first_article(open_window, seed_project)
    with_suggestions = tmp_path / "with-suggestions"
    shutil.copytree(seed_project, with_suggestions)

    dialogs = ModalDialogCounter()
    QApplication.instance().installEventFilter(dialogs)
    try:
        window = _open_second(open_window, seed_project, qtbot, suggestions=False)
        by_hand = Tally(window)
        code_by_hand(by_hand, SECOND)
        _finish(by_hand, seed_project)

        window = _open_second(open_window, with_suggestions, qtbot, suggestions=True)
        assert window.suggestions.visible, "the recommenders ran on the second article"
        suggested = Tally(window)
        coder = SuggestionCoder(suggested, qtbot)
        coder.code()
        _finish(suggested, with_suggestions)
    finally:
        QApplication.instance().removeEventFilter(dialogs)
    _print("The second sample article by hand", by_hand)
    _print("The second sample article with suggestions", suggested)
    print(f"  with / without: {_inputs(suggested) / _inputs(by_hand):.3f}")
    print(f"  wrong topic guesses taken from the ranked guesses (their place, 0: the best): {coder.runner_up}")
    for field, right in coder.guesses.items():
        print(f"  {field} guesses right on accepted claims: {sum(right)}/{len(right)}")
    print(
        f"  without the letters typed (new actors' names, topics: the same in both runs): {(_inputs(suggested) - _typed(suggested)) / (_inputs(by_hand) - _typed(by_hand)):.2f}"
    )
    assert dialogs.count == 0
    # Every span proposed is one key (Enter or Backspace) instead of a selection and a key or more;
    # only what was not proposed is selected by hand (the three new actors, the first European
    # Union, the CSTO spelt with a z), and the claim proposed too long is dragged to its extent.
    assert suggested.counts["actor"]["selections"] + suggested.counts["claim"]["selections"] + suggested.counts["date"]["selections"] <= 6
    # Issue 9 asks for at most half of the inputs. What suggestions leave to the coder are the
    # decisions they cannot guess from the text and the codebook: two of the article's topics are
    # new to the codebook and typed out in both runs (42 letters + Tab + Return each, as are the
    # names of actors new to the registry); the topic guess (named in the sentence, else the most
    # similar coded claims, else the claimant's earlier topic) is right on two accepted claims of
    # six, and the two it misses (CSTO performance: "the security system ... is not working" shares
    # no word with its coded claims; "demanded military help from the CSTO" is as like CSTO
    # membership, so no guess) are the runner-up among the ranked guesses: Tab, Down, Return for the
    # first; for the second the Details open on Topic (its stance was guessed) and Down twice (an
    # empty field: the tie's first is CSTO membership) and Return - 7 inputs for both instead of 16
    # typed out. The stance guess (the wording, else the claimant's usual stance on the topic) is
    # right on five. Each claim accepted from the walk costs one Ctrl+Return to go on (6 inputs for
    # the six, instead of Ctrl+T and N). Measured 0.500 (127 / 254, see -s; 0.39 without the
    # letters typed).
    assert coder.runner_up == [1, 1], "both missed topics are the runner-up guess"
    assert _inputs(suggested) <= 0.5 * _inputs(by_hand)
