"""The Team menu: agreement between the project's coders and adjudication into ``gold``.

Kept out of the main window, which only calls ``install_team_menu``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from annotator.core.actors import ActorRegistry
from annotator.core.storage import ProjectError
from annotator.gui.coder_lane import install_coder_lane

if TYPE_CHECKING:  # imported when the menu is used: agreement and curation are not needed to open the window
    from annotator.gui.adjudication_dialog import AdjudicationDialog
    from annotator.gui.agreement_dialog import AgreementDialog


def install_team_menu(window: QMainWindow) -> None:
    menu = window.menuBar().addMenu("&Team")
    menu.addAction("&Agreement between coders…", lambda: show_agreement(window))
    menu.addAction("A&djudicate into gold…", lambda: show_adjudication(window))
    menu.addSeparator()
    lane = install_coder_lane(window)
    show_lane = lane.toggleViewAction()
    show_lane.setText("&Show another coder's spans (read-only)")
    menu.addAction(show_lane)
    blind = QAction("&Blind coding: hide other coders until adjudication", menu)
    blind.setCheckable(True)
    blind.toggled.connect(lambda checked: set_blind(window, checked))
    menu.addAction(blind)

    def sync() -> None:
        blind.blockSignals(True)
        blind.setChecked(bool(window.project.settings.blind))
        blind.blockSignals(False)
        blind.setEnabled(window.project.writable)

    menu.aboutToShow.connect(sync)


def set_blind(window, blind: bool) -> None:  # noqa: ANN001
    try:
        window.project.set_blind(blind)
    except ProjectError as error:
        window.tell(f"Not changed: {error}")
        return
    lane = window.findChild(QDockWidget, "coder_lane_dock").widget()
    if lane is not None:  # else the lane reads the project when it is first shown
        lane.set_project(window.project)
    window.tell("Blind coding on: other coders' annotations are hidden until adjudication" if blind else "Blind coding off")


def _save_own_work(window) -> None:  # noqa: ANN001
    # The figures are read from the store: this coder's latest edits must be in it.
    if window.session is not None:
        window.session.save_blocking()


def show_agreement(window) -> AgreementDialog | None:  # noqa: ANN001
    from annotator.core.agreement import agreement_report, load_corpus
    from annotator.gui.agreement_dialog import AgreementDialog

    _save_own_work(window)
    project = window.project
    registry = ActorRegistry(project.settings.actors)

    def resolve(actor_id: str) -> str:
        actor = registry.resolve(actor_id)
        return actor.id if actor else actor_id

    try:
        report = agreement_report(load_corpus(project), project.scheme, resolve)
    except ProjectError as error:
        QMessageBox.information(window, "Agreement", str(error))
        return None
    dialog = AgreementDialog(
        report, lambda doc_id: project.entry(doc_id).title if project.entry(doc_id) else doc_id, window, blind=bool(project.settings.blind)
    )
    dialog.open_requested.connect(lambda doc_id, start, end: open_at(window, doc_id, start, end))
    dialog.show()
    return dialog


def open_at(window, doc_id: str, start: int, end: int) -> None:  # noqa: ANN001
    """Open ``doc_id`` in the window with ``[start, end)`` selected and scrolled to."""
    window.select_document(doc_id)
    window.open_document(doc_id)
    view = window.view
    if window.session is None or window.session.document.id != doc_id or end > len(window.session.document.text):
        return
    cursor = view.textCursor()
    cursor.setPosition(view.mapping.to_qt(start))
    cursor.setPosition(view.mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    view.setFocus()


def show_adjudication(window) -> AdjudicationDialog | None:  # noqa: ANN001
    from annotator.gui.adjudication_dialog import AdjudicationDialog

    _save_own_work(window)
    project = window.project
    coders = [c for c in project.annotators() if c != "gold"]
    try:
        dialog = AdjudicationDialog(project, coders, window._executor, parent=window)
    except ProjectError as error:
        QMessageBox.information(window, "Adjudication", str(error))
        return None
    dialog.show()
    return dialog
