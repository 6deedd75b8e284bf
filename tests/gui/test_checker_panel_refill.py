"""The Checks panel refilled on a document switch: same rows and header as a fresh panel, whether the
list keeps its row count (refilled in place, no reset) or not (reset)."""

from __future__ import annotations

import pytest

from annotator.core.checker import Finding
from annotator.gui.checker_panel import MAX_SHOWN, SPAN_ID_ROLE, CheckerPanel


def _findings(prefix: str, count: int) -> list[Finding]:
    return [Finding(span_id=f"{prefix}{number}", message=f"{prefix} finding {number}") for number in range(count)]


def _shown(panel: CheckerPanel) -> tuple[str, str, list[str], list[object]]:
    model = panel.model
    rows = [panel.row_text(row) for row in range(model.rowCount())]
    ids = [model.index(row, 0).data(SPAN_ID_ROLE) for row in range(model.rowCount())]
    return panel.header.text(), panel.header.styleSheet(), rows, ids


def _fresh(qtbot, findings: list[Finding]) -> tuple[str, str, list[str], list[object]]:  # noqa: ANN001
    panel = CheckerPanel()
    qtbot.addWidget(panel)
    panel.show_findings(findings)
    return _shown(panel)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (MAX_SHOWN + 50, MAX_SHOWN + 400),  # two long articles: as many rows, refilled in place
        (MAX_SHOWN + 50, 20),  # fewer rows
        (20, MAX_SHOWN + 50),  # more rows
        (20, 20),  # as many rows, none beyond the listed ones
        (20, 0),  # nothing left to check
        (0, MAX_SHOWN + 1),
    ],
)
def test_a_switch_shows_what_a_fresh_panel_shows(qtbot, qtmodeltester, before: int, after: int) -> None:  # noqa: ANN001
    panel = CheckerPanel()
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)  # watches every change below
    panel.show()
    panel.show_findings(_findings("a", before))
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.model.dataChanged.connect(lambda top, bottom, _roles: changed.append((top.row(), bottom.row())))
    panel.show_findings(_findings("b", after))
    assert _shown(panel) == _fresh(qtbot, _findings("b", after))
    rows = min(after, MAX_SHOWN) + (after > MAX_SHOWN)
    assert panel.findings_count() == after
    if before and rows == min(before, MAX_SHOWN) + (before > MAX_SHOWN):
        assert not resets and changed == [(0, rows - 1)]  # every row told, none laid out again
    else:
        assert resets


def test_the_header_colour_follows_the_count(qtbot) -> None:  # noqa: ANN001
    panel = CheckerPanel()
    qtbot.addWidget(panel)
    ok = panel.header.styleSheet()
    panel.show_findings(_findings("a", 3))
    warning = panel.header.styleSheet()
    assert warning != ok and "3 things to check" == panel.header.text()
    panel.show_findings(_findings("b", 1))
    assert panel.header.styleSheet() == warning and panel.header.text() == "1 thing to check"
    panel.show_findings([])
    assert panel.header.styleSheet() == ok and panel.header.text() == "All claims are linked"
