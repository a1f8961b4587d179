"""Profiles, source documents and findings to plain JSON-able dicts and back, losslessly.

The store keeps what each source said (the extracted `Profile`) so that a later scan can be
compared with it; these functions are the only place that knows the stored shape. Default-valued
fields are left out to keep 100,000 stored profiles small; reading fills them back in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from extractors.model import (
    DateRange,
    DocumentMeta,
    EmploymentType,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    StatedExperience,
    Study,
    frozen_mapping,
)
from scanner.model import Category, Evidence, Finding, Risk, Severity
from scanner.scoring import level_for

__all__ = [
    "dumps",
    "finding_from_dict",
    "finding_to_dict",
    "position_from_dict",
    "position_to_dict",
    "profile_from_dict",
    "profile_to_dict",
    "risk_from_dict",
    "risk_to_dict",
    "source_from_dict",
    "source_to_dict",
]


def dumps(data: Any) -> str:
    """Compact, deterministic JSON (sorted keys) for storage and hashing."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _pd(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _pd_back(text: str | None) -> PartialDate | None:
    return PartialDate.parse_iso(text) if text else None


def range_to_dict(r: DateRange | None) -> dict[str, Any] | None:
    if r is None:
        return None
    out: dict[str, Any] = {"start": _pd(r.start), "end": _pd(r.end)}
    if r.current:
        out["current"] = True
    if r.raw:
        out["raw"] = r.raw
    return out


def range_from_dict(d: Mapping[str, Any] | None) -> DateRange | None:
    if d is None:
        return None
    return DateRange(
        start=_pd_back(d.get("start")),
        end=_pd_back(d.get("end")),
        current=bool(d.get("current", False)),
        raw=d.get("raw", ""),
    )


def _compact(pairs: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty strings, empty tuples and None (the dataclass defaults)."""
    return {k: v for k, v in pairs.items() if v not in ("", None, (), [])}


def position_to_dict(p: Position) -> dict[str, Any]:
    out = _compact(
        {
            "org": p.org,
            "title": p.title,
            "range": range_to_dict(p.range),
            "location": p.location,
            "description": p.description,
            "raw": p.raw,
        }
    )
    out["org"] = p.org
    if p.employment_type is not EmploymentType.FULL_TIME:
        out["type"] = p.employment_type.value
    out.update(_confidence(p.confidence, p.confidence_reason))
    return out


def _confidence(value: float, reason: str) -> dict[str, Any]:
    """How sure the reader was of an entry, kept only when it was less than sure."""
    return {"confidence": value, "confidence_reason": reason} if value < 1.0 else {}


def position_from_dict(d: Mapping[str, Any]) -> Position:
    return Position(
        org=d.get("org", ""),
        title=d.get("title", ""),
        range=range_from_dict(d.get("range")),
        location=d.get("location", ""),
        employment_type=EmploymentType(d.get("type", EmploymentType.FULL_TIME.value)),
        description=d.get("description", ""),
        raw=d.get("raw", ""),
        confidence=float(d.get("confidence", 1.0)),
        confidence_reason=d.get("confidence_reason", ""),
    )


def study_to_dict(s: Study) -> dict[str, Any]:
    out = _compact(
        {"degree": s.degree, "field": s.field, "range": range_to_dict(s.range), "raw": s.raw}
    )
    out["school"] = s.school
    out.update(_confidence(s.confidence, s.confidence_reason))
    return out


def study_from_dict(d: Mapping[str, Any]) -> Study:
    return Study(
        school=d.get("school", ""),
        degree=d.get("degree", ""),
        field=d.get("field", ""),
        range=range_from_dict(d.get("range")),
        raw=d.get("raw", ""),
        confidence=float(d.get("confidence", 1.0)),
        confidence_reason=d.get("confidence_reason", ""),
    )


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt_back(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def document_to_dict(m: DocumentMeta) -> dict[str, Any]:
    return _compact(
        {
            "author": m.author,
            "last_modified_by": m.last_modified_by,
            "producer": m.producer,
            "creator": m.creator,
            "title": m.title,
            "subject": m.subject,
            "created": _dt(m.created),
            "modified": _dt(m.modified),
            "pages": m.pages,
        }
    )


def document_from_dict(d: Mapping[str, Any]) -> DocumentMeta:
    return DocumentMeta(
        author=d.get("author", ""),
        last_modified_by=d.get("last_modified_by", ""),
        producer=d.get("producer", ""),
        creator=d.get("creator", ""),
        title=d.get("title", ""),
        subject=d.get("subject", ""),
        created=_dt_back(d.get("created")),
        modified=_dt_back(d.get("modified")),
        pages=d.get("pages"),
    )


_STR_TUPLES = (
    "other_names",
    "emails",
    "phones",
    "locations",
    "addresses",
    "shipping_addresses",
    "urls",
    "linkedin_slugs",
    "github_handles",
    "photo_hashes",
    "references",
    "skills",
    "notes",
)


def profile_to_dict(p: Profile, *, keep_text: bool = True) -> dict[str, Any]:
    """A profile as a dict; `keep_text=False` leaves out the document's full text (raw content)."""
    out: dict[str, Any] = _compact({"name": p.name, "headline": p.headline, "summary": p.summary})
    for key in _STR_TUPLES:
        values = getattr(p, key)
        if values:
            out[key] = list(values)
    if p.experience:
        out["experience"] = [position_to_dict(x) for x in p.experience]
    if p.education:
        out["education"] = [study_to_dict(x) for x in p.education]
    if p.stated_experience:
        out["stated_experience"] = [
            _compact(
                {
                    "years": s.years,
                    "raw": s.raw,
                    "subject": s.subject,
                    "at_least": s.at_least or None,
                }
            )
            for s in p.stated_experience
        ]
    if p.document is not None:
        out["document"] = document_to_dict(p.document)
    if p.as_of is not None:
        out["as_of"] = p.as_of.isoformat()
    if p.text and keep_text:
        out["text"] = p.text
    if p.unread_parts:
        out["unread_parts"] = list(p.unread_parts)
    if p.export_fingerprint:
        out["export_fingerprint"] = json.loads(dumps(dict(p.export_fingerprint)))
    if p.github:
        out["github"] = json.loads(dumps(dict(p.github)))
    if p.extra:
        out["extra"] = json.loads(dumps(dict(p.extra)))
    return out


def profile_from_dict(d: Mapping[str, Any]) -> Profile:
    # Scans stored before 0.2 kept the fingerprint, GitHub data and unread parts in `extra`.
    old_extra = dict(d.get("extra") or {})
    return Profile(
        name=d.get("name", ""),
        headline=d.get("headline", ""),
        summary=d.get("summary", ""),
        **{key: tuple(d.get(key, ())) for key in _STR_TUPLES},
        experience=tuple(position_from_dict(x) for x in d.get("experience", ())),
        education=tuple(study_from_dict(x) for x in d.get("education", ())),
        stated_experience=tuple(
            StatedExperience(
                years=float(s["years"]),
                raw=s.get("raw", ""),
                subject=s.get("subject", ""),
                at_least=bool(s.get("at_least", False)),
            )
            for s in d.get("stated_experience", ())
        ),
        document=document_from_dict(d["document"]) if "document" in d else None,
        as_of=date.fromisoformat(d["as_of"]) if d.get("as_of") else None,
        text=d.get("text", ""),
        unread_parts=tuple(d.get("unread_parts") or old_extra.pop("unread_parts", ())),
        export_fingerprint=_frozen(
            d.get("export_fingerprint") or old_extra.pop("linkedin_fingerprint", None)
        ),
        github=_frozen(d.get("github") or old_extra.pop("github", None)),
        extra=frozen_mapping(old_extra),
    )


def _frozen(value: Any) -> Mapping[str, Any] | None:
    return frozen_mapping(value) if isinstance(value, Mapping) and value else None


def source_to_dict(s: SourceDocument) -> dict[str, Any]:
    """Provenance of a source document, without its content (raw content is kept separately)."""
    return {
        "kind": s.kind.value,
        "format": s.format,
        "uri": s.uri,
        "media_type": s.media_type,
        "sha256": s.sha256,
        "retrieved_at": s.retrieved_at.isoformat(),
        "collector": s.collector,
        "status": s.status.value,
        "error": s.error,
        "meta": json.loads(dumps(dict(s.meta))),
    }


def source_from_dict(d: Mapping[str, Any], content: bytes = b"") -> SourceDocument:
    return SourceDocument(
        kind=SourceKind(d["kind"]),
        format=d.get("format", ""),
        uri=d.get("uri", ""),
        content=content,
        media_type=d.get("media_type", "application/octet-stream"),
        sha256=d.get("sha256", ""),
        retrieved_at=datetime.fromisoformat(d["retrieved_at"]),
        collector=d.get("collector", ""),
        status=SourceStatus(d.get("status", "ok")),
        error=d.get("error"),
        meta=frozen_mapping(d.get("meta")),
    )


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "title": f.title,
        "category": f.category.value,
        "severity": f.severity.value,
        "confidence": f.confidence,
        "message": f.message,
        "evidence": [
            _compact({"field": e.field, "value": e.value, "note": e.note}) | {"source": e.source}
            for e in f.evidence
        ],
        "cluster": f.cluster,
        "fingerprint": f.fingerprint,
    }


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    return Finding(
        code=d["code"],
        title=d.get("title", ""),
        category=Category(d["category"]),
        severity=Severity(d["severity"]),
        confidence=float(d.get("confidence", 0.0)),
        message=d.get("message", ""),
        evidence=tuple(
            Evidence(
                source=e.get("source"),
                field=e.get("field", ""),
                value=e.get("value", ""),
                note=e.get("note", ""),
            )
            for e in d.get("evidence", ())
        ),
        cluster=d.get("cluster"),
        fingerprint=str(d.get("fingerprint") or ""),  # scans stored before 0.2: from the evidence
    )


def risk_to_dict(r: Risk) -> dict[str, Any]:
    return {
        "score": r.score,
        "level": r.level.value,
        "contributions": [[c, p] for c, p in r.contributions],
    }


def risk_from_dict(d: Mapping[str, Any]) -> Risk:
    score = int(d.get("score", 0))
    from scanner.model import Level

    level = Level(d["level"]) if "level" in d else level_for(score)
    return Risk(
        score=score,
        level=level,
        contributions=tuple((str(c), int(p)) for c, p in d.get("contributions", ())),
    )
