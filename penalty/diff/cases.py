"""Reading many cases for a replay, one at a time (streaming): CSV, JSON Lines, Parquet, Excel (.xlsx), a YAML
list, or a folder.

Every format yields plain case data as `penalty calc` reads it ({case_id, violation, facts, dates...}):
- CSV: one case per row; columns `case_id` (or `id`), `violation`, the dates (`act_date`, ...), and one column per
  fact; an empty cell is a fact not given. Values are read as the case file reads typed text (`12,000`,
  full-width digits, 是/否).
- JSON Lines: one case object per line, either case-file shaped (`facts: {...}`) or flat like a CSV row.
- Parquet and .xlsx: one case per row, columns as in CSV; each cell as text, as the review reads it
  (`penalty.review.read`: Excel's numbers by their shortest form, dates as ISO dates).
- YAML: a list of cases, or a mapping with `cases:` (the rulebook's own test cases); keys a case file does not
  know (`expect`, `name`, ...) are set aside, `name` serving as the case id when there is none.
- a folder: every `*.yaml` case file in it, by name.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from penalty.engine.facts import CASE_KEYS
from penalty.errors import CaseError, Problem
from penalty.i18n import pick
from penalty.inputs import Refused, check_size, why

NOT_FACTS = set(CASE_KEYS) | {"id", "row"}
DEEP = {"en": "a line is nested too deeply to be a case", "zh": "某一行嵌套层数过多，不是案件"}
MAX_YAML_BYTES = 64 << 20  # YAML is read whole (and a document is at most 500,000 values): a list of cases
MAX_CASES_BYTES = 4 << 30  # a file of cases to replay is bulk data, as a review file (penalty.review.read)


class Unreadable:
    """A case file in a folder that could not be read: reported as that case's error, and the run goes on."""

    def __init__(self, name: str, code: str, message: str):
        self.name, self.code, self.message = name, code, message


class Counter:
    """Bytes read so far, for a progress bar over a file read as a stream."""

    def __init__(self):
        self.bytes = 0


CASE_FIELDS = frozenset(CASE_KEYS) - {"facts"}


def _flat(row: dict) -> dict:
    """A flat record (CSV row, flat JSON) -> case data; empty values are facts not given."""
    data, facts = {}, {}
    for k, v in row.items():
        if v == "" or v is None:
            continue
        if k in CASE_FIELDS:
            data[k] = v
        elif k not in NOT_FACTS:
            facts[k] = v
    if "case_id" not in data and row.get("id") not in ("", None):
        data["case_id"] = row["id"]
    data["facts"] = facts
    return data


def _csv_records(f):
    """The rows of a CSV file as csv.DictReader gives them (blank lines skipped, a short row's missing cells
    None, a long row's extra cells a list under None), built without its per-row overhead."""
    reader = csv.reader(f)
    header = next(reader, None)
    if header is None:
        return
    n = len(header)
    for cells in reader:
        if not cells:
            continue
        row: dict = dict(zip(header, cells))
        if len(cells) != n:
            if len(cells) > n:
                row[None] = cells[n:]
            else:
                for k in header[len(cells):]:
                    row[k] = None
        yield row


COLUMN_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet", ".xlsx")  # bulk files: the column engine's


def in_columns(path) -> bool:
    """Whether a cases file is one the replay runs through the column engine by default (penalty.diff.columns):
    a file of many cases, not a YAML list or a folder of case files."""
    p = Path(path)
    return p.suffix.lower() in COLUMN_SUFFIXES and not p.is_dir()


def _lines(f, counter):
    for line in f:
        counter.bytes += len(line.encode("utf-8"))
        yield line


def read_cases(path, counter: Counter | None = None):
    """Yield (row number, case data). Raises CaseError (diff.bad_cases) when the file cannot be read at all."""
    p = Path(path)
    counter = counter or Counter()
    try:
        if not p.is_dir():  # measured before it is read: no device, no file over the limit
            check_size(p, MAX_CASES_BYTES, Refused, "file")
    except Refused as exc:
        raise CaseError([Problem("diff.bad_cases", None, {"path": str(p), "reason": why(exc.problems[0])})]) from None
    try:
        if p.is_dir():
            yield from _folder(p, counter)
        elif p.suffix.lower() == ".csv":
            with p.open(encoding="utf-8-sig", newline="") as f:
                for i, row in enumerate(_csv_records(_lines(f, counter)), 1):
                    yield i, _flat(row)
        elif p.suffix.lower() in (".jsonl", ".ndjson"):
            with p.open(encoding="utf-8-sig") as f:
                for i, line in enumerate(_lines(f, counter), 1):
                    if line.strip():
                        obj = json.loads(line, parse_float=str)  # never a binary float: keep the digits
                        yield i, obj if "facts" in obj or "acts" in obj else _flat(obj)
        elif p.suffix.lower() in (".parquet", ".xlsx"):
            yield from _table(p, counter)
        else:
            yield from _yaml(p, counter)
    except RecursionError:  # a JSON line nested deeper than the parser goes
        raise CaseError([Problem("diff.bad_cases", None, {"path": str(p), "reason": DEEP})]) from None
    except Refused as exc:  # the YAML file named, over its limit
        raise CaseError([Problem("diff.bad_cases", None, {"path": str(p), "reason": why(exc.problems[0])})]) from None
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        raise CaseError([Problem("diff.bad_cases", None, {"path": str(p), "reason": str(exc)})]) from None


def _table(p: Path, counter):
    """The rows of a Parquet or .xlsx file as flat records of text cells, read as the review reads them."""
    from penalty.review.read import ReviewError, _text, _xlsx_rows
    size = p.stat().st_size
    try:
        if p.suffix.lower() == ".xlsx":
            _, rows = _xlsx_rows(p)
        else:
            import polars as pl
            try:
                frame = pl.read_parquet(p)
            except (pl.exceptions.PolarsError, OSError) as exc:
                raise ValueError(str(exc)) from None
            rows = frame.iter_rows(named=True)
            total = frame.height
    except ReviewError as exc:
        raise ValueError(exc.problems[0].render("en")) from None
    if isinstance(rows, list):
        total = len(rows)
    for i, row in enumerate(rows, 1):
        counter.bytes = size * i // max(total, 1)
        yield i, _flat({str(k): _text(v) for k, v in row.items()})


def _yaml(p: Path, counter):
    from penalty.inputs import read_limited
    from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
    text = read_limited(p, MAX_YAML_BYTES, Refused, "file").decode("utf-8-sig")
    counter.bytes += len(text.encode("utf-8"))
    try:
        data = parse_yaml(text, p.name)
    except YamlProblem as exc:
        from penalty.errors import Problem
        raise ValueError(Problem(exc.code, exc.pos, {k: str(v) for k, v in exc.args_.items()}).render()) from None
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValueError("expected a list of cases")
    for i, item in enumerate(data, 1):
        yield i, _case_only(item)


def _case_only(item):
    if not isinstance(item, dict):
        return item
    out = {k: v for k, v in item.items() if k in CASE_KEYS}
    if "case_id" not in out and "name" in item:
        out["case_id"] = item["name"]
    return out


def _folder(p: Path, counter):
    for i, q in enumerate(sorted(p.glob("*.yaml")), 1):
        try:
            items = list(_yaml(q, counter))
        except UnicodeDecodeError:
            yield i, Unreadable(q.name, "case.not_utf8", f"{q.name}: not UTF-8 text")
            continue
        except Refused as exc:  # a device, or a file over the limit, among the case files: that case's error
            yield i, Unreadable(q.name, exc.problems[0].code.replace("file.", "case."), f"{q.name}: {pick(why(exc.problems[0]), 'en')}")
            continue
        except (OSError, ValueError) as exc:
            yield i, Unreadable(q.name, "case.syntax", f"{q.name}: {exc}")
            continue
        for _, item in items:
            if isinstance(item, dict) and "case_id" not in item:
                item["case_id"] = q.stem
            yield i, item
