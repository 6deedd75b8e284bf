"""The PostgreSQL backend's rows as the rest of the program sees them: their names in messages,
the problems and conflicts they raise, and their version as a ``Fingerprint``. No psycopg here:
only ``storage/postgres.py`` talks to the server."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from pydantic import BaseModel, ValidationError

from annotator.core.storage.base import ConcurrentChangeError, FileProblem, Fingerprint, ProjectError
from annotator.core.storage.records import describe_validation_error, read_json_object

_VERSION_PREFIX = "row-version:"
_URL_PASSWORD = re.compile(r"^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*")


def redacted(url: str) -> str:
    """``url`` without its password, for messages and titles."""
    return _QUERY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", url))


class RowProblem(FileProblem):
    """A stored row that failed validation; ``path`` names the row, not a file."""

    def __init__(self, row: str, problems: Iterable[str]) -> None:
        self.path = PurePosixPath(row)  # type: ignore[assignment]  # a name, for the messages that print path.name
        self.problems = list(problems)
        ProjectError.__init__(self, f"{row}: " + "; ".join(self.problems))


class RowChangedError(ConcurrentChangeError):
    def __init__(self, row: str, detail: str) -> None:
        self.path = PurePosixPath(row)  # type: ignore[assignment]
        ProjectError.__init__(self, f"{row} was saved by another session since it was opened ({detail}); not overwritten")


class ServerUnavailableError(ProjectError):
    """The server did not answer after every retry. A save may still have committed before it went away;
    the store remembers such a save, so the coder's next save is not refused as someone else's change."""


def row_name(doc_id: str, annotator: str | None = None) -> str:
    if annotator is None:
        return f"document row {doc_id!r}"
    return f"annotation row ({doc_id!r}, {annotator!r})"


def row_fingerprint(version: int | None) -> Fingerprint:
    return Fingerprint(None if version is None else f"{_VERSION_PREFIX}{version}")


def expected_version(expected: Fingerprint) -> int | None:
    if expected.sha256 is None:
        return None
    if not expected.sha256.startswith(_VERSION_PREFIX):
        raise ProjectError("this fingerprint does not come from a database project; reopen the document")
    return int(expected.sha256[len(_VERSION_PREFIX) :])


def parse_row(row: str, text: str, model: type[BaseModel]) -> BaseModel:
    try:
        value = read_json_object(PurePosixPath(row), text.encode("utf-8"))  # type: ignore[arg-type]
    except FileProblem as error:
        raise RowProblem(row, error.problems) from None
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise RowProblem(row, describe_validation_error(error)) from None
