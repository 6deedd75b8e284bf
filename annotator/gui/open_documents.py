"""The window's open documents: loading one, keeping the most recently used, dropping idle ones.

A document whose file cannot be read is named in the document list and a message; one whose
annotation file fails validation opens read-only and the file is left as it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from annotator.core.storage import FileProblem, ProjectError
from annotator.gui.plain_text import plain_message
from annotator.gui.recovery import offer_recovery
from annotator.gui.session import DocumentSession
from annotator.gui.session_cache import KeptSession, session_weight, sessions_to_close


def open_document(window: QMainWindow, doc_id: str) -> None:
    if window.session is not None and window.session.document.id == doc_id:
        return
    window.collector_hold.hold()  # the collections a load brings due run after the article is painted
    if window.session is not None:
        remember_place(window)
        window.session.save()  # in the background: switching never waits for the disk
    session = window._sessions.pop(doc_id, None) or create_session(window, doc_id)
    if session is not None:
        window._sessions[doc_id] = session  # most recently used last
    window.show_session(session)
    close_idle_sessions(window)


def close_idle_sessions(window: QMainWindow) -> None:
    """Keep memory flat over a long day: drop the oldest saved, idle documents (gui/session_cache.py).

    Their undo history goes with them; a document with unsaved edits or a
    save in flight is always kept.
    """
    kept = [
        KeptSession(doc_id, session_weight(s.document.text, len(s.annotations), s.undo_stack.count()), not (s is window.session or s.modified or s.saving))
        for doc_id, s in window._sessions.items()
    ]
    for doc_id in sessions_to_close(kept):
        session = window._sessions[doc_id]
        del window._sessions[doc_id]
        session.close()
        session.annotations.remove_listener(window._on_annotation_change)
        window.undo_group.removeStack(session.undo_stack)
        session.deleteLater()


def create_session(window: QMainWindow, doc_id: str) -> DocumentSession | None:
    try:
        document = window.project.load_document(doc_id)
    except ProjectError as error:
        window.document_model.set_problem(doc_id, str(error))
        QMessageBox.warning(window, "Cannot open document", plain_message(str(error)))
        return None
    loaded, refused = None, None
    try:
        loaded = window.project.load_annotations(document)
    except FileProblem as error:
        refused = f"the annotation file is not valid and will not be overwritten — {error}"
        window.document_model.set_problem(doc_id, str(error))
        QMessageBox.warning(window, "Invalid annotation file", plain_message(f"{error}\n\nThe document opens read-only; the file is left as it is."))
    session = DocumentSession(
        window.project, document, loaded, window._executor, window.registry, refused_reason=refused, parent=window, codebook=window.codebook
    )
    session.saved.connect(lambda d=doc_id: window._on_saved(d))
    session.save_failed.connect(window._on_save_failed)
    session.document_changed.connect(lambda s=session: window._on_document_changed(s))
    session.document_edit_failed.connect(lambda message: QMessageBox.warning(window, "Metadata not saved", message))
    session.annotations.add_listener(window._on_annotation_change)
    # The corpus's mention index read this document's file: only its edits make it stale, not a
    # switch to it (folding 5,000 spans back in took a tenth of a switch).
    session.annotations.add_listener(lambda _change, d=doc_id: window.mention_tracker.mark_stale(d))
    window.undo_group.addStack(session.undo_stack)
    window._sessions[doc_id] = session
    if loaded is not None and session.editable:
        offer_recovery(window, session, loaded.fingerprint.sha256, window.tell)
    return session


def remember_place(window: QMainWindow, *, write_now: bool = False) -> None:
    session = window.session
    if session is None:
        return
    span = session.annotations.get(window.view.selected_span or "")
    offset = span.start if span is not None else window.view.mapping.from_qt(window.view.textCursor().position())
    window.place_memory.remember(window.project, session.document.id, offset, write_now=write_now)


def go_to_offset(window: QMainWindow, offset: int) -> None:
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.mapping.to_qt(min(offset, len(window.session.document.text))))
    window.view.setTextCursor(cursor)
    window.view.centerCursor()
