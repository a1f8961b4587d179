"""The `scanner` command line. Heavy work is imported inside commands so `--help` stays fast.

Exit codes (the public contract): 0 ran, nothing at or above --fail-on; 1 a finding at or above
it; 2 usage error or unreadable main input; 3 ran, but a source could not be read and nothing
reached --fail-on (the result is incomplete); 4 ran, but an alert could not be delivered (before
every other outcome: nobody was told).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scanner.batch.lookup import StoreLookup
    from scanner.config import Config
    from scanner.model import Candidate, Report
    from scanner.sources import FetchOptions

__all__ = ["app", "echo", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_UNDELIVERED = 0, 1, 2, 3, 4

app = typer.Typer(
    name="scanner",
    help="Profile consistency scanner: where a candidate's résumé, profiles and application "
    "do not hold together, with evidence, and which applicants share identifiers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FailOn(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def die(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """A one-line message on stderr and the exit code; never a traceback."""
    echo(f"scanner: error: {message}", err=True)
    raise typer.Exit(code)


def info(message: str) -> None:
    echo(message, err=True)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line that may hold data (names, paths, cell values, messages that quote them):
    control and bidi characters are dropped, so no value can drive the terminal."""
    from scanner.terminal import terminal_safe

    typer.echo(terminal_safe(text), err=err, nl=nl)


def current_user() -> str:
    """Who is running the command, for audit trails (`--by` overrides it where offered)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


# Options shared by the commands that fetch.
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Never fetch: URL sources are reported as not fetched.")
]
PrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private-network", help="Allow fetching from loopback and private addresses."
    ),
]
GithubApiOpt = Annotated[
    str, typer.Option("--github-api-url", help="GitHub API base URL (GitHub Enterprise, tests).")
]
BrowserStateOpt = Annotated[
    Path | None,
    typer.Option(
        "--browser-state", help="Playwright storage state (your logged-in session); never stored."
    ),
]
ArchiveOpt = Annotated[
    bool, typer.Option("--archive", help="Also read earlier snapshots from the web archive.")
]
IgnoreRobotsOpt = Annotated[
    bool, typer.Option("--ignore-robots", help="Fetch pages even where robots.txt disallows.")
]
SelectOpt = Annotated[
    str | None, typer.Option("--select", help="Only these check codes or prefixes, e.g. TL,CT001.")
]
IgnoreOpt = Annotated[
    str | None, typer.Option("--ignore", help="Skip these check codes or prefixes.")
]
FailOnOpt = Annotated[
    FailOn | None,
    typer.Option("--fail-on", help="Exit 1 when a finding reaches this severity. [default: high]"),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db", help="History store (SQLite). [default: $SCANNER_DB or the user data dir]"
    ),
]
NoDbOpt = Annotated[
    bool, typer.Option("--no-db", help="Do not record this scan in the history store.")
]
TrackOpt = Annotated[
    bool,
    typer.Option(
        "--track",
        "--hired",
        help="Track who is scanned (hired contractors): `revalidate` re-checks them.",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Read settings from this TOML file instead of ./scanner.toml."),
]


def load_settings(
    config_path: Path | None, select: str | None, ignore: str | None, fail_on: FailOn | None
) -> Config:
    from scanner.config import ConfigError, load_config, parse_codes
    from scanner.model import Severity
    from scanner.registry import registry

    try:
        config = load_config(explicit=config_path)
        sel, ign = parse_codes(select), parse_codes(ignore)
    except ConfigError as exc:
        die(str(exc))
    codes = registry.codes()
    for pattern in (*(sel or ()), *(ign or ()), *config.select, *config.ignore):
        if pattern != "ALL" and not any(c.startswith(pattern) for c in codes):
            die(f"unknown check code or prefix {pattern!r} (see `scanner checks`)")
    for code in config.severity:
        if code not in codes:
            die(f"{config.source}: [severity] names unknown check {code!r}")
    merged = config.merged(
        select=sel,
        ignore=ign,
        fail_on=Severity.parse(fail_on.value) if fail_on else None,
    )
    return announce_config(config, merged, codes)


def announce_config(file_config: Config, merged: Config, codes: list[str]) -> Config:
    """Say on stderr which settings file was read and what it changes (always: a planted file
    must not act silently); returns `merged` knowing the checks the file alone turns off."""
    from dataclasses import replace

    from scanner.config import describe_changes

    if not file_config.source:
        return merged
    changes = describe_changes(file_config, codes)
    info(f"scanner: settings from {file_config.source}: {'; '.join(changes) or 'no changes'}")
    still_on = set(merged.selected(codes))
    off = tuple(c for c in codes if c not in file_config.selected([c]) and c not in still_on)
    return replace(merged, file_disabled=off, file_changes=tuple(changes))


def fetch_options(
    offline: bool,
    allow_private: bool,
    github_api_url: str,
    browser_state: Path | None,
    archive: bool,
    ignore_robots: bool,
) -> FetchOptions:
    from scanner.sources import FetchOptions

    if browser_state is not None and not browser_state.is_file():
        die(f"--browser-state: no such file: {browser_state}")
    return FetchOptions(
        offline=offline,
        allow_private_network=allow_private,
        github_api_url=github_api_url.rstrip("/"),
        browser_state=browser_state,
        archive=archive,
        ignore_robots=ignore_robots,
    )


def exit_code(report: Report, config: Config) -> int:
    from scanner.model import Severity

    worst = report.worst(
        lambda f: f.severity is not Severity.INFO and (f.review is None or f.review.status.scored)
    )
    if worst is not None and worst.rank >= config.fail_on.rank:
        return EXIT_FINDINGS
    if not report.complete:
        return EXIT_INCOMPLETE
    return EXIT_OK


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links and relative paths too)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwriting(out: Path | None, inputs: Iterable[Path], what: str) -> None:
    """Exit 2 when `--out` names a file being read: the report would replace it."""
    if out is not None and any(same_file(out, p) for p in inputs):
        die(f"--out {out} is {what} being read: the report would overwrite it")


def write_output(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        die(f"cannot write {out}: {exc.strerror or exc}")
    info(f"report written to {out}")


def emit_report(report: Report, fmt: str, out: Path | None) -> None:
    """Render `report` as `fmt` to `out` (or stdout). Binary formats need `--out`."""
    from scanner.reporters import render

    if fmt in ("xlsx",) and out is None:
        die("--format xlsx needs --out PATH")
    if fmt == "table" and out is None:
        from scanner.reporters.table import render_table

        render_table(report)
        return
    try:
        data = render(report, fmt)
    except ImportError as exc:
        die(f"--format {fmt} is not available: {exc}")
    if isinstance(data, bytes):
        assert out is not None
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        except OSError as exc:
            die(f"cannot write {out}: {exc.strerror or exc}")
        info(f"report written to {out}")
    else:
        write_output(data, out)


@app.command()
def check(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders or URLs; the kind of each is recognised from its content."
        ),
    ] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="The candidate's id in the report and history.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Name given on the application.")] = None,
    email: Annotated[str | None, typer.Option(help="Email given on the application.")] = None,
    phone: Annotated[
        str | None, typer.Option(help="Phone as typed by the applicant (kept verbatim).")
    ] = None,
    location: Annotated[str | None, typer.Option(help="Claimed place of residence.")] = None,
    address: Annotated[str | None, typer.Option(help="Home address.")] = None,
    shipping_address: Annotated[
        str | None,
        typer.Option("--shipping-address", help="Where company equipment is to be sent."),
    ] = None,
    resume: Annotated[
        list[Path] | None, typer.Option(help="Résumé file (PDF, DOCX, TXT/MD, HTML, JSON Resume).")
    ] = None,
    linkedin: Annotated[
        list[str] | None,
        typer.Option(help="LinkedIn URL, saved page, Save-to-PDF export or data export."),
    ] = None,
    github: Annotated[str | None, typer.Option(help="GitHub handle or URL.")] = None,
    site: Annotated[list[str] | None, typer.Option(help="Personal site URL or saved page.")] = None,
    photo: Annotated[Path | None, typer.Option(help="Photo (headshot) file.")] = None,
    references: Annotated[str | None, typer.Option(help="References, ';'-separated.")] = None,
    format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the report here instead of stdout.")
    ] = None,
    fail_on: FailOnOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
    keep_raw: Annotated[
        bool, typer.Option("--keep-raw", help="Store raw documents in the history too.")
    ] = False,
    track: TrackOpt = False,
    config_path: ConfigOpt = None,
    offline: OfflineOpt = False,
    allow_private_network: PrivateOpt = False,
    github_api_url: GithubApiOpt = "https://api.github.com",
    browser_state: BrowserStateOpt = None,
    archive: ArchiveOpt = False,
    ignore_robots: IgnoreRobotsOpt = False,
) -> None:
    """Check one candidate now: résumé, LinkedIn, GitHub, site and application fields."""
    from extractors.model import SourceKind
    from scanner.pipeline import build_candidate, candidate_id, scan
    from scanner.sources import SourceRef, is_url

    config = load_settings(config_path, select, ignore, fail_on)
    fetch = fetch_options(
        offline, allow_private_network, github_api_url, browser_state, archive, ignore_robots
    )
    if track and no_db:
        die("--track records who is tracked in the history store: it cannot go with --no-db")

    refs: list[SourceRef] = []

    def add(value: str | Path, kind: SourceKind | None, *, folder_ok: bool, label: str) -> None:
        text = str(value)
        if not is_url(text):
            p = Path(text).expanduser()
            if not p.exists():
                die(f"{label}: no such file: {text}")
            if p.is_dir() and not folder_ok:
                die(f"{label}: {text} is a directory, expected a file")
        refs.append(SourceRef(text, kind))

    for s in sources or []:
        add(s, None, folder_ok=True, label="source")
    for r in resume or []:
        add(r, SourceKind.RESUME, folder_ok=False, label="--resume")
    for li in linkedin or []:
        # A LinkedIn claim: which LinkedIn source it is (PDF, page, export) follows from content.
        kind = SourceKind.LINKEDIN_PAGE if is_url(li) else SourceKind.LINKEDIN_PDF
        add(li, kind, folder_ok=True, label="--linkedin")
    if github:
        handle = github.strip()
        url = handle if is_url(handle) else f"https://github.com/{handle.lstrip('@')}"
        refs.append(SourceRef(url, SourceKind.GITHUB))
    for st in site or []:
        add(st, SourceKind.SITE, folder_ok=False, label="--site")
    if photo is not None and not photo.is_file():
        die(f"--photo: no such file: {photo}")
    files = [Path(r.ref).expanduser() for r in refs if not is_url(r.ref)]
    refuse_overwriting(out, [*files, *([photo] if photo else [])], "a file")

    fields = {
        "name": name,
        "email": email,
        "phone": phone,
        "location": location,
        "address": address,
        "shipping_address": shipping_address,
        "linkedin": next((x for x in linkedin or [] if is_url(x)), None),
        "github": github,
        "site": next((x for x in site or [] if is_url(x)), None),
        "references": references,
    }
    if not refs and not any(v for v in fields.values()):
        die("nothing to check: give a source file or URL, or application fields such as --name")

    cid = candidate_id(id, name, refs)
    candidate = build_candidate(cid, fields, refs, config=config, fetch=fetch)
    if photo is not None:
        candidate.photo = str(photo)
    found = None if no_db else attach_store(candidate, db, config, photo)
    report = scan([candidate], config)
    if found is not None:
        report.clusters = found.clusters
        report.notes += found.notes
    if not no_db:
        apply_reviews(report, db)
    store_report(report, db, no_db, keep_raw, track=track)
    emit_report(report, format.value, out)
    raise typer.Exit(exit_code(report, config))


def attach_store(
    candidate: Candidate, db: Path | None, config: Config, photo: Path | None
) -> StoreLookup | None:
    """What the history store knows, for the checks: the person's earlier scans (HJ), stored
    profiles (ID004), the stored people sharing an identifier (NW) and the watchlist (NW009)."""
    from scanner.batch.lookup import store_lookup
    from scanner.store import StoreError, attach_history, stored_watchlist

    attach_history(candidate, db)
    try:
        candidate.watchlist = stored_watchlist(db)
        data = photo.read_bytes()[:20_000_000] if photo is not None else None
        found = store_lookup(candidate, db, config, photo=data)
    except (StoreError, OSError) as exc:
        info(f"scanner: warning: the history store could not be read for lookups: {exc}")
        return None
    if found is not None:
        candidate.lookup = found.lookup
    return found


def apply_reviews(report: Report, db: Path | None) -> None:
    """The analysts' reviews in force on the report's findings (false positives not scored)."""
    from scanner.store import StoreError, apply_stored_reviews

    try:
        apply_stored_reviews(report, db)
    except StoreError as exc:
        info(f"scanner: warning: reviews could not be read from the history store: {exc}")


def store_report(
    report: Report,
    db: Path | None,
    no_db: bool,
    keep_raw: bool,
    *,
    origin: str = "check",
    track: bool = False,
) -> None:
    """Record the scan in the history store unless --no-db (with `track`, track the people)."""
    if no_db:
        return
    from scanner.store import record_report

    try:
        record_report(
            report, db=db, keep_raw=keep_raw, origin=origin, track=track, actor=current_user()
        )
    except Exception as exc:  # a store problem must not lose the report
        info(f"scanner: warning: the scan was not recorded in the history store: {exc}")
        report.notes.append(f"not recorded in the history store: {exc}")


@app.command("checks")
def list_checks(
    code: Annotated[
        str | None,
        typer.Argument(metavar="[CODE]", help="One check's full documentation (e.g. NW001)."),
    ] = None,
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
) -> None:
    """The check catalogue (code, category, default severity, title), or one check in full."""
    from scanner.registry import registry

    specs = list(registry)
    if code is not None:
        wanted = code.strip().upper()
        if wanted not in registry:
            from scanner.settings import did_you_mean

            die(f"no check {code!r}{did_you_mean(wanted, registry.codes())} (see `scanner checks`)")
        specs = [registry[wanted]]
    if format is ListFormat.json:
        import json

        from scanner.docs import verify_hint

        rows = [
            {
                "code": s.code,
                "title": s.title,
                "category": s.category.value,
                "severity": s.severity.value,
                "needs": sorted(s.needs),
                "version": s.version,
                "docs": s.docs,
                "params": dict(s.params),
                "verify": verify_hint(s.docs),
            }
            for s in specs
        ]
        typer.echo(json.dumps(rows[0] if code else rows, indent=2, ensure_ascii=False))
        return
    if code is not None and format is ListFormat.table:
        from scanner.docs import check_text

        typer.echo(check_text(specs[0]), nl=False)
        return
    if format is ListFormat.markdown:
        from scanner.docs import checks_markdown

        typer.echo(checks_markdown(specs), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for col in ("code", "severity", "category", "title"):
        table.add_column(col)
    for s in specs:
        table.add_row(s.code, s.severity.value, s.category.value, s.title)
    Console().print(table)


def _version_callback(value: bool) -> None:
    if value:
        from scanner import __version__

        typer.echo(f"scanner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    pass


def _load_command_modules() -> None:
    """Commands that live in their own modules (batch, store) register themselves on `app`."""
    import importlib

    for mod in ("scanner.cli_batch", "scanner.cli_store", "scanner.cli_workflow"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def main() -> None:
    _load_command_modules()
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("scanner: interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("SCANNER_DEBUG"):
            raise
        from scanner.store.db import StoreError

        if isinstance(exc, StoreError):  # a damaged or unusable store: its message says why
            echo(f"scanner: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        typer.echo(
            f"scanner: internal error: {type(exc).__name__}: {exc} (set SCANNER_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
