"""The local batch engine: per-applicant work in a process pool, then linkage and the NW checks.

Per row (in a worker): application fields + files → candidate → every selected check except NW
→ linkage keys. Each finished row is appended to a checkpoint (`<out>.partial.jsonl`) so that
Ctrl-C keeps what is done and `--continue` resumes without redoing it. Then, in this process:
linkage over all rows (and the stored history), the NW checks on the precomputed links, scores.
"""

from __future__ import annotations

import copyreg
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from extractors.model import SourceDocument, SourceKind, SourceStatus
from scanner.batch.codec import decode, encode
from scanner.batch.keys import RowKeys, candidate_keys
from scanner.batch.linkage import ExternalRecord, Linkage, LinkageOptions, external_rows, link
from scanner.batch.spreadsheet import Sheet, SheetRow
from scanner.batch.wire import by_fields
from scanner.config import Config
from scanner.model import Candidate, CandidateReport, Report, WatchlistLookup
from scanner.pipeline import (
    FetchOptions,
    SourceRef,
    build_candidate,
    extract_source,
    is_url,
    report_settings,
    scan_candidate,
)
from scanner.registry import CheckContext, registry, run_checks
from scanner.scoring import score
from scanner.sources import UnsafeSource, vet_document_path, vet_github, vet_url_cell

__all__ = [
    "BatchInterrupted",
    "BatchSettings",
    "CheckpointMismatch",
    "RowResult",
    "RowTask",
    "finish_report",
    "finish_row",
    "line_to_result",
    "linkage_options",
    "linkage_rows",
    "process_row",
    "result_to_line",
    "run_local",
]

APPLICATION_FIELDS = ("name", "email", "phone", "location", "address", "shipping_address",
                      "linkedin", "github", "site", "references")  # fmt: skip


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs besides the row; sent once per worker, not per task."""

    config: Config
    fetch: FetchOptions = field(default_factory=FetchOptions)
    codes: tuple[str, ...] = ()  # per-row checks (every selected code but NW)
    network_codes: tuple[str, ...] = ()
    sheet_name: str = "applicants"
    base: str = "."
    # Where document cells may point (absolute, links resolved): `--documents DIR`, else the
    # sheet's folder. Relative cells resolve against it.
    documents: str = ""
    as_of: date = field(default_factory=lambda: datetime.now(UTC).date())
    default_region: str = "US"
    placeholders: Mapping[str, str] = field(default_factory=dict)
    keep_content: bool = False

    @classmethod
    def from_config(
        cls,
        config: Config,
        fetch: FetchOptions,
        sheet: Path,
        *,
        documents: Path | None = None,
        **kw: Any,
    ) -> BatchSettings:
        selected = config.selected(registry.codes())
        refs = config.references.get("placeholders", {})
        return cls(
            config=config,
            fetch=fetch,
            codes=tuple(c for c in selected if not c.startswith("NW")),
            network_codes=tuple(c for c in selected if c.startswith("NW")),
            sheet_name=sheet.name,
            base=str(sheet.resolve().parent),
            documents=str((documents or sheet.resolve().parent).resolve()),
            default_region=str(config.params("NW")["default_region"]).upper(),
            placeholders={str(k): str(v) for k, v in refs.items()},
            **kw,
        )


@by_fields
@dataclass(frozen=True)
class RowTask:
    index: int
    row: SheetRow


@dataclass
class RowResult:
    index: int
    row: int
    report: CandidateReport
    keys: RowKeys


class CheckpointMismatch(ValueError):
    """The checkpoint file belongs to another spreadsheet or other settings."""


class BatchInterrupted(Exception):
    def __init__(self, done: int, total: int | None) -> None:
        super().__init__(f"interrupted after {done} rows")
        self.done = done
        self.total = total


# --------------------------------------------------------------------------------------------
# One row
# --------------------------------------------------------------------------------------------


def _refs(fields: Mapping[str, str], root: Path) -> tuple[list[SourceRef], list[str]]:
    """The row's sources, and the cells refused (a path where a URL belongs, bad handles).

    Cells are applicant-typed: document cells may only name files inside `root` (checked when
    read, see `SourceRef.confine`); URL-typed cells (website, GitHub) are never opened as paths.
    """
    refs: list[SourceRef] = []
    refused: list[str] = []
    for path in _split(fields.get("resume", "")):
        refs.append(SourceRef(path, SourceKind.RESUME, root, confine=root))
    for li in _split(fields.get("linkedin", "")):
        if is_url(li):
            refs.append(SourceRef(li, SourceKind.LINKEDIN_PAGE))
        else:
            refs.append(SourceRef(li, None, root, confine=root))
    gh = fields.get("github", "").strip()
    if gh:
        try:
            refs.append(SourceRef(vet_github(gh), SourceKind.GITHUB))
        except UnsafeSource as exc:
            refused.append(str(exc))
    for site in _split(fields.get("site", "")):
        try:
            refs.append(SourceRef(vet_url_cell(site, "website"), SourceKind.SITE))
        except UnsafeSource as exc:
            refused.append(str(exc))
    return refs, refused


@lru_cache(maxsize=8)
def _root(folder: str) -> Path:
    """The folder document cells are read from, as a path (made once, not once a row)."""
    return Path(folder)


def _split(value: str) -> list[str]:
    if ";" not in value:  # one value or none (most cells): no list to split
        one = value.strip()
        return [one] if one else []
    return [v.strip() for v in value.split(";") if v.strip()]


def _error_source(uri: str, message: str) -> SourceDocument:
    return SourceDocument(
        kind=SourceKind.APPLICATION,
        format="fields",
        uri=uri,
        collector="spreadsheet",
        status=SourceStatus.ERROR,
        error=message,
    )


def build_row_candidate(
    task: RowTask, settings: BatchSettings
) -> tuple[Candidate, bytes | None, str | None]:
    """The candidate of one row, the photo bytes (if any) and a photo problem (if any)."""
    row = task.row
    uri = f"{settings.sheet_name}#row={row.number}"
    if row.empty:
        cand = Candidate(id=row.id, as_of=settings.as_of)
        cand.sources.append(_error_source(uri, f"row {row.number} is empty"))
        cand.profiles.append(None)
        return cand, None, None
    root = _root(settings.documents or settings.base)
    fields = row.fields
    app = {k: fields[k] for k in APPLICATION_FIELDS if fields.get(k)}
    if app.get("github") and is_url(app["github"]) is False:
        app["github"] = app["github"].lstrip("@")
    refs, refused = _refs(fields, root)
    cand = build_candidate(
        row.id,
        app,
        refs,
        config=settings.config,
        fetch=settings.fetch,
        as_of=settings.as_of,
        application_uri=uri,
    )
    text = fields.get("resume_text", "").strip()
    if text:
        content = text.encode("utf-8")
        doc = SourceDocument(
            kind=SourceKind.RESUME,
            format="txt",
            uri=f"{uri}/resume_text",
            content=content,
            media_type="text/plain",
            sha256=SourceDocument.digest(content),
            collector="spreadsheet",
        )
        doc, prof = extract_source(doc, settings.config)
        if prof is not None and not prof.text:
            prof = replace(prof, text=text)
        cand.sources.append(doc)
        cand.profiles.append(prof)
    problems = [*row.problems, *(f"not read: {r}" for r in refused)]
    if problems:
        cand.sources.append(_error_source(uri, "; ".join(problems)))
        cand.profiles.append(None)
    photo: bytes | None = None
    problem: str | None = None
    if fields.get("photo"):
        photo, problem, where = _read_photo(fields["photo"], root)
        if photo is not None:
            cand.photo = where
    return cand, photo, problem


PHOTO_MAX_BYTES = 20_000_000


def _read_photo(cell: str, root: Path) -> tuple[bytes | None, str | None, str]:
    """The photo a cell names (vetted like every document cell): bytes, a problem, its path."""
    from scanner.collectors.files import read_limited

    try:
        path = vet_document_path(cell, root)
        return read_limited(path, PHOTO_MAX_BYTES, regular_only=True), None, str(path)
    except UnsafeSource as exc:
        return None, f"photo not read: {exc}", cell
    except OSError as exc:
        return None, f"photo {cell!r} could not be read: {exc.strerror or exc}", cell


def process_row(task: RowTask, settings: BatchSettings) -> RowResult:
    """Everything per applicant: collect, extract, check (not NW), linkage keys. Never raises."""
    try:
        cand, photo, photo_problem = build_row_candidate(task, settings)
    except Exception as exc:  # a collector bug must not lose the batch
        cand = Candidate(id=task.row.id, as_of=settings.as_of)
        cand.sources.append(
            _error_source(
                f"{settings.sheet_name}#row={task.row.number}",
                f"row could not be read ({type(exc).__name__}: {exc})",
            )
        )
        cand.profiles.append(None)
        photo, photo_problem = None, None
    return _finish_row(task, cand, settings, photo, photo_problem)


def _finish_row(
    task: RowTask,
    cand: Candidate,
    settings: BatchSettings,
    photo: bytes | None,
    photo_problem: str | None,
) -> RowResult:
    """Checks, the SRC001 fallback, linkage keys: the rest of a row once its candidate is built."""
    try:
        report = scan_candidate(cand, settings.config, settings.codes)
    except Exception as exc:  # scoring or a check runner bug: keep the row, say so
        report = CandidateReport(
            id=cand.id, name=cand.name, risk=score([], complete=False), complete=False, sources=cand.sources,
            profiles=cand.profiles, findings=[], checks_not_run=[("*", f"checks failed: {exc}")],
            as_of=cand.as_of,
        )  # fmt: skip
    if photo_problem:
        report.checks_not_run.append(("NW006", photo_problem))
    keys = candidate_keys(
        cand,
        task.index,
        row=task.row.number,
        default_region=settings.default_region,
        placeholders=settings.placeholders,
        photo=photo,
    )
    if not settings.keep_content:
        report.sources = [replace(s, content=b"") if s.content else s for s in report.sources]
    return RowResult(task.index, task.row.number, report, keys)


# --------------------------------------------------------------------------------------------
# The pool
# --------------------------------------------------------------------------------------------

_SETTINGS: BatchSettings | None = None


def _init_worker(settings: BatchSettings) -> None:
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _SETTINGS = settings
    registry.load()


def result_to_line(res: RowResult) -> str:
    """One finished row as a JSON line (what workers send back and the checkpoint keeps)."""
    data = {"i": res.index, "row": res.row, "report": encode(res.report), "keys": encode(res.keys)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def line_to_result(line: str) -> RowResult:
    data = json.loads(line)
    return RowResult(
        data["i"],
        data["row"],
        decode(CandidateReport, data["report"]),
        decode(RowKeys, data["keys"]),
    )


def _work(task: RowTask) -> tuple[RowResult, str]:
    """In a worker: the row's result (pickled back) and its checkpoint line (encoded here, in parallel)."""
    assert _SETTINGS is not None
    res = process_row(task, _SETTINGS)
    return res, result_to_line(res)


def _mappingproxy(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(data)


def _reduce_mappingproxy(m: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _mappingproxy, (dict(m),)


# The model's frozen mappings are read-only proxies, which pickle cannot handle by default.
copyreg.pickle(MappingProxyType, _reduce_mappingproxy)


def _tasks(sheet: Sheet) -> Iterator[RowTask]:
    return (RowTask(i, row) for i, row in enumerate(sheet.rows()))


def run_local(sheet: Sheet, settings: BatchSettings, *, workers: int) -> list[RowResult]:
    """Every row's result in memory, in row order (in `workers` processes): the engine `scanner
    batch` used before it streamed, kept as the reference the streaming engine is tested against
    (`tests/test_batch_stream.py`) and for the worker-pool benchmark."""
    if workers <= 1:
        registry.load()
        results = [process_row(t, settings) for t in _tasks(sheet)]
    else:
        from scanner.batch.pool import run_pool

        results = [
            res
            for res, _line in run_pool(
                _tasks(sheet),
                _work,
                workers=workers,
                on_death=lambda task, why: _lost_row(task, settings, why),
                init=_init_worker,
                initargs=(settings,),
            )
        ]
    return sorted(results, key=lambda r: r.index)


def _lost_row(task: RowTask, settings: BatchSettings, reason: str) -> tuple[RowResult, str]:
    """The result of a row whose worker died (killed for memory, a crash in a C library): the
    row is incomplete with an SRC001 that says so, and the batch goes on."""
    message = f"row {task.row.number} was not checked: {reason} while reading its sources"
    cand = Candidate(id=task.row.id, as_of=settings.as_of)
    cand.sources.append(_error_source(f"{settings.sheet_name}#row={task.row.number}", message))
    cand.profiles.append(None)
    res = _finish_row(task, cand, settings, None, None)
    return res, result_to_line(res)


# --------------------------------------------------------------------------------------------
# After the rows: linkage, NW checks, the report
# --------------------------------------------------------------------------------------------


def linkage_options(config: Config) -> LinkageOptions:
    """The linkage's settings: `[thresholds.NW]` and the NW checks' declared parameters."""
    return LinkageOptions(
        hub_size=int(config.params("NW")["hub_size"]),
        resume_similarity=float(config.params("NW005")["similarity"]),
        photo_distance=int(config.params("NW006")["max_distance"]),
        shared_reference_min=int(config.params("NW008")["shared_reference_min"]),
    )


def finish_row(
    rep: CandidateReport,
    lookup: Any,
    settings: BatchSettings,
    watchlist: WatchlistLookup | None = None,
    ctx: CheckContext | None = None,
) -> CandidateReport:
    """One applicant's NW checks on its links (`lookup`, from `Linkage.lookup_for`) and the
    watchlist, merged with its other findings and rescored."""
    cand = Candidate(
        id=rep.id,
        sources=rep.sources,
        profiles=rep.profiles,
        as_of=rep.as_of or settings.as_of,
        lookup=lookup,
        watchlist=watchlist,
    )
    nw = run_checks(cand, ctx or CheckContext(config=settings.config), settings.network_codes)
    findings = sorted(
        [*rep.findings, *nw.findings],
        key=lambda f: (-f.severity.rank, -f.confidence, f.code, f.message),
    )
    not_run = kept_not_run(rep.checks_not_run)
    not_run += list(nw.not_run) + [(c, f"check failed: {e}") for c, e in nw.errors]
    return replace(
        rep,
        findings=findings,
        risk=score(findings, complete=rep.complete and not nw.errors),
        checks_not_run=not_run,
        complete=rep.complete and not nw.errors,
    )


_KEPT: dict[tuple[Any, ...], list[tuple[str, str]]] = {}


def kept_not_run(not_run: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The entries of a "not run" list that stand after the NW checks (`_kept_not_run`), worked
    out once per distinct list (most rows of a batch share a handful); a new list each time."""
    try:
        key = tuple(not_run)
        found = _KEPT.get(key)
    except TypeError:  # a pair that is a list
        return [x for x in not_run if _kept_not_run(x)]
    if found is None:
        if len(_KEPT) >= 256:
            _KEPT.clear()
        found = _KEPT[key] = [x for x in not_run if _kept_not_run(x)]
    return list(found)


def _kept_not_run(entry: tuple[str, str]) -> bool:
    """A row's "not run" entry that stands after the NW checks run: every non-NW one, NW006's
    photo problem, and checks disabled by configuration."""
    code, why = entry
    return not code.startswith("NW") or code == "NW006" or why.startswith("disabled by ")


def run_network_checks(
    results: Sequence[RowResult],
    linkage: Linkage,
    settings: BatchSettings,
    watchlist: WatchlistLookup | None = None,
) -> list[CandidateReport]:
    """Run the NW checks on each applicant's precomputed links (and the watchlist) and rescore."""
    ctx = CheckContext(config=settings.config)
    return [
        finish_row(
            res.report, linkage.lookup_for(res.index, res.report.id), settings, watchlist, ctx
        )
        for res in results
    ]


def linkage_rows(
    results: Sequence[RowResult], external: Iterable[ExternalRecord] = ()
) -> tuple[list[RowKeys], list[RowKeys]]:
    """The rows linkage sees: the batch's, numbered 0..n-1, then the stored people's."""
    rows = [replace(r.keys, index=i) for i, r in enumerate(results)]
    stored = external_rows(external, len(rows), [r.report.id for r in results])
    return [*rows, *stored], stored


def finish_report(
    results: Sequence[RowResult],
    settings: BatchSettings,
    *,
    external: Iterable[ExternalRecord] = (),
    notes: Iterable[str] = (),
    linkage: Linkage | None = None,
    watchlist: WatchlistLookup | None = None,
) -> Report:
    """Link the rows (plus stored people from `external`), run NW checks (with the watchlist
    for NW009), build the report."""
    indexed = [replace(r, index=i) for i, r in enumerate(results)]
    rows, stored = linkage_rows(results, external)
    if linkage is None:
        linkage = link(rows, linkage_options(settings.config))
    reports = run_network_checks(indexed, linkage, settings, watchlist)
    report = Report(
        candidates=reports,
        clusters=linkage.clusters,
        settings=report_settings(settings.config, [*settings.codes, *settings.network_codes]),
        notes=[*notes, *linkage.notes],
    )
    if stored:
        report.notes.append(f"linked against {len(stored)} stored people from the history store")
    return report


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def progress_enabled(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()
