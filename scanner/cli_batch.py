"""`scanner batch SPREADSHEET`: check every applicant of a spreadsheet and link them to each other."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, cast

import typer

from scanner.cli import (
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_USAGE,
    ArchiveOpt,
    BrowserStateOpt,
    ConfigOpt,
    DbOpt,
    FailOnOpt,
    GithubApiOpt,
    IgnoreOpt,
    IgnoreRobotsOpt,
    NoDbOpt,
    OfflineOpt,
    PrivateOpt,
    SelectOpt,
    TrackOpt,
    app,
    current_user,
    die,
    echo,
    fetch_options,
    info,
    load_settings,
    refuse_overwriting,
    write_output,
)

if TYPE_CHECKING:
    from scanner.batch.linkage import ExternalRecord
    from scanner.batch.runner import BatchSettings
    from scanner.batch.spreadsheet import Sheet
    from scanner.config import Config
    from scanner.store.watchlist import Watchlist

__all__ = ["batch"]

EXIT_INTERRUPTED = 130


class BatchFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    parquet = "parquet"


class Engine(StrEnum):
    local = "local"
    spark = "spark"


class Preset(StrEnum):
    auto = "auto"
    greenhouse = "greenhouse"
    lever = "lever"
    workday = "workday"
    ashby = "ashby"
    smartrecruiters = "smartrecruiters"
    bamboohr = "bamboohr"
    gem = "gem"
    workable = "workable"


def show_mapping(opened: Sheet) -> str:
    """The column → field decisions, one line each, and what the scanner will do with them."""
    from scanner.batch.headers import PRESETS

    lines = [f"sheet: {opened.path.name}"]
    if opened.preset:
        how = "detected" if opened.preset_detected else "chosen with --preset"
        lines.append(f"preset: {opened.preset} ({PRESETS[opened.preset].title}; {how})")
    else:
        lines.append("preset: none recognised (headers read as words)")
    lines.append(f"header: row {opened.header_row}")
    width = min(48, max((len(d.header) for d in opened.decisions), default=10))
    for d in opened.decisions:
        if d.field is None:
            target = "not used" + (
                " (identity-bearing: map it or --allow-unmapped)" if d.identity_bearing else ""
            )
        elif d.field == "ignore":
            why_not = d.note if d.how != "preset" else "not the applicant's data"
            target = "ignored" + (f" ({why_not})" if why_not else "")
        elif d.field == "links":
            target = "links: each URL routed by domain (linkedin, github, else site)"
        else:
            target = d.field
        why = {
            "map": "--map", "preset": f"preset {d.note}", "alias": "header", "words": "header words",
            "question": "question-style header", "content": "by its cells", "ignored": "header words",
        }.get(d.how, "")  # fmt: skip
        shown = d.header if len(d.header) <= width else d.header[: width - 1] + "…"
        lines.append(f"  {shown:<{width}}  → {target}" + (f"  [{why}]" if why and d.field else ""))
    if opened.content_ids:
        lines.append("ids: derived from each row's content (no id column)")
    return "\n".join(lines) + "\n"


def checkpoint_path(spreadsheet: Path, out: Path | None) -> Path:
    """`<out>.partial.jsonl` beside the report, else beside the spreadsheet."""
    target = out if out is not None else spreadsheet
    return target.with_name(target.name + ".partial.jsonl")


def stored_identifiers(
    db: Path | None, no_db: bool, *, exclude_batch_run: str | None = None
) -> tuple[list[ExternalRecord], str | None]:
    """Identifiers of stored people from the history store (without one batch run's own)."""
    if no_db:
        return [], None
    from scanner.batch.linkage import STORED_KINDS
    from scanner.store import iter_identifiers

    try:
        found = iter_identifiers(db, kinds=STORED_KINDS, exclude_batch_run=exclude_batch_run)
        return list(found), None
    except Exception as exc:  # a store problem must not lose the batch
        return [], f"the history store could not be read for linkage: {exc}"


def stored_watchlist(db: Path | None, no_db: bool) -> tuple[Watchlist | None, str | None]:
    """The watchlist for NW009 (None without a store or with --no-db)."""
    if no_db:
        return None, None
    from scanner.store import stored_watchlist as load

    try:
        return load(db), None
    except Exception as exc:  # a store problem must not lose the batch
        return None, f"the watchlist could not be read from the history store: {exc}"


@app.command()
def batch(
    spreadsheet: Annotated[Path, typer.Argument(help="CSV, TSV or XLSX, one row per applicant.")],
    format: Annotated[
        BatchFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BatchFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here instead of stdout.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Processes for per-applicant work. [default: cores]"
        ),
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local (process pool) or spark (PySpark).")
    ] = Engine.local,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help='Treat a column as a field: "Candidate Mobile=phone" (repeatable).',
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="XLSX sheet to read. [default: the first]")
    ] = None,
    preset: Annotated[
        Preset,
        typer.Option("--preset", help="The ATS export layout; auto detects it from the headers."),
    ] = Preset.auto,
    show_mapping_: Annotated[
        bool,
        typer.Option("--show-mapping", help="Print the column → field decisions, then exit 0."),
    ] = False,
    allow_unmapped: Annotated[
        bool,
        typer.Option(
            "--allow-unmapped",
            help="Run even when identity-bearing columns (phone, email, address) are not mapped.",
        ),
    ] = False,
    documents: Annotated[
        Path | None,
        typer.Option(
            "--documents",
            help="The folder file cells may point into (relative cells resolve against it). "
            "[default: the spreadsheet's folder]",
        ),
    ] = None,
    fail_on: FailOnOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
    track: TrackOpt = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or messages on stderr.")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--continue",
            help="Resume an interrupted batch from its run file (<out>.partial.jsonl).",
        ),
    ] = False,
    html_top: Annotated[
        int,
        typer.Option(
            "--html-top",
            min=1,
            help="HTML: show this many applicants by risk (and every cluster); count the rest.",
        ),
    ] = 500,
    config_path: ConfigOpt = None,
    offline: OfflineOpt = False,
    allow_private_network: PrivateOpt = False,
    github_api_url: GithubApiOpt = "https://api.github.com",
    browser_state: BrowserStateOpt = None,
    archive: ArchiveOpt = False,
    ignore_robots: IgnoreRobotsOpt = False,
) -> None:
    """Check every applicant in a spreadsheet, and cluster those who share identifiers."""
    from scanner.batch.runner import (
        BatchSettings,
    )
    from scanner.batch.spreadsheet import SpreadsheetError, open_sheet, parse_mapping

    config = load_settings(config_path, select, ignore, fail_on)
    fetch = fetch_options(
        offline, allow_private_network, github_api_url, browser_state, archive, ignore_robots
    )
    if format is BatchFormat.xlsx and out is None:
        die("--format xlsx needs --out PATH")
    refuse_overwriting(out, [spreadsheet], "the spreadsheet")
    if track and no_db:
        die("--track records who is tracked in the history store: it cannot go with --no-db")
    try:
        opened = open_sheet(
            spreadsheet, mapping=parse_mapping(map_), sheet=sheet, preset=preset.value
        )
    except SpreadsheetError as exc:
        die(str(exc), EXIT_USAGE)
    if show_mapping_:
        echo(show_mapping(opened), nl=False)
        raise typer.Exit(0)
    unmapped = opened.unmapped_identity
    if unmapped and not allow_unmapped:
        names = ", ".join(repr(h) for h in unmapped)
        die(
            f"{spreadsheet.name}: column(s) that identify applicants are not mapped: {names}. "
            'Map them with --map "COLUMN=FIELD" (see --show-mapping), or run with --allow-unmapped'
        )

    def say(msg: str) -> None:
        if not quiet:
            info(msg)

    for warning in opened.warnings:
        say(f"scanner: warning: {warning}")
    if documents is not None and not documents.is_dir():
        die(f"--documents: no such folder: {documents}")
    settings = BatchSettings.from_config(config, fetch, spreadsheet, documents=documents)
    watchlist, watch_problem = stored_watchlist(db, no_db)

    if engine is Engine.spark and resume:
        die("--continue works with --engine local only (Spark retries failed tasks itself)")
    if format is BatchFormat.parquet and engine is not Engine.spark:
        die("--format parquet is written by --engine spark (a folder of Parquet files)")
    if format is BatchFormat.parquet and out is None:
        die("--format parquet needs --out FOLDER")

    def external_for(run: str) -> tuple[list[ExternalRecord], str | None]:
        """The stored people, without the rows this batch run recorded itself."""
        found, problem = stored_identifiers(db, no_db, exclude_batch_run=run)
        if problem:
            say(f"scanner: warning: {problem}")
        if watch_problem:
            say(f"scanner: warning: {watch_problem}")
        return found, problem

    _run_stream(
        opened,
        settings,
        engine=engine,
        spreadsheet=spreadsheet,
        fmt=format.value,
        out=out,
        workers=workers,
        quiet=quiet,
        resume=resume,
        external=external_for,
        notes=[watch_problem] if watch_problem else [],
        watchlist=watchlist,
        db=db,
        no_db=no_db,
        track=track,
        html_top=html_top,
        config=config,
    )


def stored_reviews(db: Path | None, no_db: bool) -> tuple[dict[str, Any], str | None]:
    """Every person's reviews in force (applied to the rows as they finish), or none."""
    if no_db:
        return {}, None
    from scanner.store import StoreError, open_store
    from scanner.store.db import resolve_db_path
    from scanner.store.reviews import reviews_in_force

    path = resolve_db_path(db)
    if not path.is_file():
        return {}, None
    try:
        with open_store(path, create=False) as store:
            return reviews_in_force(store), None
    except StoreError as exc:
        return {}, f"reviews could not be read from the history store: {exc}"


def _run_stream(
    opened: Sheet,
    settings: BatchSettings,
    *,
    engine: Engine,
    spreadsheet: Path,
    fmt: str,
    out: Path | None,
    workers: int | None,
    quiet: bool,
    resume: bool,
    external: Callable[[str], tuple[list[ExternalRecord], str | None]],
    notes: list[str],
    watchlist: Watchlist | None,
    db: Path | None,
    no_db: bool,
    track: bool,
    html_top: int,
    config: Config,
) -> None:
    """Either engine: rows streamed, the report written row by row, then the summary and the
    exit code."""
    from scanner.batch.runfile import RunFile, run_fingerprint
    from scanner.batch.runner import (
        BatchInterrupted,
        CheckpointMismatch,
        default_workers,
    )
    from scanner.batch.spreadsheet import SpreadsheetError
    from scanner.batch.stream import StoreTarget, StreamSettings, run_stream
    from scanner.reporters.stream import FRAGMENT_KINDS

    def say(msg: str) -> None:
        if not quiet:
            info(msg)

    reviews, problem = stored_reviews(db, no_db)
    if problem:
        say(f"scanner: warning: {problem}")
        notes = [*notes, problem]
    stream_settings = StreamSettings(
        batch=settings,
        fragment=FRAGMENT_KINDS[fmt],
        watchlist=watchlist,
        reviews=reviews,
        store=None
        if no_db
        else StoreTarget(None if db is None else str(db), track, current_user()),
        report_settings={
            "config": settings.config.as_dict(),
            "checks": [*settings.codes, *settings.network_codes],
        },
    )
    folder = out is not None and (fmt == "parquet" or (fmt == "jsonl" and _is_folder(out)))
    run_path = checkpoint_path(spreadsheet, out)
    run_file = RunFile(run_path, run_fingerprint(spreadsheet, settings))
    if engine is Engine.local:
        if resume and not run_path.exists():
            say(f"scanner: no run file at {run_path}; starting from the first row")
        elif not resume and run_path.exists():
            say(
                f"scanner: starting over (an earlier run's file {run_path} is replaced; "
                "use --continue to resume)"
            )
    target = out.with_name(f".{out.name}.writing") if out is not None and not folder else None
    sink: IO[bytes] | None = None
    try:
        if fmt != "html" and not folder:
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                sink = target.open("wb", buffering=1 << 20)  # a row is a few KB: write in MBs
            else:
                sink = _stdout_bytes()
        if engine is Engine.spark:
            outcome, page = _spark(
                opened, stream_settings, fmt, sink, out if folder else None, run_path,
                external, notes, html_top,
            )  # fmt: skip
        else:
            mode = "" if quiet else ("bar" if sys.stderr.isatty() else "lines")
            outcome, page = run_stream(
                opened,
                stream_settings,
                run_file,
                fmt=fmt,
                out=sink,
                workers=workers or default_workers(),
                progress=mode,
                resume=resume,
                external=external,
                notes=notes,
                html_top=html_top,
            )
    except CheckpointMismatch as exc:
        die(str(exc))
    except BatchInterrupted as stop:
        run_file.close()
        echo(
            f"scanner: interrupted: {stop.done} row(s) done and kept in {run_path}; "
            "run the same command with --continue to resume",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except SpreadsheetError as exc:
        die(str(exc))
    except OSError as exc:
        die(f"cannot write {out or 'the report'}: {exc.strerror or exc}")
    finally:
        if sink is not None and target is not None:
            sink.close()
    if page is not None:
        write_output(page, out)
    elif folder and out is not None:
        info(f"report written to {out}/ (candidates/ and clusters.json)")
    elif target is not None and out is not None:
        os.replace(target, out)
        info(f"report written to {out}")
    else:
        sys.stdout.flush()
    if engine is Engine.local:
        run_file.remove()
    levels = outcome.levels
    say(
        f"scanner: {outcome.rows} applicant(s), {len(outcome.clusters)} cluster(s), "
        f"{levels['high']} high, {levels['medium']} medium, "
        f"{levels['unverified']} unverified (a source could not be read)"
    )
    st = outcome.stats
    if st:
        say(
            f"scanner: {outcome.rows:,} rows in {st['total_s']:.1f} s "
            f"({outcome.rows / max(st['total_s'], 1e-6):,.0f} rows/s: checking {st['rows_s']:.1f} s, "
            f"linking {st['link_s']:.1f} s, {st['linked_again']:,.0f} linked rows finished again in "
            f"{st['again_s']:.1f} s, report {st['report_s']:.1f} s); peak memory "
            f"{st['peak_rss_mb']:,.0f} MB in this process, {st['peak_worker_rss_mb']:,.0f} MB in "
            "the largest worker"
        )
    worst = outcome.worst
    if worst >= 0 and worst >= config.fail_on.rank:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK if outcome.complete else EXIT_INCOMPLETE)


def _is_folder(out: Path) -> bool:
    """`--out` names an existing folder (Spark then writes part files into it)."""
    return out.is_dir()


def _spark(
    opened: Sheet,
    settings: Any,
    fmt: str,
    sink: IO[bytes] | None,
    folder: Path | None,
    run_path: Path,
    external: Callable[[str], tuple[list[ExternalRecord], str | None]],
    notes: list[str],
    html_top: int,
) -> tuple[Any, str | None]:
    """`--engine spark`: the same streaming contract on a Spark session; its work files go in a
    folder beside the report (it must be on storage the executors share), removed at the end."""
    import shutil

    try:
        from scanner.batch.spark import run_spark_stream
    except ImportError as exc:
        die(f"--engine spark needs PySpark: pip install 'profile-scanner[spark]' ({exc})")
    people, problem = external("")
    work = run_path.with_name(run_path.name.replace(".partial.jsonl", ".spark-work"))
    try:
        return run_spark_stream(
            opened,
            settings,
            fmt=fmt,
            out=sink,
            out_dir=folder,
            work_dir=work,
            external=people,
            notes=[problem, *notes] if problem else notes,
            html_top=html_top,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


class _TextOut(io.RawIOBase):
    """Bytes written to a text stream (stdout replaced by a test or a wrapper)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._stream.write(bytes(data).decode("utf-8"))
        return len(data)


def _stdout_bytes() -> IO[bytes]:
    """Standard output as a byte stream."""
    buffer = getattr(sys.stdout, "buffer", None)
    return buffer if buffer is not None else cast(IO[bytes], _TextOut(sys.stdout))
