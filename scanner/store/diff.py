"""What changed between two stored scans of one person (`scanner history`)."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.model import Finding, StoredScan
from scanner.snapshots import ProfileDiff, diff_profiles, pair_sources

__all__ = ["ScanDiff", "diff_scans"]


@dataclass(frozen=True)
class ScanDiff:
    """What changed between two stored scans of one person."""

    profiles: tuple[tuple[str, str, ProfileDiff], ...] = ()  # (kind, uri, diff) per paired source
    sources_added: tuple[str, ...] = ()
    sources_removed: tuple[str, ...] = ()
    status_changed: tuple[str, ...] = ()
    findings_new: tuple[str, ...] = ()  # "CODE severity: message"
    findings_resolved: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = []
        for kind, uri, d in self.profiles:
            out += [f"{kind} {uri}: {line}" for line in d.lines()]
        out += [f"source added: {s}" for s in self.sources_added]
        out += [f"source removed: {s}" for s in self.sources_removed]
        out += [f"source status: {s}" for s in self.status_changed]
        out += [f"new finding: {s}" for s in self.findings_new]
        out += [f"finding gone: {s}" for s in self.findings_resolved]
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "profiles": [
                {"kind": k, "uri": u, "changes": d.lines()} for k, u, d in self.profiles if d
            ],
            "sources_added": list(self.sources_added),
            "sources_removed": list(self.sources_removed),
            "status_changed": list(self.status_changed),
            "findings_new": list(self.findings_new),
            "findings_resolved": list(self.findings_resolved),
        }


def diff_scans(old: StoredScan, new: StoredScan) -> ScanDiff:
    """Compare two stored scans of one person: each source's profile, the sources, the findings."""
    now = [(s.index, s.kind, s.uri, s.profile) for s in new.sources]
    then = [(s.index, s.kind, s.uri, s.profile) for s in old.sources]
    pairs = pair_sources(now, then)
    new_by, old_by = {s.index: s for s in new.sources}, {s.index: s for s in old.sources}
    profiles = []
    status = []
    for i, j in pairs:
        a, b = old_by[j], new_by[i]
        if a.profile is not None and b.profile is not None:
            d = diff_profiles(a.profile, b.profile, as_of=new.scanned_at.date())
            if d:
                profiles.append((b.kind.value, b.uri, d))
        if a.status is not b.status:
            why = f" ({b.error})" if b.error else ""
            status.append(f"{b.kind.value} {b.uri}: {a.status.value} → {b.status.value}{why}")
    paired_new, paired_old = {i for i, _ in pairs}, {j for _, j in pairs}
    fp_old = {f.fingerprint: f for f in old.findings}
    fp_new = {f.fingerprint: f for f in new.findings}

    def line(f: Finding) -> str:
        return f"{f.code} {f.severity.value}: {f.message}"

    return ScanDiff(
        profiles=tuple(profiles),
        sources_added=tuple(
            f"{s.kind.value} {s.uri}" for s in new.sources if s.index not in paired_new
        ),
        sources_removed=tuple(
            f"{s.kind.value} {s.uri}" for s in old.sources if s.index not in paired_old
        ),
        status_changed=tuple(status),
        findings_new=tuple(line(f) for k, f in fp_new.items() if k not in fp_old),
        findings_resolved=tuple(line(f) for k, f in fp_old.items() if k not in fp_new),
    )
