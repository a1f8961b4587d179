"""The row-output code as it was before it was made faster (frozen copies, for parity tests).

`tests/test_batch_row_outputs.py` holds the worker's run-file line, report part, linkage hashes,
summary and risk score to these answers, byte for byte. Do not "improve" this module: it is the
reference."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import math
import types
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from extractors.model import DateRange, Position, Profile, SourceDocument, Study
from scanner.batch.keys import RowKeys, photo_bands, signature_bands
from scanner.batch.runfile import NotRunTables, RowSummary
from scanner.identifiers import IDENTS_PER_ROW
from scanner.jsonbytes import compact
from scanner.model import CandidateReport, Finding, Level, Review, Risk, Severity
from scanner.scoring import CODE_CAP, NOT_SCORED, WEIGHT, level_for

# ------------------------------------------------------------------ scanner.batch.codec (encoding)

_Encoder = Callable[[Any], Any]
_KEEP, _IF_EQUAL, _IF_EMPTY = 0, 1, 2


def _identity(obj: Any) -> Any:
    return obj


def _enum_value(obj: Enum) -> Any:
    return obj.value


def _iso(obj: date) -> str:
    return obj.isoformat()


def _b64(obj: bytes) -> str:
    return base64.b64encode(obj).decode("ascii")


def _sequence(obj: Any) -> list[Any]:
    return [encode(v) for v in obj]


def _mapping(obj: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): encode(v) for k, v in obj.items()}


_ENCODERS: dict[type, _Encoder] = {
    type(None): _identity,
    bool: _identity,
    int: _identity,
    float: _identity,
    str: _identity,
    datetime: _iso,
    date: _iso,
    bytes: _b64,
    list: _sequence,
    tuple: _sequence,
    set: _sequence,
    frozenset: _sequence,
    dict: _mapping,
    types.MappingProxyType: _mapping,
}


def encode(obj: Any) -> Any:
    enc = _ENCODERS.get(type(obj))
    if enc is None:
        enc = _ENCODERS[type(obj)] = _encoder_for(type(obj))
    return enc(obj)


def encode_without(obj: Any, name: str) -> dict[str, Any]:
    key = (type(obj), name)
    enc = _WITHOUT.get(key)
    if enc is None:
        enc = _WITHOUT[key] = _dataclass_encoder(type(obj), skip=name)
    out: dict[str, Any] = enc(obj)
    return out


_WITHOUT: dict[tuple[type, str], _Encoder] = {}


def _encoder_for(tp: type) -> _Encoder:
    if issubclass(tp, Enum):
        return _enum_value
    if dataclasses.is_dataclass(tp):
        return _dataclass_encoder(tp)
    for base, enc in (
        (bool, _identity), (int, _identity), (float, _identity), (str, _identity),
        (datetime, _iso), (date, _iso), (bytes, _b64), (Mapping, _mapping),
        (list, _sequence), (tuple, _sequence), (set, _sequence), (frozenset, _sequence),
    ):  # fmt: skip
        if issubclass(tp, base):
            return enc
    raise TypeError(f"cannot encode {tp.__name__}")


def _omission(f: dataclasses.Field[Any]) -> tuple[int, Any]:
    if f.default is not dataclasses.MISSING:
        return _IF_EQUAL, f.default
    if f.default_factory is not dataclasses.MISSING:
        try:
            made = f.default_factory()
        except Exception:
            return _KEEP, None
        if isinstance(made, list | tuple | dict | set | frozenset | Mapping) and not made:
            return _IF_EMPTY, None
    return _KEEP, None


def _dataclass_encoder(tp: type, skip: str = "") -> _Encoder:
    plan = [(f.name, *_omission(f)) for f in dataclasses.fields(tp) if f.name != skip]

    def enc(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, how, default in plan:
            value = getattr(obj, name)
            if how == _IF_EQUAL:
                if value is default or (type(value) is type(default) and value == default):
                    continue
            elif how == _IF_EMPTY and not value and hasattr(value, "__len__"):
                continue
            sub = _ENCODERS.get(type(value))
            out[name] = sub(value) if sub is not None else encode(value)
        return out

    return enc


# ------------------------------------------------------------ scanner.reporters.json_report (head)


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
    capture = {k: s.meta[k] for k in CAPTURE_KEYS if s.meta.get(k) not in (None, "")}
    return {
        **({"capture": capture} if capture else {}),
        "kind": s.kind.value,
        "format": s.format,
        "uri": s.uri,
        "sha256": s.sha256 or None,
        "status": s.status.value,
        "error": s.error,
        "retrieved_at": s.retrieved_at.isoformat().replace("+00:00", "Z"),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "title": f.title,
        "category": f.category.value,
        "severity": f.severity.value,
        "confidence": f.confidence,
        "message": f.message,
        "evidence": [
            {
                "source": e.source,
                "field": e.field,
                "value": e.value,
                **({"note": e.note} if e.note else {}),
            }
            for e in f.evidence
        ],
        "cluster": f.cluster,
        "fingerprint": f.fingerprint,
        **({"review": review_dict(f.review)} if f.review is not None else {}),
    }


def review_dict(r: Review) -> dict[str, Any]:
    return {
        "status": r.status.value,
        "reason": r.reason,
        "by": r.by,
        "at": r.at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }


def not_run_list(not_run: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"code": code, "reason": why} for code, why in not_run]


def candidate_head(c: CandidateReport) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name or None,
        "risk": {
            "score": c.risk.score,
            "level": c.risk.level.value,
            "contributions": [{"code": code, "points": pts} for code, pts in c.risk.contributions],
        },
        "complete": c.complete,
        "sources": [source_dict(s) for s in c.sources],
        "profiles": [profile_dict(i, p) for i, p in enumerate(c.profiles) if p is not None],
        "findings": [finding_dict(f) for f in c.findings],
    }


# ---------------------------------------------------------------- scanner.reporters.stream.fragment

_NR_OPEN = b',"checks_not_run":{"nr":"'
_NR_CLOSE = b'"}}'


def fragment(c: CandidateReport, kind: str, not_run_key: str | None = None) -> bytes:
    """The JSON kind only (the CSV and XLSX kinds are not part of this slice)."""
    assert kind == "json"
    head = compact(candidate_head(c))
    if not_run_key is not None:
        return head[:-1] + _NR_OPEN + not_run_key.encode("ascii") + _NR_CLOSE
    return head[:-1] + b',"checks_not_run":' + compact(not_run_list(c.checks_not_run)) + b"}"


# ------------------------------------------------------------- scanner.batch.runfile.build_record


def build_record(
    index: int,
    row: int,
    report: CandidateReport,
    keys: RowKeys,
    summary: RowSummary,
    out: bytes,
    tables: NotRunTables,
) -> tuple[bytes, int, int, bytes | None]:
    data = encode_without(report, "checks_not_run")
    not_run = report.checks_not_run
    table_line = None
    key = None
    if not_run:
        key, table_line = tables.key_for(report.checks_not_run)
        if key is None:
            data["checks_not_run"] = not_run
    head = compact({"i": index, "row": row, "id": report.id, "v": summary.to_json()})
    prefix = head[:-1] + b',"out":'
    rest: dict[str, Any] = {"report": data, "keys": encode(keys)}
    if key is not None:
        rest["nr"] = key
    tail = compact(rest)
    part = out or b"null"
    line = prefix + part + b"," + tail[1:]
    return line, len(prefix), len(prefix) + len(part), table_line


# ------------------------------------------------------------------ scanner.batch.stream.summarise


def summarise(final: CandidateReport, keys: RowKeys, scan: int | None) -> RowSummary:
    def counted(f: Any) -> bool:
        return f.severity is not Severity.INFO and (f.review is None or f.review.status.scored)

    worst = max((f.severity.rank for f in final.findings if counted(f)), default=-1)
    return RowSummary(
        score=final.risk.score,
        level=final.risk.level.value,
        complete=final.complete,
        worst=worst,
        codes=tuple(sorted({f.code for f in final.findings})),
        scan=scan,
        placeholders=keys.placeholders,
    )


# ------------------------------------------------------------- scanner.batch.index.link_hashes


def _h(kind: str, key: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def link_hashes(keys: RowKeys, lsh_bands: int) -> list[int]:
    out = [_h("id", keys.id)]
    for ident in keys.idents[:IDENTS_PER_ROW]:
        out.append(_h(ident.kind, ident.key))
        if ident.kind == "reference":
            out.append(_h("phone", ident.key))
            out.append(_h("email", ident.key))
    if keys.resume_sig:
        out += [_h("resume", b) for b in signature_bands(keys.resume_sig, lsh_bands)]
    if keys.photo_hash is not None:
        out += [_h("photo-band", b) for b in photo_bands(keys.photo_hash)]
    return out


# --------------------------------------------------------------------------- scanner.scoring.score


def _code_points(findings: Iterable[Finding]) -> dict[str, float]:
    by_code: dict[str, list[float]] = defaultdict(list)
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for f in findings:
        if f.code in NOT_SCORED:
            continue
        facts = (f.code, f.message, tuple(sorted(e.value for e in f.evidence)))
        if facts in seen:
            continue
        seen.add(facts)
        p = WEIGHT[f.severity] * f.confidence
        if p > 0:
            by_code[f.code].append(p)
    return {
        code: min(CODE_CAP, sum(p * 0.5**k for k, p in enumerate(sorted(ps, reverse=True))))
        for code, ps in by_code.items()
    }


def score(findings: Iterable[Finding], *, complete: bool = True) -> Risk:
    findings = list(findings)
    points = _code_points(findings)
    survival = {code: 1.0 - p / 100.0 for code, p in points.items()}
    total_exact = 100.0 * (1.0 - math.prod(survival.values()))
    total = round(total_exact)
    logs = {code: -math.log(s) for code, s in survival.items()}
    weight = sum(logs.values())
    raw = {code: total * v / weight for code, v in logs.items()} if weight > 0 else {}
    floors = {c: int(v) for c, v in raw.items()}
    short = total - sum(floors.values())
    for c in sorted(raw, key=lambda c: (raw[c] - floors[c], c), reverse=True)[: max(0, short)]:
        floors[c] += 1
    contributions = tuple(
        sorted(((c, v) for c, v in floors.items() if v > 0), key=lambda cv: (-cv[1], cv[0]))
    )
    level = level_for(total)
    if total == 0 and any(
        f.severity is not Severity.INFO and f.code not in NOT_SCORED for f in findings
    ):
        level = Level.LOW
    if not complete and level.rank < Level.MEDIUM.rank:
        level = Level.UNVERIFIED
    return Risk(score=total, level=level, contributions=contributions)
