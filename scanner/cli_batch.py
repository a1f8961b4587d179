"""`scanner batch SPREADSHEET`: check every applicant of a spreadsheet and link them to each other."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scanner.cli import (
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
    apply_reviews,
    die,
    echo,
    emit_report,
    exit_code,
    fetch_options,
    info,
    load_settings,
    store_report,
)

if TYPE_CHECKING:
    from scanner.batch.linkage import ExternalRecord
    from scanner.batch.spreadsheet import Sheet
    from scanner.store.watchlist import Watchlist

__all__ = ["batch"]

EXIT_INTERRUPTED = 130


class BatchFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


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


def stored_identifiers(db: Path | None, no_db: bool) -> tuple[list[ExternalRecord], str | None]:
    """Identifiers of stored people from the history store."""
    if no_db:
        return [], None
    from scanner.batch.linkage import STORED_KINDS
    from scanner.store import iter_identifiers

    try:
        return list(iter_identifiers(db, kinds=STORED_KINDS)), None
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
            help="Resume an interrupted batch from its checkpoint (<out>.partial.jsonl).",
        ),
    ] = False,
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
        BatchInterrupted,
        BatchSettings,
        Checkpoint,
        CheckpointMismatch,
        default_workers,
        finish_report,
        progress_enabled,
        run_local,
    )
    from scanner.batch.spreadsheet import SpreadsheetError, open_sheet, parse_mapping

    config = load_settings(config_path, select, ignore, fail_on)
    fetch = fetch_options(
        offline, allow_private_network, github_api_url, browser_state, archive, ignore_robots
    )
    if format is BatchFormat.xlsx and out is None:
        die("--format xlsx needs --out PATH")
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
    external, store_problem = stored_identifiers(db, no_db)
    watchlist, watch_problem = stored_watchlist(db, no_db)
    notes = [p for p in (store_problem, watch_problem) if p]
    for problem in notes:
        say(f"scanner: warning: {problem}")

    if engine is Engine.spark:
        try:
            from scanner.batch.spark import run_spark
        except ImportError as exc:
            die(f"--engine spark needs PySpark: pip install 'profile-scanner[spark]' ({exc})")
        if resume:
            die("--continue works with --engine local only (Spark retries failed tasks itself)")
        report = run_spark(
            opened,
            settings,
            external=external,
            notes=[*opened.warnings, *notes],
            watchlist=watchlist,
        )
    else:
        ckpt_path = checkpoint_path(spreadsheet, out)
        checkpoint = Checkpoint(ckpt_path, Checkpoint.fingerprint_for(spreadsheet, settings))
        if resume and not ckpt_path.exists():
            say(f"scanner: no checkpoint at {ckpt_path}; starting from the first row")
        elif not resume and ckpt_path.exists():
            say(
                f"scanner: starting over (an earlier run's checkpoint {ckpt_path} is replaced; use --continue to resume)"
            )
        try:
            results = run_local(
                opened,
                settings,
                workers=workers or default_workers(),
                progress=progress_enabled(quiet),
                checkpoint=checkpoint,
                resume=resume,
            )
        except CheckpointMismatch as exc:
            die(str(exc))
        except BatchInterrupted as stop:
            echo(
                f"scanner: interrupted: {stop.done} row(s) done and kept in {ckpt_path}; "
                "run the same command with --continue to resume",
                err=True,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except SpreadsheetError as exc:
            die(str(exc))
        report = finish_report(
            results,
            settings,
            external=external,
            notes=[*opened.warnings, *notes],
            watchlist=watchlist,
        )
    if not no_db:
        apply_reviews(report, db)
    store_report(report, db, no_db, keep_raw=False, origin="batch", track=track)
    emit_report(report, format.value, out)
    if engine is Engine.local:
        checkpoint.remove()
    level_counts = {
        lvl: sum(1 for c in report.candidates if c.risk.level.value == lvl)
        for lvl in ("high", "medium", "unverified")
    }
    say(
        f"scanner: {len(report.candidates)} applicant(s), {len(report.clusters)} cluster(s), "
        f"{level_counts['high']} high, {level_counts['medium']} medium, "
        f"{level_counts['unverified']} unverified (a source could not be read)"
    )
    raise typer.Exit(exit_code(report, config))
