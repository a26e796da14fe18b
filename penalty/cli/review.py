"""`penalty review`: recompute decided cases, flag inconsistencies, compare peers, write the flagged list and an
HTML report."""
from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, RulebookOption, console, fail, lang_for
from penalty.i18n import fill


class FlaggedFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review_cmd(
        cases: Optional[str] = typer.Argument(None, metavar="CASES", help="Decided cases: .csv, .tsv, .jsonl, .xlsx, .parquet, or SQLite file.db::table."),
        register_path: Optional[str] = typer.Option(None, "--register", help="Review the decisions recorded in this register (penalty decide --record) instead of a case file: their amounts, grades, measures and recorded reasons."),
        rulebook: Optional[str] = RulebookOption,
        mapping: Optional[str] = typer.Option(None, "--mapping", "-m", help="Column mapping (YAML): which header holds which field or fact."),
        table: Optional[str] = typer.Option(None, "--table", help="SQLite only: the table to read (or write file.db::table)."),
        out: str = typer.Option("review-out", "--out", "-o", help="Folder for flagged.csv, rejected.csv and report.html."),
        flagged_format: FlaggedFormat = typer.Option(FlaggedFormat.csv, "--flagged-format", help="csv or jsonl."),
        no_html: bool = typer.Option(False, "--no-html", help="Do not write the HTML report."),
        no_versions: bool = typer.Option(False, "--no-versions", help="Recompute every case under the named version only (default: under the version in force at the act, or the lighter one in force at the decision: art. 37)."),
        threshold: str = typer.Option("3.5", "--threshold", help="Peer outlier: robust deviations (MAD units) from the peer median."),
        min_peers: int = typer.Option(10, "--min-peers", help="Smallest peer group in which outliers are flagged."),
        drift: str = typer.Option("0.10", "--drift", help="Officer/unit drift: median deviation of band position (0..1) that is flagged."),
        min_cases: int = typer.Option(20, "--min-cases", help="Fewest cases in peer groups for an officer or unit to be judged."),
        encoding: Optional[str] = typer.Option(None, "--encoding", help="A CSV/TSV/JSON Lines file's encoding: utf-8, gb18030, gbk, utf-16, utf-16-le, utf-16-be (default: detected)."),
        dask: Optional[str] = typer.Option(None, "--dask", metavar="SCHEDULER",
                                           help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or `local` (a cluster of --workers processes on this machine). CASES may then be a folder of Parquet files every worker can read. Same results as without it (docs/review.md)."),
        workers: int = typer.Option(2, "--workers", help="With --dask local: how many worker processes."),
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
    ):
        """Review decided cases (同案同罚): recompute each, flag it, compare it with its peers."""
        from penalty.errors import PenaltyError, Problem, RulebookError
        # Polars' allocator (jemalloc): freed pages kept for 1 s and, on a machine of up to 4 cores, one arena,
        # so that a batch reuses the memory any thread freed instead of faulting in fresh pages (with an arena
        # per thread, pages one thread freed were purged while another faulted new ones in). On the 4 M-case
        # bench (2 cores): 30 % fewer page faults, ~0.8 s less system time, the same peak RSS; a 2 s decay saved
        # little more for +100 MB (docs/performance.md). Not measured on many cores, where one arena could
        # become a point of contention: there each thread keeps its own (jemalloc's default).
        # OpenBLAS, loaded with numpy, is kept to one thread: nothing here multiplies matrices, and its idle
        # threads spun on the cores. Both are read when the libraries load, so they are set before the first
        # import (tests/review/test_cli_api.py checks that the CLI imports neither earlier); a value the user
        # set wins, whole.
        import os
        arenas = "narenas:1," if (os.cpu_count() or 1) <= 4 else ""
        os.environ.setdefault("_RJEM_MALLOC_CONF", arenas + "dirty_decay_ms:1000,muzzy_decay_ms:0")
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        # the column engine is an optional extra: say how to get it, never a traceback. Looked up, not
        # imported: pyarrow is only needed for Arrow batches, and importing it costs ~90 ms per run
        from importlib.util import find_spec
        missing = [m for m in ("polars", "pyarrow") if find_spec(m) is None]
        if missing:
            fail(RulebookError([Problem("review.needs_extra", None, {"module": ", ".join(missing)})]),
                 lang_for(lang), as_json)
        if dask and find_spec("distributed") is None:  # its own extra, named alone
            fail(RulebookError([Problem("review.needs_dask", None, {"module": "distributed"})]), lang_for(lang), as_json)
        from penalty.review import Options
        from penalty.review.core import review
        from penalty.review.output import write_outputs

        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        if (cases is None) == (register_path is None):  # one source of decided cases
            raise typer.BadParameter(_t("review.cases_or_register", lang_for(lang)), param_hint="CASES / --register")
        if register_path is not None and dask:  # the register is read here, not by the cluster's workers
            raise typer.BadParameter(_t("review.register_not_dask", lang_for(lang)), param_hint="--dask")
        if cases is not None:
            _check_table(cases, table, lang_for(lang))
            _check_encoding(cases, encoding, lang_for(lang))
        opt = Options(threshold=_decimal(threshold, "--threshold"), min_peers=min_peers,
                      drift_bp=int(_decimal(drift, "--drift") * 10000), min_cases=min_cases)
        lg = lang_for(lang)
        try:
            from penalty.rulebook.bundled import resolve
            from penalty.rulebook.load import load_rulebook
            from penalty.time.versions import load_versions
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            versions = False if no_versions else load_versions(resolve(rulebook), named=rb)
            source: object = _example(cases)  # a case file, or the decisions of the register as review rows
            if register_path is not None:
                from penalty.review.register import register_frame
                source = register_frame(register_path, rb)
            with _Progress(enabled=not as_json) as bar:
                if dask:
                    result = _on_dask(dask, workers, source, rulebook, _example(mapping), opt, bar,
                                      not no_versions)
                else:
                    result = review(source, rb, _example(mapping), table, opt, progress=bar.update,
                                    versions=versions, encoding=encoding)
                bar.update("write", 5, 6)
                paths = write_outputs(result, out, lg, flagged_format.value, report=not no_html)
        except PenaltyError as exc:
            fail(exc, lg, as_json=as_json)
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps({"ok": True, **result.counts(), "encoding": result.encoding,
                                              "written": paths, "engine": result.engine}, pretty=True) + "\n")
            return
        terminal(result, paths, lg)


def _on_dask(address: str, workers: int, cases, rulebook, mapping, opt, bar, versions: bool):
    """The review on a Dask cluster (penalty.review.distributed): `local` starts one on this machine."""
    from pathlib import Path

    from distributed import Client, LocalCluster

    from penalty.review.distributed import review_on_dask
    folder = Path(str(cases))
    parts = sorted(str(p) for p in folder.glob("*.parquet")) if folder.is_dir() else None
    from penalty.rulebook.bundled import DEFAULT
    spec = rulebook or DEFAULT
    if address == "local":
        with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=50) as cluster, Client(cluster) as client:
            return review_on_dask(parts or cases, spec, client, mapping, opt, bar.update, versions)
    try:
        client = Client(address, timeout="30s")
    except (OSError, TimeoutError, ValueError) as exc:  # no scheduler there: a sentence, not a traceback
        from penalty.errors import Problem, RulebookError
        raise RulebookError([Problem("review.dask_unreachable", None, {"address": address,
                                                                       "reason": str(exc)[:200]})]) from None
    with client:
        return review_on_dask(parts or cases, spec, client, mapping, opt, bar.update, versions)


def _check_table(cases: str, table: str | None, lang: str) -> None:
    """--table names a table of a SQLite file: given with a CSV or a workbook it would be ignored, and an ignored
    option looks like a working one, so it is refused (exit 2) naming the file type."""
    from pathlib import Path
    from penalty.cli.messages import MESSAGES
    from penalty.review.read import SUFFIXES
    kind = SUFFIXES.get(Path(cases.split("::", 1)[0]).suffix.lower())
    if table is not None and kind not in (None, "sqlite"):  # an unknown type is the reader's error to report
        raise typer.BadParameter(fill(MESSAGES, "review.table_not_sqlite", lang, path=cases, kind=kind),
                                 param_hint="--table")


def _check_encoding(cases: str, encoding: str | None, lang: str) -> None:
    """--encoding names one the review reads, for a text file (exit 2 otherwise): .xlsx, Parquet and SQLite
    carry their own, and an option that would be ignored is refused, as --table is."""
    from pathlib import Path
    from penalty.review.encodings import FORCED, codec_name
    from penalty.review.read import SUFFIXES
    if encoding is None:
        return
    kind = SUFFIXES.get(Path(cases.split("::", 1)[0]).suffix.lower())
    if kind not in (None, "csv", "tsv", "jsonl"):
        raise typer.BadParameter(_t("review.encoding_not_text", lang, path=cases, kind=kind),
                                 param_hint="--encoding")
    if codec_name(encoding) is None:
        raise typer.BadParameter(_t("review.unknown_encoding", lang, encoding=encoding) + "; "
                                 + _t("review.unknown_encoding.hint", lang, known=", ".join(FORCED)),
                                 param_hint="--encoding")


def _example(path: str | None) -> str | None:
    """A file name that is not found here but is a bundled example (e.g. review-cases.csv) -> the bundled file."""
    from pathlib import Path
    from penalty.rulebook.bundled import bundled_dir
    if path is None or Path(path.split("::", 1)[0]).exists():
        return path
    candidate = bundled_dir() / "examples" / Path(path).name
    return str(candidate) if candidate.is_file() else path


def _decimal(text: str, name: str) -> Decimal:
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise typer.BadParameter("a number such as 3.5", param_hint=name) from None
    if not d.is_finite() or d <= 0:
        raise typer.BadParameter("a positive number", param_hint=name)
    return d


class _Progress:
    """A rich progress bar on stderr over the pipeline's stages (transient; silent when --json)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.progress = None
        self.task = None

    def __enter__(self):
        # only on a terminal: piped to a file, the bar draws nothing and leaves a blank line before any message
        if self.enabled and sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
            from penalty.cli.common import console
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                                     console=console(stderr=True), transient=True)
            self.progress.__enter__()
            self.task = self.progress.add_task("review", total=6)
        return self

    def update(self, stage: str, done: int, total: int):
        if self.progress is not None:
            self.progress.update(self.task, description=f"review: {stage}", completed=done, total=total)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.__exit__(*exc)
        return False


# ---------------------------------------------------------------- the terminal summary (rich tables)


def _t(key, lang, **args):
    from penalty.review.messages import MESSAGES
    return fill(MESSAGES, key, lang, **args)


def terminal(result, paths: dict, lang: str) -> None:
    from rich.markup import escape
    from penalty.safetext import printable
    from rich.table import Table
    from penalty.review.report import drift_lines, flag_counts, percent, summary_rows
    con = console()
    counts = result.counts()
    labels = result.engine.get("versions") or [result.rulebook.version]
    con.print(f"[bold]{_t('h.title', lang)}[/] · {result.rulebook.id} {', '.join(labels)}")
    if len(labels) > 1:
        con.print(_t("h.versions", lang, n=result.engine.get("two_versions", 0)))
    con.print(f"[bold]{_t('h.read', lang, **counts)}[/]")
    if result.encoding:
        con.print(_t("h.encoding", lang, encoding=result.encoding))
    share = percent(counts["flagged"], counts["reviewed"])
    con.print(_t("h.flagged", lang, flagged=counts["flagged"], reviewed=counts["reviewed"], share=share))
    flags = Table(title=_t("h.flags", lang), title_justify="left")
    flags.add_column(_t("h.code", lang))
    flags.add_column(_t("h.cases", lang), justify="right")
    for name, n in flag_counts(counts, lang):
        flags.add_row(escape(name), str(n))
    con.print(flags)
    for key in ("violation", "unit", "officer"):
        # many officers: the drifting ones, then the most flagged
        heads, rows, total = summary_rows(result, key, lang, 10 if key == "officer" else None)
        title = _t("h." + key, lang) + (" · " + _t("h.most_flagged", lang, shown=len(rows), total=total)
                                       if len(rows) < total else "")
        t = Table(title=escape(title), title_justify="left")
        for i, h in enumerate(heads):
            t.add_column(escape(h), justify="left" if i == 0 else "right")
        for row in rows:
            t.add_row(*(escape(printable(c, keep_lines=False)) for c in row))
        con.print(t)
    lines = drift_lines(result, lang)
    con.print(f"[bold]{_t('h.drift', lang)}[/]")
    if not lines:
        con.print(_t("h.no_drift", lang))
    for line in lines:
        con.print("[red]• " + escape(printable(line, keep_lines=False)) + "[/]")
    for path in paths.values():
        if path:
            con.print(_t("h.written", lang, path=path))
