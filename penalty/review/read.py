"""Reading decided cases: CSV, JSONL, Excel (.xlsx), Parquet, a SQLite table; and the column mapping.

Every reader returns a polars frame of text cells (String, or Categorical for columns with few distinct values)
named by the standard field or fact name, plus `_row`, the 1-based data row number in the source. Typing the
cells is `parse.py`'s job, so a bad cell never stops the run. Numbers from JSON, Excel and Parquet are turned into
text without going through float where the format allows it (JSON: parsed as Decimal; Excel stores doubles, whose
shortest repr is what was typed for up to 15 significant digits; documented in docs/review.md).
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl

from penalty.errors import PenaltyError, Problem
from penalty.i18n import pick
from penalty.inputs import check_size
from penalty.review.encodings import FORCED, BadBytes, UnsupportedEncoding, codec_name, decoded_chunks, detect, \
    first_bad, line_at, locate, transcode

STANDARD = ("case_id", "violation", "fine", "grade", "measures", "officer", "unit", "act_date", "act_end_date",
            "discovery_date", "decision_date", "mitigation_reason", "deviation_reason")
# Headers recognised without a mapping file (the usual ones in Chinese case registers), besides the standard
# names themselves and each fact's name and labels.
KNOWN_HEADERS = {
    "案件编号": "case_id", "案号": "case_id", "违法行为": "violation", "违法行为编号": "violation",
    "罚款金额": "fine", "罚款": "fine", "裁量阶次": "grade", "其他处罚措施": "measures", "处罚措施": "measures",
    "承办人": "officer", "承办单位": "unit", "违法行为发生日期": "act_date", "违法行为终了日期": "act_end_date",
    "立案日期": "discovery_date", "发现日期": "discovery_date", "决定日期": "decision_date",
    "减轻理由": "mitigation_reason", "从轻减轻理由": "mitigation_reason",
    "逸脱理由": "deviation_reason", "偏离理由": "deviation_reason",
}
HIGH_CARDINALITY = ("case_id", "fine", "mitigation_reason", "deviation_reason")
# Limits checked before a file is read (penalty.inputs): a review file is bulk data (4,000,000 cases of the
# benchmark are 811 MiB: this is some 20 million), streamed; a mapping is a page a person writes.
MAX_REVIEW_BYTES = 4 << 30
MAX_MAPPING_BYTES = 1 << 20
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx",
            ".parquet": "parquet", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}


class ReviewError(PenaltyError):
    """The review cannot start: the case file or the mapping cannot be used as given."""


@dataclass
class Mapping:
    columns: dict = field(default_factory=dict)  # field or fact name -> header in the file
    file: str | None = None
    positions: dict = field(default_factory=dict)  # name -> (position of the name, of its header) in the file


def load_mapping(path) -> Mapping:
    """A mapping file (YAML): `review_mapping: 1`, `columns: {field: header}`, `facts: {fact: header}`."""
    from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
    from penalty.inputs import REASONS, read_limited
    p = Path(path)
    raw = read_limited(p, MAX_MAPPING_BYTES, ReviewError, "review.mapping")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReviewError([Problem("review.mapping.unreadable", None, {"path": str(p), "reason": REASONS["not_utf8"]})]) from None
    try:
        data = parse_yaml(text, p.name)
    except YamlProblem as exc:
        from penalty.i18n import LANGS  # the YAML problem in words (a label: shown in the message's language)
        said = Problem(exc.code, None, {k: str(v) for k, v in exc.args_.items()})
        raise ReviewError([Problem("review.mapping_syntax", exc.pos,
                                   {"detail": {lang: said.message(lang) for lang in LANGS}})]) from None
    problems = []
    if not isinstance(data, dict) or data.get("review_mapping") != 1:
        raise ReviewError([Problem("review.mapping_version", getattr(data, "pos", None), {})])
    cols, positions = {}, {}
    for section in ("columns", "facts"):
        sec = data.get(section) or {}
        if not isinstance(sec, dict):
            problems.append(Problem("review.mapping_section", data.key_pos.get(section), {"section": section}))
            continue
        for k, v in sec.items():
            if section == "columns" and k not in STANDARD:
                from penalty.rulebook.spec import did_you_mean
                problems.append(Problem("review.mapping_field", sec.key_pos.get(k),
                                        {"name": k, "suggestion": did_you_mean(k, STANDARD),
                                         "allowed": ", ".join(STANDARD)}))
            if not isinstance(v, str):  # YAML reads no / yes / 1 as booleans and numbers
                problems.append(Problem("review.mapping_not_text", sec.value_pos.get(k), {"name": k, "value": v}))
                continue
            cols[str(k)] = v
            positions[str(k)] = (sec.key_pos.get(k), sec.value_pos.get(k))
    for k in data:
        if k not in ("review_mapping", "columns", "facts"):
            problems.append(Problem("review.mapping_key", data.key_pos.get(k), {"key": k}))
    if problems:
        raise ReviewError(problems)
    return Mapping(cols, p.name, positions)


def resolve_columns(headers: list, rb, mapping: Mapping | None) -> dict:
    """header -> field/fact name. A mapping wins; otherwise standard names, known Chinese headers, fact names
    and fact labels (zh or en) are recognised. Raises ReviewError when a mapped header is absent or a fact is
    unknown."""
    problems = []
    out = {}
    stripped = {}
    for h in headers:
        stripped.setdefault(str(h).strip(), h)
    if mapping is not None:
        for name, header in mapping.columns.items():
            found = header if header in headers else stripped.get(header.strip())
            name_pos, header_pos = mapping.positions.get(name, (None, None))
            if name not in STANDARD and name not in rb.facts:
                from penalty.rulebook.spec import did_you_mean
                problems.append(Problem("review.mapping_fact", name_pos, {"name": name, "rulebook": rb.id,
                                                                          "suggestion": did_you_mean(name, rb.facts)}))
            elif found is None:
                from penalty.rulebook.spec import did_you_mean
                problems.append(Problem("review.mapping_header", header_pos, {
                    "header": header, "name": name, "file": mapping.file or "",
                    "suggestion": did_you_mean(header.strip(), list(stripped)),
                    "headers": "、".join(list(stripped)[:30])}))
            else:
                out[found] = name
    auto = dict(KNOWN_HEADERS)
    for n in STANDARD:
        auto[n] = n
    for n, f in rb.facts.items():
        auto[n] = n
        for lang in ("zh", "en"):
            label = pick(f.label, lang)
            if label:
                auto.setdefault(label, n)
    taken = set(out.values())
    chosen = set(taken)  # named by the mapping: other headers that would also mean them are not read
    first = {}
    for h in headers:
        name = auto.get(h.strip()) if isinstance(h, str) else None
        if h in out or not name or name in chosen:
            continue
        if name in first:  # e.g. both 违法行为 and violation: which one holds the cases is the user's call
            a, b = str(first[name]), str(h)
            if a.strip() != b.strip():  # shown as the mapping names them; as they are when only spaces differ
                a, b = a.strip(), b.strip()
            problems.append(Problem("review.ambiguous_column", None, {
                "name": name, "first": a, "second": b, "section": "facts" if name in rb.facts else "columns"}))
            continue
        first[name] = h
        out[h] = name
        taken.add(name)
    for h in headers:  # polars renames a repeated CSV header; .xlsx headers are checked as they are read
        m = re.fullmatch(r"(.*)_duplicated_\d+", str(h))
        if m and m.group(1) in headers and m.group(1) in out:
            problems.append(Problem("review.duplicate_header", None, {"header": m.group(1).strip()}))
    if problems:
        raise ReviewError(problems)
    if "violation" not in taken or "fine" not in taken:
        missing = [n for n in ("violation", "fine") if n not in taken]
        raise ReviewError([Problem("review.no_column", None, {"names": ", ".join(missing),
                                                              "headers": ", ".join(map(str, headers[:30]))})])
    return out


def detect_format(path: str) -> str:
    p = Path(path.split("::", 1)[0])
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise ReviewError([Problem("review.unknown_format", None, {"path": path,
                                                                   "known": ", ".join(sorted(SUFFIXES))})])
    return fmt


def _reading(rb, versions):
    """What the reader names columns by: the rulebook, or with several versions all their facts."""
    if versions is not None and len(versions.versions) > 1:
        from penalty.review.parse import Vocabulary
        return Vocabulary(rb, *(v.rulebook for v in versions.versions))
    return rb


def read_cases(path, rb, mapping: Mapping | None = None, table: str | None = None, versions=None,
               headers: dict | None = None, encoding: str | None = None, source: dict | None = None) -> pl.DataFrame:
    """A case file -> frame of text cells named by field / fact, with `_row`. See the module docstring.
    versions: a VersionSet whose every fact is read (the default: the facts of `rb`). headers: a dict filled
    with {field or fact name: the file's header} of the columns read, so that reasons can name the file's own
    columns. encoding: a text file's encoding, forced (`--encoding`; default: detected, see encodings.py).
    source: a dict filled with {"encoding": the name of the one read} for a text file."""
    rb = _reading(rb, versions)
    spec = str(path)
    if "::" in spec:
        spec, table = spec.split("::", 1)
    fmt = detect_format(spec)
    p = Path(spec)
    check_size(p, MAX_REVIEW_BYTES, ReviewError, "review")  # before a byte is read: no folder, device, 2 GiB file
    if fmt in ("csv", "tsv", "parquet"):  # one reader of each: the streamed one, its batches joined
        return pl.concat(list(iter_cases(spec, rb, mapping, headers=headers, encoding=encoding, source=source)),
                         how="vertical")
    if fmt == "jsonl":
        rows = _jsonl_rows(p, _encoding(p, spec, encoding, source))
        if rows and all(isinstance(r, _Unreadable) for r in rows):
            raise ReviewError([Problem("review.not_jsonl", None, {"path": spec})])
    elif fmt == "xlsx":
        seen, rows = _xlsx_rows(p)
    else:
        seen, rows = _sqlite_rows(p, table)
    if fmt == "jsonl":  # JSON Lines has no header: the keys of its objects, in order of first use
        seen = list(dict.fromkeys(k for r in rows for k in r))
        if not rows:  # an empty file: 0 rows read, as a CSV of only a header, not "every column is missing"
            seen = list(mapping.columns.values()) if mapping is not None else list(STANDARD)
    names = _named(seen, rb, mapping, headers)
    data = {names[h]: [_text(r.get(h)) for r in rows] for h in names}
    if any(isinstance(r, _Unreadable) for r in rows):  # lines that are not a JSON object: rejected as such
        data[UNREADABLE] = [r.code if isinstance(r, _Unreadable) else None for r in rows]
    return _finish(pl.DataFrame(data, schema={k: pl.String for k in data}), rb)


BATCH_ROWS = 1_000_000
UNREADABLE = "_unreadable"  # a column of the reader's own: why a source row could not be read at all (or null)


def iter_cases(path, rb, mapping: Mapping | None = None, table: str | None = None, batch_rows: int | None = None,
               versions=None, headers: dict | None = None, encoding: str | None = None, source: dict | None = None):
    """Like `read_cases`, in batches of about `batch_rows` rows (default BATCH_ROWS; CSV is streamed, so memory
    stays bounded). headers, encoding, source: as in `read_cases`, filled before the first batch."""
    rb = _reading(rb, versions)
    batch_rows = batch_rows or BATCH_ROWS
    spec = str(path)
    if "::" in spec:
        spec, table = spec.split("::", 1)
    fmt = detect_format(spec)
    p = Path(spec)
    if fmt == "parquet":
        check_size(p, MAX_REVIEW_BYTES, ReviewError, "review")
        yield from _parquet_batches(p, spec, rb, mapping, headers, batch_rows)
        return
    if fmt not in ("csv", "tsv"):
        frame = read_cases(path, rb, mapping, table, headers=headers, encoding=encoding, source=source)
        for start in range(0, max(frame.height, 1), batch_rows):
            yield frame.slice(start, batch_rows)
        return
    sep = "\t" if fmt == "tsv" else ","
    check_size(p, MAX_REVIEW_BYTES, ReviewError, "review")
    enc = _encoding(p, spec, encoding, source)
    with _utf8_file(p, spec, enc) as text:
        yield from _csv_batches(p, text, spec, enc, sep, rb, mapping, headers, batch_rows)


def _csv_batches(p: Path, text: Path, spec: str, enc, sep: str, rb, mapping, headers, batch_rows):
    """The batches of a CSV file `p`, read from `text` (p itself, or p transcoded to UTF-8)."""
    with text.open("rb") as fh:
        head = fh.read(1 << 16)
    at = first_bad(head, "utf-8") if enc.is_utf8 else None
    if at is not None:  # polars reads the header row leniently: the first 64 KiB are checked here
        raise ReviewError([BadBytes(at, line_at(p, enc, at), enc).problem(spec)])
    if len(head) < 1 << 16 and not head.strip(b"\xef\xbb\xbf \t\r\n"):  # a BOM and blank lines: not even a header
        raise ReviewError([Problem("review.empty_file", None, {"path": spec})])
    # lines that end in CR alone (old Mac, some exports) are lines too, not one long header
    eol = "\r" if b"\r" in head and b"\n" not in head else "\n"
    try:
        names = _named(pl.read_csv(text, n_rows=0, infer_schema=False, separator=sep, eol_char=eol).columns,
                       rb, mapping, headers)
        overrides = _text_kinds(rb, names)
        # A row with no cell filled (a blank line) is no case, as in .xlsx and JSON Lines: neither read nor counted
        # (rows are numbered without them, one after the other, as the recomputation expects).
        # strict: polars checks every byte of the file is UTF-8 (never a U+FFFD in place of a bad byte)
        lf = (pl.scan_csv(text, infer_schema=False, separator=sep, schema_overrides=overrides, eol_char=eol,
                          truncate_ragged_lines=True, encoding="utf8")
              .filter(~pl.all_horizontal(pl.all().is_null())).select(list(names)).rename(names))
        first = 1
        for batch in lf.collect_batches(chunk_size=batch_rows):
            yield batch.with_row_index("_row", offset=first).with_columns(pl.col("_row").cast(pl.Int64))
            first += batch.height
        if first == 1:  # a header and no rows: one empty batch, so the review still has its columns
            yield pl.DataFrame(schema={**{n: pl.String for n in names.values()}, "_row": pl.Int64})
    except pl.exceptions.PolarsError as exc:
        bad = locate(p, enc) if enc.is_utf8 and "utf-8" in str(exc).lower() else None
        if bad is not None:  # where, in words: the offset and line of the first byte that is not UTF-8
            raise ReviewError([bad.problem(spec)]) from None
        raise _unreadable(spec, exc) from None


def _parquet_batches(p: Path, spec: str, rb, mapping, headers, batch_rows):
    """The batches of a Parquet file, streamed (row groups are read as the batches are taken, so memory stays
    bounded as for CSV), every cell as text: typed columns (numbers, dates, decimals) are cast to their text."""
    try:
        lf = pl.scan_parquet(p)
        schema = lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise _unreadable(spec, exc) from None
    names = _named(schema.names(), rb, mapping, headers)
    nested = [f"{c} ({schema[c]})" for c in names if schema[c].is_nested() or schema[c] == pl.Object]
    if nested:  # a list or a record in a cell is no fact: say which column, not how polars fails to cast it
        raise ReviewError([Problem("review.nested_column", None, {"path": spec, "columns": ", ".join(nested)})])
    # the column kinds the CSV reader gives (_text_kinds): the batches are the same frames whichever file they came from
    kinds = _text_kinds(rb, names)
    lf = lf.select(pl.col(h).cast(pl.String).cast(kinds[h]).alias(name) for h, name in names.items())
    first = 1
    try:
        for batch in lf.collect_batches(chunk_size=batch_rows):
            yield batch.with_row_index("_row", offset=first).with_columns(pl.col("_row").cast(pl.Int64))
            first += batch.height
    except (pl.exceptions.PolarsError, OSError) as exc:  # e.g. binary cells that are not UTF-8
        raise _unreadable(spec, exc) from None
    if first == 1:  # no rows: one empty batch, so the review still has its columns
        yield pl.DataFrame(schema={**{n: pl.String for n in names.values()}, "_row": pl.Int64})


def _text_kinds(rb, names: dict) -> dict:
    """{header: String or Categorical}: text for the columns of many distinct values (case numbers, amounts,
    reasons), a dictionary (Categorical) for the others, whose few values the review then reads once each."""
    return {h: (pl.String if names[h] in HIGH_CARDINALITY or _is_money(rb, names[h]) else pl.Categorical)
            for h in names}


def _encoding(p: Path, spec: str, forced: str | None, source: dict | None):
    """The encoding a text case file is read in (encodings.detect; forced: --encoding), named in `source`."""
    codec = None
    if forced is not None:
        codec = codec_name(forced)
        if codec is None:
            raise ReviewError([Problem("review.unknown_encoding", None, {"encoding": forced,
                                                                         "known": ", ".join(FORCED)})])
    try:
        enc = detect(p, codec)
    except BadBytes as bad:
        raise ReviewError([bad.problem(spec)]) from None
    except UnsupportedEncoding as exc:
        raise ReviewError([Problem("review.unsupported_encoding", None, {"path": spec, "encoding": str(exc)})]) \
            from None
    if source is not None:
        source["encoding"] = enc.name
    return enc


@contextmanager
def _utf8_file(p: Path, spec: str, enc):
    """p itself when it is UTF-8 (polars checks it strictly as it reads); else p decoded strictly over the whole
    file and written as UTF-8 to a temporary file, removed when the reading ends."""
    if enc.is_utf8:
        yield p
        return
    with tempfile.TemporaryDirectory(prefix="penalty-review-") as tmp:
        out = Path(tmp) / "cases.utf8.csv"
        try:
            transcode(p, enc, out)
        except BadBytes as bad:
            raise ReviewError([bad.problem(spec)]) from None
        except OSError as exc:  # e.g. no room left for the UTF-8 copy
            raise _unreadable(spec, exc) from None
        yield out


def from_arrow(batch, rb, mapping: Mapping | None = None, versions=None, headers: dict | None = None) -> pl.DataFrame:
    """An Arrow record batch / table (e.g. inside Spark mapInArrow) -> the same frame as `read_cases`
    (headers: as there)."""
    rb = _reading(rb, versions)
    frame = pl.from_arrow(batch)
    if isinstance(frame, pl.Series):
        frame = frame.to_frame()
    names = _named(frame.columns, rb, mapping, headers)
    frame = frame.select(list(names)).rename(names)
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in frame.columns if frame[c].dtype != pl.Categorical)
    return _finish(frame, rb)


def _named(found: list, rb, mapping, headers: dict | None) -> dict:
    """resolve_columns, also filling `headers` (name -> header) when one is given."""
    names = resolve_columns(found, rb, mapping)
    if headers is not None:
        headers.update({name: str(h).strip() for h, name in names.items()})
    return names


def _unreadable(path, reason) -> ReviewError:
    """The file cannot be read as its type: the reader's own words, cut to a line or so; an OSError in a sentence."""
    if isinstance(reason, OSError):
        from penalty.inputs import os_problem
        return ReviewError([os_problem(reason, "review", path)])
    return ReviewError([Problem("review.unreadable", None, {"path": str(path), "reason": str(reason)[:300]})])


def _is_money(rb, name):
    f = rb.facts.get(name)
    return f is not None and f.type in ("money", "number")


def _finish(frame: pl.DataFrame, rb) -> pl.DataFrame:
    return frame.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))


def _text(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)[:-2] if repr(v).endswith(".0") else repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


class _Unreadable(dict):
    """A source row of no cells that could not be read at all, with the reason (a reject code)."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code


def _jsonl_rows(p: Path, enc) -> list:
    """The rows of a JSON Lines file, decoded strictly from `enc` over the whole file."""
    try:
        text = "".join(decoded_chunks(p, enc))
    except BadBytes as bad:
        raise ReviewError([bad.problem(p)]) from None
    rows = []
    for line in io.StringIO(text, newline=None):  # LF, CRLF and CR end lines, as a text file reads them
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_float=Decimal)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
            obj = None
        # a line that is not a JSON object is kept as a row with no cells, so it is rejected, not lost
        rows.append(obj if isinstance(obj, dict) else _Unreadable("review.reject.not_json"))
    return rows


def _xlsx_rows(p: Path) -> tuple:
    """(the header row, the rows that have a cell filled, as dicts)."""
    try:
        import openpyxl
    except ImportError:
        raise ReviewError([Problem("review.needs_extra", None, {"module": "openpyxl"})]) from None
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else f"column{i + 1}" for i, h in enumerate(next(it, ()))]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:  # a dict per row would keep only the last of them
            raise ReviewError([Problem("review.duplicate_header", None, {"header": ", ".join(twice)})])
        rows = [{h: v for h, v in zip(header, r)} for r in it if any(c is not None for c in r)]
        wb.close()
    except ReviewError:
        raise
    except OSError as exc:
        raise _unreadable(p, exc) from None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file; all mean "unreadable"
        raise _unreadable(p, f"{type(exc).__name__}: {exc}") from None
    return header, rows


def _sqlite_rows(p: Path, table: str | None) -> tuple:
    """(the table's columns, its rows as dicts)."""
    con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
    try:
        try:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")]
        except sqlite3.DatabaseError as exc:  # e.g. "file is not a database"
            raise _unreadable(p, exc) from None
        if not tables:
            raise ReviewError([Problem("review.sqlite_empty", None, {"path": str(p)})])
        if table is None and len(tables) == 1:
            table = tables[0]
        if table is None:
            raise ReviewError([Problem("review.sqlite_choose", None, {"path": str(p), "tables": ", ".join(tables)})])
        if table not in tables:
            raise ReviewError([Problem("review.sqlite_table", None, {"path": str(p), "table": table,
                                                                     "tables": ", ".join(tables)})])
        quoted = '"' + table.replace('"', '""') + '"'
        cur = con.execute(f"SELECT * FROM {quoted}")  # the name is quoted and checked against sqlite_master
        names = [d[0] for d in cur.description]
        return names, [dict(zip(names, r)) for r in cur]
    finally:
        con.close()
