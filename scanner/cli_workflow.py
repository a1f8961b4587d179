"""Triage and monitoring on the history store: review, watch, track, untrack, tracked.

Registered on the main `app` when `scanner.cli.main()` imports this module. Everything here is
an audit trail: reviews are appended, never changed; a watchlist entry removed is kept marked
removed; untracking someone keeps what was recorded about them (`forget` is for erasure).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scanner.cli import EXIT_USAGE, DbOpt, app, current_user, die, echo, info

if TYPE_CHECKING:
    from scanner.store import Store
    from scanner.store.reviews import ReviewRecord

__all__ = ["review", "track", "tracked", "untrack", "watch_app"]


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class Status(StrEnum):
    confirmed = "confirmed"
    false_positive = "false-positive"
    cleared = "cleared"
    needs_info = "needs-info"


class WatchKind(StrEnum):
    phone = "phone"
    email = "email"
    address = "address"
    linkedin = "linkedin"
    github = "github"
    document = "document"


FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who records this. [default: the current user]")
]


def _open(db: Path | None, *, create: bool = False) -> Store:
    from scanner.store import StoreError, open_store

    try:
        return open_store(db, create=create)
    except StoreError as exc:
        die(str(exc))


def _when(dt: datetime | str | None) -> str:
    if dt is None:
        return ""
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt)
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- review ---------------------------------------------------------------------------------
@app.command()
def review(
    id: Annotated[str, typer.Argument(help="The person's id.")],
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE|FINGERPRINT]",
            help="The finding: its code (when the latest scan has one such finding) or its "
            "fingerprint (or a unique prefix of 6+ digits).",
        ),
    ] = None,
    status: Annotated[
        Status | None, typer.Option("--status", help="The disposition to record.")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (kept in the audit trail).")
    ] = None,
    by: ByOpt = None,
    db: DbOpt = None,
    format: FormatOpt = ListFormat.table,
) -> None:
    """Record a disposition for a finding (append-only), or list a person's dispositions.

    The disposition holds for the finding's fingerprint (its code and the facts it compares):
    later reports show it, re-validation does not alert it again unless its facts change, and
    false positives and cleared findings no longer count towards the score.
    """
    from scanner.model import ReviewStatus
    from scanner.store.reviews import ReviewError, add_review, list_reviews, resolve_target

    with _open(db) as store:
        if store.person(id) is None:
            die(f"no stored scans for {id!r} in {store.path}")
        if status is None:
            if reason is not None or by is not None:
                die("--reason and --by go with --status (recording a review)")
            records = list_reviews(store, id)
            if target is not None:
                try:
                    fp = resolve_target(store, id, target).fingerprint
                except ReviewError as exc:
                    die(str(exc))
                records = [r for r in records if r.fingerprint == fp]
            _print_reviews(id, records, format)
            return
        if target is None:
            die("give the finding to review: its CODE or FINGERPRINT (see `scanner review ID`)")
        if not (reason or "").strip():
            die("--reason is required with --status: say why, for the audit trail")
        try:
            finding = resolve_target(store, id, target)
        except ReviewError as exc:
            die(str(exc))
        record = add_review(
            store,
            id,
            finding,
            status=ReviewStatus(status.value),
            reason=(reason or "").strip(),
            by=(by or current_user()).strip(),
        )
    if format is ListFormat.json:
        _print_reviews(id, [record], format)
        return
    info(
        f"recorded {record.review.status.value} for {id} {finding.code} "
        f"{finding.fingerprint[:12]} by {record.review.by}: {record.review.reason}"
    )


def _print_reviews(person_id: str, records: list[ReviewRecord], fmt: ListFormat) -> None:
    if fmt is ListFormat.json:
        rows = [
            {
                "id": person_id,
                "code": r.code,
                "fingerprint": r.fingerprint,
                "status": r.review.status.value,
                "reason": r.review.reason,
                "by": r.review.by,
                "at": _iso(r.review.at),
                "message": r.finding.message,
            }
            for r in records
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not records:
        echo(f"no reviews recorded for {person_id}")
        return
    for r in records:
        echo(
            f"{_when(r.review.at)}  {r.code}  {r.fingerprint[:12]}  {r.review.status.value:<14} "
            f"by {r.review.by}: {r.review.reason}"
        )
        echo(f"    {r.finding.message}")


# -- watch ----------------------------------------------------------------------------------
watch_app = typer.Typer(
    name="watch",
    help="The watchlist: identifiers from confirmed cases that every check, batch and "
    "re-validation is matched against (NW009).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(watch_app, name="watch")


def _document_value(value: str) -> str:
    """A document given as a file is watched by its SHA-256 (the file is read only to hash it)."""
    import hashlib

    path = Path(value).expanduser()
    if len(value) < 4096 and path.is_file():
        h = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    return value


@watch_app.command("add")
def watch_add(
    kind: Annotated[WatchKind, typer.Argument(help="What the value is.")],
    value: Annotated[
        str,
        typer.Argument(
            help="The identifier as you have it (a document: its file, SHA-256 or fp: fingerprint)."
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why: the case it comes from.")],
    by: ByOpt = None,
    db: DbOpt = None,
) -> None:
    """Put an identifier on the watchlist."""
    from scanner.store.watchlist import WatchlistError, add_entry

    if not reason.strip():
        die("--reason must say why (the case the identifier comes from)")
    text = _document_value(value) if kind is WatchKind.document else value
    with _open(db, create=True) as store:
        try:
            entry, added = add_entry(
                store, kind.value, text, reason=reason.strip(), by=(by or current_user()).strip()
            )
        except WatchlistError as exc:
            die(str(exc))
    if added:
        info(f"watching {kind.value} {entry.value} (matched as {entry.key}): {entry.reason}")
    else:
        info(
            f"{kind.value} {value} is already on the watchlist as {entry.value!r} "
            f"(added by {entry.added_by} on {_when(entry.added_at)}): {entry.reason}"
        )


@watch_app.command("list")
def watch_list(
    db: DbOpt = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also entries removed earlier (the audit trail).")
    ] = False,
    format: FormatOpt = ListFormat.table,
) -> None:
    """The watchlist's entries."""
    from scanner.store.db import resolve_db_path
    from scanner.store.watchlist import list_entries

    if not resolve_db_path(db).is_file():
        entries = []
    else:
        with _open(db) as store:
            entries = list_entries(store, include_removed=all_)
    if format is ListFormat.json:
        rows = [
            {
                "kind": x.entry.kind,
                "value": x.entry.value,
                "key": x.entry.key,
                "reason": x.entry.reason,
                "added_by": x.entry.added_by,
                "added_at": _iso(x.entry.added_at) if x.entry.added_at else None,
                **(
                    {
                        "removed_at": _iso(datetime.fromisoformat(x.removed_at)),
                        "removed_by": x.removed_by,
                        "removed_reason": x.removed_reason,
                    }
                    if x.removed_at
                    else {}
                ),
            }
            for x in entries
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not entries:
        echo("the watchlist is empty")
        return
    for x in entries:
        e = x.entry
        gone = (
            f"  [removed {_when(x.removed_at)} by {x.removed_by}: {x.removed_reason or 'no reason'}]"
            if x.removed_at
            else ""
        )
        echo(f"{e.kind:<9} {e.value}  — {e.reason} (by {e.added_by}, {_when(e.added_at)}){gone}")


@watch_app.command("remove")
def watch_remove(
    kind: Annotated[WatchKind, typer.Argument(help="What the value is.")],
    value: Annotated[str, typer.Argument(help="The identifier, as added or written another way.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is removed.")] = None,
    by: ByOpt = None,
    db: DbOpt = None,
) -> None:
    """Take an identifier off the watchlist (kept in the audit trail as removed)."""
    from scanner.store.watchlist import remove_entry

    text = _document_value(value) if kind is WatchKind.document else value
    with _open(db) as store:
        n = remove_entry(
            store, kind.value, text, by=(by or current_user()).strip(), reason=reason or ""
        )
    if not n:
        die(f"{kind.value} {value} is not on the watchlist (see `scanner watch list`)")
    info(f"removed {n} watchlist entr{'y' if n == 1 else 'ies'} for {kind.value} {value}")


# -- tracking -------------------------------------------------------------------------------
IdsArg = Annotated[list[str], typer.Argument(metavar="ID...", help="Stored people's ids.")]


def _set_tracked(ids: list[str], on: bool, db: Path | None, by: str | None, reason: str) -> None:
    with _open(db) as store:
        unknown = [i for i in ids if store.person(i) is None]
        if unknown:
            die(
                f"no stored person {', '.join(map(repr, unknown))} in {store.path} "
                "(scan them first, with --track)",
                EXIT_USAGE,
            )
        changed = store.set_tracked(ids, on, actor=(by or current_user()).strip(), reason=reason)
        path = store.path
    verb = "tracking" if on else "no longer tracking"
    for pid in ids:
        state = "" if pid in changed else f" (already {'tracked' if on else 'untracked'})"
        info(f"{verb} {pid}{state} in {path}")


@app.command()
def track(
    ids: IdsArg,
    reason: Annotated[str, typer.Option("--reason", help="Why (e.g. hired, contract 12).")] = "",
    by: ByOpt = None,
    db: DbOpt = None,
) -> None:
    """Track stored people (hired contractors): `revalidate` re-checks the tracked set."""
    _set_tracked(ids, True, db, by, reason)


@app.command()
def untrack(
    ids: IdsArg,
    reason: Annotated[str, typer.Option("--reason", help="Why (e.g. contract ended).")] = "",
    by: ByOpt = None,
    db: DbOpt = None,
) -> None:
    """Stop re-validating these people; their scans and the audit trail stay (`forget` erases)."""
    _set_tracked(ids, False, db, by, reason)


@app.command()
def tracked(db: DbOpt = None, format: FormatOpt = ListFormat.table) -> None:
    """The people `revalidate` re-checks by default."""
    from scanner.store.db import resolve_db_path

    if not resolve_db_path(db).is_file():
        people = []
    else:
        with _open(db) as store:
            people = [(p, store.tracking_trail(p.id)) for p in store.people(tracked_only=True)]
    if format is ListFormat.json:
        rows = []
        for p, trail in people:
            since = next((t for t in reversed(trail) if t[0] == "track"), None)
            rows.append(
                {
                    "id": p.id,
                    "name": p.name or None,
                    "scans": p.scans,
                    "last_seen": _iso(p.last_seen),
                    "tracked_since": _iso(datetime.fromisoformat(since[1])) if since else None,
                    "tracked_by": since[2] if since else None,
                    "reason": since[3] if since else None,
                }
            )
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not people:
        echo("nobody is tracked (scanner track ID..., or --track on check/batch)")
        return
    for p, trail in people:
        since = next((t for t in reversed(trail) if t[0] == "track"), None)
        how = f"tracked since {_when(since[1])} by {since[2]}" if since else "tracked"
        why = f": {since[3]}" if since and since[3] else ""
        echo(f"{p.id}  {p.name}  {p.scans} scan(s), last {_when(p.last_seen)}; {how}{why}")
