"""Date finder against TimeML gold, scored the way TempEval-3 scored temporal expressions.

Usage::

    python bench/timeml_eval.py [--data DIR] [--examples N] [--json OUT]

Reads the TempEval-3 training data (TimeBank and AQUAINT, ``TBAQ-cleaned``) from
``../shared/timeml/`` next to the repository (``--data`` overrides it). The data is for
development only and is never copied into the repository; without it the script says so and
exits with status 2. For each document the reference date is the ``<DCT>`` TIMEX3 value, and the
text the finder sees is the content of ``<TEXT>`` with every tag removed (entities decoded).

Figures, as in TE3 (UzZaman et al., 2013):

* strict match: the same extent; relaxed match: any overlap. Gold and system mentions are
  aligned one to one (strict pairs first, then the largest overlaps), so a system mention that
  overlaps two gold ones counts once.
* precision, recall and F1, strict and relaxed;
* value accuracy: the share of relaxed matches whose ``value`` equals the gold value, and
  value F1 = relaxed F1 x value accuracy (TE3's attribute F1); type likewise.

Then the errors, grouped by kind: missed gold expressions and false alarms by type and by
their lower-cased text, extent differences, and wrong values by the gold value's shape.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from timeml_consistency import print_consistency

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "timeml"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(frozen=True)
class Document:
    name: str
    dct: datetime.date
    text: str
    gold: tuple[Gold, ...]


# --- reading TimeML --------------------------------------------------------------------------


def find_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.tml") if "testpipeline" not in path.parts)


def read_document(path: Path) -> Document:
    """The plain text of ``<TEXT>`` and its TIMEX3 elements as offsets into that text."""
    tree = ET.parse(path)
    root = tree.getroot()
    dct_timex = root.find("DCT/TIMEX3")
    if dct_timex is None:
        raise ValueError(f"{path}: no <DCT> TIMEX3")
    dct = datetime.date.fromisoformat(dct_timex.get("value", "")[:10])
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{path}: no <TEXT>")
    pieces: list[str] = []
    gold: list[Gold] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        # Empty TIMEX3 (non-consuming, "the last two years" anchors) have no text to find.
        if element.tag == "TIMEX3" and length > start:
            gold.append(Gold(start, length, "".join(pieces)[start:length], element.get("type", ""), element.get("value", ""), element.get("mod") or None))

    walk(text_element)
    text = "".join(pieces)
    gold.sort(key=lambda g: g.start)
    return Document(path.stem, dct, text, tuple(gold))


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class Pair:
    gold: Gold
    system: object  # a DateMention
    strict: bool


def align(gold: tuple[Gold, ...], system: list) -> tuple[list[Pair], list[Gold], list]:
    """One-to-one alignment: exact extents first, then overlaps, largest first."""
    pairs: list[Pair] = []
    free_gold = set(range(len(gold)))
    free_system = set(range(len(system)))
    by_extent = {(s.start, s.end): j for j, s in enumerate(system)}
    for i, g in enumerate(gold):
        j = by_extent.get((g.start, g.end))
        if j is not None and j in free_system:
            pairs.append(Pair(g, system[j], True))
            free_gold.discard(i)
            free_system.discard(j)
    overlaps = []
    starts = [s.start for s in system]
    for i in free_gold:
        g = gold[i]
        j = bisect.bisect_left(starts, g.start) - 1
        j = max(j, 0)
        while j < len(system) and system[j].start < g.end:
            s = system[j]
            if j in free_system and s.start < g.end and g.start < s.end:
                overlaps.append((min(g.end, s.end) - max(g.start, s.start), i, j))
            j += 1
    for _, i, j in sorted(overlaps, reverse=True):
        if i in free_gold and j in free_system:
            pairs.append(Pair(gold[i], system[j], False))
            free_gold.discard(i)
            free_system.discard(j)
    return pairs, [gold[i] for i in sorted(free_gold)], [system[j] for j in sorted(free_system)]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def value_shape(value: str) -> str:
    """The kind of a TIMEX3 value, for grouping errors: ``2024-02-23`` -> ``YYYY-MM-DD``."""
    if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return value
    return re.sub(r"\d", "9", value)


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNSPECIFIED = re.compile(r"\d{4}-(?:WXX|QX|XX|\d\d-XX)")


def disagreement(gold: Gold, found, dct: datetime.date, validate_timex) -> str:
    """What kind of wrong value a pair is, as far as the gold alone tells: most kinds say the
    annotators followed another convention than TimeML's (or made a slip), not that the finder
    read the text wrong. ``other`` is everything else."""
    if validate_timex(gold.type, gold.value, gold.mod) is not None:
        return "gold value is not valid TIMEX3 for its type"
    if re.search(r"-W\d(?!\d)", gold.value):
        return "gold week number not padded (2000-W7)"
    if _UNSPECIFIED.fullmatch(gold.value) and found.value[:4] == gold.value[:4]:
        return "gold leaves the unit unspecified (1989-WXX, 1989-QX, 1949-XX)"
    word = gold.text.split()[0].lower() if gold.text.split() else ""
    if word in _WEEKDAY_NAMES and re.fullmatch(r"\d{4}-\d\d-\d\d.*", gold.value):
        day = datetime.date.fromisoformat(gold.value[:10])
        if abs((day - dct).days) > 7:
            return "gold weekday more than a week from the DCT"
        if _WEEKDAY_NAMES[day.weekday()] != word:
            return "gold weekday value is another weekday"
    if gold.value[:10] == found.value[:10] and len(gold.value) >= 10 and "T" in gold.value + found.value:
        return "same day, the part of day differs (Friday night: TIME/DATE)"
    return "other"


def evaluate(documents: list[Document], find_dates) -> dict:
    gold_count = system_count = strict = relaxed = value_ok = type_ok = 0
    missed: list[tuple[str, Gold]] = []
    false_alarms: list[tuple[str, object, str]] = []
    extents: list[tuple[str, Gold, object]] = []
    wrong_values: list[tuple[str, Gold, object]] = []
    wrong_types: list[tuple[str, Gold, object]] = []
    disagreements: list[str] = []
    elapsed = 0.0
    chars = 0
    from annotator.core.dates import validate_timex

    for document in documents:
        began = time.perf_counter()
        mentions = find_dates(document.text, document.dct)
        elapsed += time.perf_counter() - began
        chars += len(document.text.encode("utf-8"))
        pairs, unmatched_gold, unmatched_system = align(document.gold, mentions)
        gold_count += len(document.gold)
        system_count += len(mentions)
        relaxed += len(pairs)
        for pair in pairs:
            strict += pair.strict
            if pair.system.value == pair.gold.value:
                value_ok += 1
            else:
                wrong_values.append((document.name, pair.gold, pair.system))
                disagreements.append(disagreement(pair.gold, pair.system, document.dct, validate_timex))
            if pair.system.type == pair.gold.type:
                type_ok += 1
            else:
                wrong_types.append((document.name, pair.gold, pair.system))
            if not pair.strict:
                extents.append((document.name, pair.gold, pair.system))
        missed.extend((document.name, g) for g in unmatched_gold)
        for s in unmatched_system:
            lo, hi = max(0, s.start - 40), min(len(document.text), s.end + 40)
            false_alarms.append((document.name, s, " ".join(document.text[lo:hi].split())))
    sp, sr = strict / system_count if system_count else 0.0, strict / gold_count if gold_count else 0.0
    rp, rr = relaxed / system_count if system_count else 0.0, relaxed / gold_count if gold_count else 0.0
    relaxed_f1 = _f1(rp, rr)
    value_accuracy = value_ok / relaxed if relaxed else 0.0
    type_accuracy = type_ok / relaxed if relaxed else 0.0
    return {
        "documents": len(documents),
        "gold": gold_count,
        "system": system_count,
        "strict": {"precision": sp, "recall": sr, "f1": _f1(sp, sr)},
        "relaxed": {"precision": rp, "recall": rr, "f1": relaxed_f1},
        "value_accuracy": value_accuracy,
        "value_f1": relaxed_f1 * value_accuracy,
        "type_accuracy": type_accuracy,
        "type_f1": relaxed_f1 * type_accuracy,
        "ms_per_document": 1000 * elapsed / len(documents) if documents else 0.0,
        "mb_per_second": chars / 1e6 / elapsed if elapsed else 0.0,
        "disagreements": disagreements,
        "errors": {
            "missed": missed,
            "false_alarms": false_alarms,
            "extent": extents,
            "value": wrong_values,
            "type": wrong_types,
        },
    }


# --- report ----------------------------------------------------------------------------------


def _top(counter: collections.Counter, n: int) -> str:
    return ", ".join(f"{key!r} {count}" for key, count in counter.most_common(n))


def print_report(result: dict, examples: int) -> None:
    print(f"{result['documents']} documents, {result['gold']} gold TIMEX3, {result['system']} found")
    print(f"{'':10}{'P':>7}{'R':>7}{'F1':>7}")
    for kind in ("strict", "relaxed"):
        figures = result[kind]
        print(f"{kind:10}{figures['precision']:7.3f}{figures['recall']:7.3f}{figures['f1']:7.3f}")
    print(f"value accuracy {result['value_accuracy']:.3f}   value F1 {result['value_f1']:.3f}")
    print(f"type accuracy  {result['type_accuracy']:.3f}   type F1  {result['type_f1']:.3f}")
    print(f"speed: {result['ms_per_document']:.2f} ms per document, {result['mb_per_second']:.2f} MB/s (finder only, text in memory)")
    errors = result["errors"]
    print()
    missed = errors["missed"]
    print(f"missed ({len(missed)}): by type {_top(collections.Counter(g.type for _, g in missed), 4)}")
    print(f"  most often: {_top(collections.Counter(g.text.lower() for _, g in missed), examples)}")
    alarms = errors["false_alarms"]
    print(f"false alarms ({len(alarms)}): by type {_top(collections.Counter(s.type for _, s, _ in alarms), 4)}")
    print(f"  most often: {_top(collections.Counter(s.text.lower() for _, s, _ in alarms), examples)}")
    extent = errors["extent"]
    print(f"extent differs ({len(extent)}): gold / found")
    shown = collections.Counter(f"{g.text} / {s.text}" for _, g, s in extent)
    print(f"  most often: {_top(shown, examples)}")
    values = errors["value"]
    print(f"wrong value ({len(values)}): by gold shape {_top(collections.Counter(value_shape(g.value) for _, g, _ in values), 8)}")
    kinds = collections.Counter(result["disagreements"])
    print("  by kind: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
    for name, g, s in values[:examples]:
        print(f"  {name}: {g.text!r} gold {g.type} {g.value} / found {s.type} {s.value}")
    types = errors["type"]
    print(f"wrong type ({len(types)}): gold -> found {_top(collections.Counter(f'{g.type}->{s.type}' for _, g, s in types), 6)}")


def _plain(result: dict) -> dict:
    """The result without the error lists, for --json."""
    plain = {key: value for key, value in result.items() if key not in ("errors", "disagreements")}
    plain["wrong_value_kinds"] = dict(collections.Counter(result["disagreements"]).most_common())
    plain["error_counts"] = {key: len(value) for key, value in result["errors"].items()}
    return plain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder holding TBAQ-cleaned (default {DEFAULT_DATA})")
    parser.add_argument("--examples", type=int, default=15, help="how many examples to show per error group")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    files = find_files(args.data) if args.data.is_dir() else []
    if not files:
        print(f"timeml_eval: no TimeML data at {args.data} (expected TBAQ-cleaned/*.tml); nothing measured", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from annotator.core.dates import find_dates

    print(f"TimeML data from {args.data} ({len(files)} files)")
    documents = [read_document(path) for path in files]
    find_dates("warm-up on 1 January 2000", datetime.date(2000, 1, 1))  # compiles the rules outside the timing
    result = evaluate(documents, find_dates)
    print_report(result, args.examples)
    print()
    print_consistency(documents, value_shape, args.examples)
    if args.json:
        args.json.write_text(json.dumps(_plain(result), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
