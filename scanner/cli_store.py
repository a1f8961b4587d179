"""Commands on the history store: history, revalidate, purge, forget, import-profiles.

Registered on the main `app` when `scanner.cli.main()` imports this module.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scanner.cli import (
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_UNDELIVERED,
    ArchiveOpt,
    BrowserStateOpt,
    CheckFormat,
    ConfigOpt,
    DbOpt,
    FailOnOpt,
    GithubApiOpt,
    IgnoreOpt,
    IgnoreRobotsOpt,
    OfflineOpt,
    PrivateOpt,
    SelectOpt,
    app,
    die,
    echo,
    emit_report,
    exit_code,
    fetch_options,
    info,
    load_settings,
)

if TYPE_CHECKING:
    from scanner.store import Store

__all__ = ["forget", "history", "import_profiles", "purge", "revalidate"]


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


def _open(db: Path | None, *, create: bool = False) -> Store:
    from scanner.store import StoreError, open_store

    try:
        return open_store(db, create=create)
    except StoreError as exc:
        die(str(exc))


def _when(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")


@app.command()
def history(
    id: Annotated[
        str, typer.Argument(help="The person's id (as given with --id or in the spreadsheet).")
    ],
    db: DbOpt = None,
    format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.table,
) -> None:
    """The scans of one person and what changed between them."""
    from scanner.store.diff import diff_scans

    with _open(db) as store:
        person = store.person(id)
        if person is None:
            die(f"no stored scans for {id!r} in {store.path}")
        scans = list(reversed(store.history(id, limit=10_000)))
    steps = [(a, b, diff_scans(a, b)) for a, b in itertools.pairwise(scans)]
    if format is HistoryFormat.json:
        doc = {
            "id": person.id,
            "name": person.name or None,
            "scans": [
                {
                    "scan_id": s.scan_id,
                    "scanned_at": s.scanned_at.isoformat(),
                    "origin": s.origin,
                    "tool_version": s.tool_version,
                    "complete": s.complete,
                    "risk": {"score": s.risk.score, "level": s.risk.level.value}
                    if s.risk
                    else None,
                    "sources": [
                        {
                            "kind": x.kind.value,
                            "uri": x.uri,
                            "sha256": x.sha256 or None,
                            "status": x.status.value,
                        }
                        for x in s.sources
                    ],
                    "findings": [
                        {"code": f.code, "severity": f.severity.value, "message": f.message}
                        for f in s.findings
                    ],
                }
                for s in scans
            ],
            "changes": [{"from": a.scan_id, "to": b.scan_id, **d.as_dict()} for a, b, d in steps],
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    echo(
        f"{person.id}  {person.name}  {len(scans)} scan(s), first {_when(person.first_seen)}, last {_when(person.last_seen)}"
    )
    previous = None
    for s in scans:
        risk = f"risk {s.risk.score}/100 ({s.risk.level.value})" if s.risk else ""
        ok = sum(1 for x in s.sources if x.ok)
        echo(
            f"\nscan {s.scan_id}  {_when(s.scanned_at)}  {s.origin}  scanner {s.tool_version}  {risk}  "
            f"{ok}/{len(s.sources)} sources read, {len(s.findings)} finding(s)"
        )
        if previous is not None:
            lines = diff_scans(previous, s).lines()
            echo(
                f"  changed since scan {previous.scan_id}:"
                if lines
                else f"  no change since scan {previous.scan_id}"
            )
            for line in lines:
                echo(f"    {line}")
        else:
            for x in s.sources:
                echo(f"    {x.kind.value} {x.uri} ({x.status.value})")
        previous = s


@app.command()
def purge(
    older_than: Annotated[
        int, typer.Option("--older-than", min=0, help="Remove scans older than this many days.")
    ],
    db: DbOpt = None,
    keep_latest: Annotated[
        bool,
        typer.Option(
            "--keep-latest",
            help="Keep each person's latest scan however old (the re-validation baseline).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be removed.")
    ] = False,
) -> None:
    """Retention: remove scans older than DAYS, and people left without any scan."""
    cutoff = datetime.now(UTC) - timedelta(days=older_than)
    with _open(db) as store:
        result = store.purge(cutoff, keep_latest=keep_latest, dry_run=dry_run)
        path = store.path
    verb = "would remove" if dry_run else "removed"
    info(
        f"{verb} {result.scans} scan(s) older than {older_than} day(s), {result.people} person(s) left "
        f"without scans and {result.runs} finished re-validation run(s) from {path}"
    )


@app.command()
def forget(
    ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help="The person's id (erasure request).")
    ],
    db: DbOpt = None,
) -> None:
    """Erasure: remove everything stored about these people (scans, profiles, findings, alerts)."""
    with _open(db) as store:
        for pid in ids:
            if (
                store.person(pid) is None
                and not store.conn.execute(
                    "SELECT 1 FROM corpus WHERE person_id = ?", (pid,)
                ).fetchone()
            ):
                info(f"nothing stored for {pid!r} in {store.path}")
                continue
            n = store.forget(pid)
            info(
                f"forgot {pid!r}: {n} scan(s) and everything derived from them removed from {store.path}"
            )


def _split_ids(values: list[str] | None) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


class WebhookFormat(StrEnum):
    json = "json"
    slack = "slack"
    teams = "teams"


WEBHOOK_ENV = "SCANNER_WEBHOOK_URL"


def _webhook_url(given: str | None, path: Path | None) -> str | None:
    """The webhook URL: `--webhook`, else `--webhook-file`, else $SCANNER_WEBHOOK_URL. A file or
    the environment keeps the URL (a secret) out of the process list."""
    if given is not None and path is not None:
        die("--webhook and --webhook-file are alternatives: give one")
    url = given
    if path is not None:
        try:
            url = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            reason = "it is empty" if isinstance(exc, IndexError) else str(exc)
            die(f"--webhook-file {path}: cannot read a URL ({reason})")
    elif url is None:
        url = os.environ.get(WEBHOOK_ENV, "").strip() or None
    if url is not None and not url.lower().startswith(("http://", "https://")):
        where = (
            "--webhook"
            if given is not None
            else (f"--webhook-file {path}" if path is not None else f"${WEBHOOK_ENV}")
        )
        die(f"{where}: not an http(s) URL ({_redact(url)})")
    return url


def _redact(url: str) -> str:
    """A webhook URL for messages: scheme and host only (the path is the secret)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "…"
    if parts.scheme and parts.hostname:
        return f"{parts.scheme}://{parts.hostname}/…"
    return (url[:8] + "…") if len(url) > 8 else "…"


@app.command()
def revalidate(
    db: DbOpt = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only these people (repeat, or comma-separated ids)."),
    ] = None,
    webhook: Annotated[
        str | None,
        typer.Option(
            "--webhook",
            help=f"POST an alert here when something is new (prefer --webhook-file or ${WEBHOOK_ENV}: "
            "a URL on the command line is visible to other users of the machine).",
        ),
    ] = None,
    webhook_file: Annotated[
        Path | None,
        typer.Option("--webhook-file", help="Read the webhook URL from this file's first line."),
    ] = None,
    webhook_format: Annotated[
        WebhookFormat,
        typer.Option(
            "--webhook-format",
            help="slack (Block Kit), teams (Adaptive Card) or json (plain JSON with a text line).",
        ),
    ] = WebhookFormat.json,
    report_url: Annotated[
        str | None,
        typer.Option("--report-url", help="Where the team can open this run's report (linked)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Processes re-checking people at once. [default: cores]"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here instead of stdout.")
    ] = None,
    fail_on: FailOnOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config_path: ConfigOpt = None,
    offline: OfflineOpt = False,
    allow_private_network: PrivateOpt = False,
    github_api_url: GithubApiOpt = "https://api.github.com",
    browser_state: BrowserStateOpt = None,
    archive: ArchiveOpt = False,
    ignore_robots: IgnoreRobotsOpt = False,
) -> None:
    """Re-collect the tracked people's sources, re-run the checks, report and alert what is new.

    Exit code 4 when an alert could not be delivered (it takes precedence: nobody was told).
    """
    from scanner.batch.lookup import revalidation_lookup
    from scanner.batch.pool import run_pool
    from scanner.batch.runner import default_workers
    from scanner.settings import limits_from
    from scanner.store import StoreError
    from scanner.store.db import resolve_db_path
    from scanner.store.revalidate import LockHeld, revalidation_lock
    from scanner.store.revalidate import revalidate as run
    from scanner.store.watchlist import load_watchlist
    from scanner.store.webhook import WebhookLimits, post_webhook

    config = load_settings(config_path, select, ignore, fail_on)
    fetch = fetch_options(
        offline, allow_private_network, github_api_url, browser_state, archive, ignore_robots
    )
    url = _webhook_url(webhook, webhook_file)
    if report_url is not None and not report_url.lower().startswith(("http://", "https://")):
        die(f"--report-url: not an http(s) URL: {report_url}")
    path = resolve_db_path(db)
    if not path.is_file():
        die(f"no history store at {path} (nothing has been recorded yet)")
    ids = _split_ids(only)
    delivered = True
    try:
        with revalidation_lock(path), _open(path) as store:
            unknown = [i for i in ids if store.person(i) is None]
            if unknown:
                die(f"--only: no stored person {', '.join(map(repr, unknown))} in {path}")
            if not ids and not store.people(tracked_only=True):
                info(
                    f"scanner: nobody is tracked in {path}: `scanner track ID...` (or --track on "
                    "check and batch) chooses who is re-validated"
                )
            with _Progress(not quiet and sys.stderr.isatty()) as bar:
                result = run(
                    store,
                    config=config,
                    fetch=fetch,
                    only=ids or None,
                    on_person=bar.person,
                    workers=workers or default_workers(),
                    watchlist=load_watchlist(store),
                    lookup=revalidation_lookup,
                    parallel=run_pool,
                )
            if result.resumed:
                info(f"resumed interrupted re-validation run {result.run_id}")
            report = result.report()
            if format is CheckFormat.table:
                report.candidates = [c for c in report.candidates if c.findings or not c.complete]
            if url is not None and result.has_news:
                lim = limits_from(WebhookLimits, config.limits, "webhook_")
                payload = result.payload(webhook_format.value, report_url)
                delivery = post_webhook(url, payload, attempts=lim.attempts, backoff=lim.backoff)
                delivered = delivery.ok
                if not delivery.ok:
                    msg = (
                        f"webhook not delivered after {delivery.attempts} attempt(s) to "
                        f"{_redact(url)}: {delivery.error}"
                    )
                    info(
                        f"scanner: warning: {msg}; the scans are stored and the news will be sent again next run"
                    )
                    report.notes.append(msg)
            store.finish_run(result.run_id, delivered=delivered, alerts=result.new_alerts())
            emit_report(report, format.value, out)
            info(result.headline())
    except LockHeld as exc:
        info(f"scanner: {exc}; nothing done")
        raise typer.Exit(EXIT_OK) from None
    except StoreError as exc:
        die(str(exc))
    code = exit_code(report, config)
    if code == EXIT_OK and any(p.error for p in result.people):
        code = EXIT_INCOMPLETE
    if not delivered:
        found = (
            "new findings reached --fail-on"
            if code == EXIT_FINDINGS
            else ("nothing new reached --fail-on")
        )
        info(f"scanner: the alert was not delivered (exit {EXIT_UNDELIVERED}); {found}")
        code = EXIT_UNDELIVERED
    raise typer.Exit(code)


class _Progress:
    """Re-validation progress on stderr: a bar on a terminal, nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._bar = Progress(
                "re-validating",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("people", total=None)
        return self

    def person(self, person_id: str, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, total=total, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


@app.command("import-profiles")
def import_profiles(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Exported profiles (LinkedIn PDF or data export, JSON Resume, résumé) or folders of them.",
        ),
    ],
    db: DbOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Add known real engineers' exported profiles to the stored profiles ID004 compares with."""
    from extractors.model import SourceStatus
    from scanner.config import ConfigError, load_config
    from scanner.corpus import dated_positions
    from scanner.pipeline import collect, extract_source
    from scanner.sources import FetchOptions, SourceRef

    try:
        config = load_config(explicit=config_path)
    except ConfigError as exc:
        die(str(exc))
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            die(f"no such file: {p}")
        if p.is_dir() and not any(c.name.lower() == "profile.csv" for c in p.iterdir()):
            files += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            files.append(p)
    added = known = skipped = unreadable = 0
    today = datetime.now(UTC).date().isoformat()
    with _open(db, create=True) as store:
        for f in files:
            doc, prof = extract_source(
                collect(SourceRef(str(f)), config, FetchOptions(offline=True)), config
            )
            if prof is None or doc.status is not SourceStatus.OK:
                unreadable += 1
                info(f"skipped {f}: {doc.error or 'could not be read'}")
                continue
            if len(dated_positions(prof.experience)) < 2:
                skipped += 1
                info(f"skipped {f}: fewer than two dated positions to compare")
                continue
            if store.import_profile(
                prof, sha256=doc.sha256, label=f"imported from {f.name} on {today}"
            ):
                added += 1
            else:
                known += 1
        total = store.corpus_size()
        path = store.path
    info(
        f"imported {added} profile(s) into {path} ({known} already there, {skipped} without a dated history, "
        f"{unreadable} unreadable); {total} stored histories in all"
    )
    raise typer.Exit(EXIT_INCOMPLETE if unreadable else EXIT_OK)
