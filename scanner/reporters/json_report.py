"""The JSON report of the public contract (schema: `scanner/schema/report.schema.json`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from extractors.model import DateRange, Position, Profile, SourceDocument, Study
from scanner import __version__
from scanner.jsonbytes import iso_datetime
from scanner.model import CandidateReport, Cluster, Finding, Report, Review

__all__ = ["SCHEMA_VERSION", "load_schema", "render_json", "report_to_dict"]

SCHEMA_VERSION = "1.1"


def _date(rng: DateRange | None, end: bool) -> str | None:
    if rng is None:
        return None
    value = rng.end if end else rng.start
    return str(value) if value else None


def position_dict(p: Position) -> dict[str, Any]:
    return {
        "org": p.org,
        "title": p.title,
        "start": _date(p.range, False),
        "end": _date(p.range, True),
        "current": bool(p.range and p.range.current and p.range.end is None),
        "employment_type": p.employment_type.value,
        "location": p.location or None,
        "confidence": round(p.confidence, 2),
        "confidence_reason": p.confidence_reason,
    }


def study_dict(s: Study) -> dict[str, Any]:
    return {
        "school": s.school,
        "degree": s.degree or None,
        "field": s.field or None,
        "start": _date(s.range, False),
        "end": _date(s.range, True),
        "confidence": round(s.confidence, 2),
        "confidence_reason": s.confidence_reason,
    }


def profile_dict(index: int, p: Profile) -> dict[str, Any]:
    return {
        "source": index,
        "name": p.name or None,
        "headline": p.headline or None,
        "emails": list(p.emails),
        "phones": list(p.phones),
        "locations": list(p.locations),
        "addresses": list(p.addresses),
        "shipping_addresses": list(p.shipping_addresses),
        "urls": list(p.urls),
        "experience": [position_dict(x) for x in p.experience],
        "education": [study_dict(x) for x in p.education],
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "notes": list(p.notes),
    }


# Collector facts worth showing an analyst: where a page ended up and what was seen.
CAPTURE_KEYS = (
    "final_url",
    "http_status",
    "screenshot_sha256",
    "screenshot_path",
    "snapshot_of",
    "captured_at",
    "browser",
)


def source_dict(s: SourceDocument) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if s.meta:  # most sources carry no collector facts
        capture = {k: s.meta[k] for k in CAPTURE_KEYS if s.meta.get(k) not in (None, "")}
        if capture:
            out["capture"] = capture
    out["kind"] = s.kind._value_  # `.value` without the enum descriptor (rows in the thousands)
    out["format"] = s.format
    out["uri"] = s.uri
    out["sha256"] = s.sha256 or None
    out["status"] = s.status._value_
    out["error"] = s.error
    out["retrieved_at"] = iso_datetime(s.retrieved_at).replace("+00:00", "Z")
    return out


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code,
        "title": f.title,
        "category": f.category._value_,
        "severity": f.severity._value_,
        "confidence": f.confidence,
        "message": f.message,
        "evidence": [
            {"source": e.source, "field": e.field, "value": e.value, "note": e.note}
            if e.note
            else {"source": e.source, "field": e.field, "value": e.value}
            for e in f.evidence
        ],
        "cluster": f.cluster,
        "fingerprint": f.fingerprint,
    }
    if f.review is not None:
        out["review"] = review_dict(f.review)
    return out


def review_dict(r: Review) -> dict[str, Any]:
    return {
        "status": r.status.value,
        "reason": r.reason,
        "by": r.by,
        "at": r.at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }


def candidate_dict(c: CandidateReport) -> dict[str, Any]:
    out = candidate_head(c)
    out["checks_not_run"] = not_run_list(c.checks_not_run)
    return out


def not_run_list(not_run: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """A candidate's `checks_not_run` as the report writes it."""
    return [{"code": code, "reason": why} for code, why in not_run]


def candidate_head(c: CandidateReport) -> dict[str, Any]:
    """A candidate as the report writes it, all but `checks_not_run` (which comes last)."""
    return {
        "id": c.id,
        "name": c.name or None,
        "risk": {
            "score": c.risk.score,
            "level": c.risk.level._value_,
            "contributions": [{"code": code, "points": pts} for code, pts in c.risk.contributions],
        },
        "complete": c.complete,
        "sources": [source_dict(s) for s in c.sources],
        "profiles": [profile_dict(i, p) for i, p in enumerate(c.profiles) if p is not None],
        "findings": [finding_dict(f) for f in c.findings],
    }


def cluster_dict(c: Cluster) -> dict[str, Any]:
    return {
        "id": c.id,
        "members": list(c.members),
        "links": [{"kind": x.kind, "value": x.value, "members": list(x.members)} for x in c.links],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "scanner", "version": __version__},
        "generated_at": report.generated_at.replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "complete": report.complete,
        "candidates": [candidate_dict(c) for c in report.candidates],
        "clusters": [cluster_dict(c) for c in report.clusters],
        "notes": list(report.notes),
        **_settings(report),
    }


def _settings(report: Report) -> dict[str, Any]:
    """The settings file read and what it changed, when one was (a planted file shows here)."""
    source = report.settings.get("config_file")
    if not source:
        return {}
    return {
        "settings": {
            "config_file": str(source),
            "config_changes": [str(x) for x in report.settings.get("config_changes", ())],
        }
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    from importlib.resources import files

    text = files("scanner").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
