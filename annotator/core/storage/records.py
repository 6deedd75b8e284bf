"""How every backend reads and writes its JSON records: the same bytes in a file and in a database row.

Shared by the backends (``folder``, ``postgres``); not a backend itself.
"""

from __future__ import annotations

import getpass
import json
import re
from pathlib import Path

import orjson
from pydantic import BaseModel, ValidationError

from annotator.core.compact import compact_dump
from annotator.core.model import SAFE_ID_PATTERN, SCHEMA_VERSION, is_safe_identifier
from annotator.core.storage.base import FileProblem

# json.loads accepts a lone surrogate escape ("\ud800"), which no file can be written back with.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def has_surrogate_escape(data: bytes) -> bool:
    """Whether ``data`` holds a surrogate escape; most files hold no backslash at all, found by memchr."""
    return b"\\" in data and SURROGATE_ESCAPE.search(data) is not None


def default_annotator_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no user database entry (containers): fall back below
        name = ""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name).strip("._-")
    return cleaned if is_safe_identifier(cleaned) else "annotator"


UNSAFE_ID = "letters, digits, '.', '_' and '-', starting with a letter or digit; no '..' and no Windows device name such as CON"


def describe_validation_error(error: ValidationError, limit: int = 5) -> list[str]:
    messages = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "file"
        message = item["msg"]
        if item["type"] == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == SAFE_ID_PATTERN:
            message = f"{str(item['input'])[:60]!r} is not a safe identifier ({UNSAFE_ID})"  # not the 700-character pattern
        messages.append(f"{where}: {message}")
    if error.error_count() > limit:
        messages.append(f"... and {error.error_count() - limit} more problems")
    return messages


def read_json_object(path: Path, data: bytes, *, newest: int = SCHEMA_VERSION) -> dict:
    """Parse ``data`` as a JSON object with a supported schema version (up to ``newest``), or raise FileProblem."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as error:
        # ValueError covers bad UTF-8, bad syntax and over-long numbers; RecursionError deep nesting.
        raise FileProblem(path, [f"not valid JSON ({error})"]) from None
    if has_surrogate_escape(data):
        # json.loads accepts a lone surrogate escape ("\ud800"), which no file can be written back with.
        try:
            orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise FileProblem(path, [f"not valid JSON ({error})"]) from None
    if not isinstance(value, dict):
        raise FileProblem(path, [f"expected a JSON object, found {type(value).__name__}"])
    version = value.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileProblem(path, ["schema_version is missing or not an integer"])
    if version > newest:
        raise FileProblem(path, [f"schema_version {version} is newer than this program supports ({newest}); update annotator"])
    if version < 1:
        raise FileProblem(path, [f"schema_version {version} is not a known version"])
    return value


def dump_json(model: BaseModel) -> bytes:
    """Stable, pretty JSON so that annotation diffs are readable.

    orjson indents about twice as fast as pydantic's own indented writer; field
    order comes from the model either way. Empty optional fields are left out
    (see ``annotator.core.compact``).
    """
    return orjson.dumps(compact_dump(model), option=orjson.OPT_INDENT_2) + b"\n"
