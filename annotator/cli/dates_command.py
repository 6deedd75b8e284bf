"""``annotator dates FILE... [--dct YYYY-MM-DD]``: the date expressions of articles as JSON lines.

One line per readable file: ``{"file", "dct", "dates": [{"start", "end", "text", "type", "value", "mod"}]}``.
Offsets are code points into the file's text as read: strict UTF-8, a UTF-8 byte order mark
dropped (as the importer does), line endings left as they are (no CRLF translation), nothing
stripped. JSON is written ASCII-escaped so that any console can print it. A file that cannot
be read is named on stderr and makes the exit status 1; the other files are still printed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from annotator.core.articles import parse_metadata
from annotator.core.dates import find_dates
from annotator.core.safe_files import describe_os_error, read_regular

MAX_INPUT_BYTES = 20_000_000  # the importer's limit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dates",
        help="print the date expressions of article files with TIMEX3 values, one JSON line per file",
        description="Find date expressions and resolve them against each article's own date line (or --dct).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="plain-text article (UTF-8)")
    parser.add_argument(
        "--dct",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="document creation time for every file (default: the date line of each article)",
    )
    parser.set_defaults(handler=run)


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in YYYY-MM-DD form") from None


def _read_text(path: Path) -> str:
    # utf-8-sig drops a leading byte order mark, like the importer; bytes.decode translates no newlines.
    # Only regular files, opened without blocking: a FIFO given as FILE must not hang the command.
    return read_regular(path, limit=MAX_INPUT_BYTES).decode("utf-8-sig")


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            text = _read_text(path)
        except OSError as error:
            print(f"annotator dates: {path}: cannot be read: {describe_os_error(error)}", file=sys.stderr)
            status = 1
            continue
        except UnicodeDecodeError as error:
            print(f"annotator dates: {path}: not valid UTF-8 at byte offset {error.start}", file=sys.stderr)
            status = 1
            continue
        dct = args.dct if args.dct is not None else parse_metadata(text).date
        record = {
            "file": str(path),
            "dct": dct.isoformat() if dct is not None else None,
            "dates": [{"start": m.start, "end": m.end, "text": m.text, "type": m.type, "value": m.value, "mod": m.mod} for m in find_dates(text, dct)],
        }
        print(json.dumps(record))
        sys.stdout.flush()  # a long batch shows progress line by line when piped
    return status
