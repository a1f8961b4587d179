"""Documentation generated from the registry: `docs/checks.md` is `scanner checks --format markdown`."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable

from scanner.registry import CheckSpec

__all__ = ["check_text", "checks_markdown", "verify_hint"]

_VERIFY = re.compile(r"\bVerify(?: by hand)?\s*:\s*(.+?)(?:\n\s*\n|$)", re.S)


def verify_hint(docs: str) -> str:
    """What to ask or verify next, from a check's docs: its "Verify (by hand):" text."""
    m = _VERIFY.search(docs or "")
    return " ".join(m.group(1).split()) if m else ""


def check_text(spec: CheckSpec) -> str:
    """One check's full documentation as plain text (`scanner checks CODE`)."""
    needs = ", ".join(sorted(spec.needs)) or "nothing"
    lines = [
        f"{spec.code}: {spec.title}",
        "",
        f"category: {spec.category.value}",
        f"default severity: {spec.severity.value}",
        f"needs: {needs}",
        f"version: {spec.version}",
        "",
        inspect.cleandoc(spec.docs) if spec.docs else "(no documentation)",
    ]
    if spec.params:
        lines += ["", f"Settings ([thresholds.{spec.code}] in scanner.toml):"]
        lines += [f"  {k} = {_toml(v)}" for k, v in spec.params.items()]
    hint = verify_hint(spec.docs)
    if hint:
        lines += ["", f"Verify by hand: {hint}"]
    return "\n".join(lines) + "\n"


_PREFIX_TITLES = {
    "SRC": "SRC: sources",
    "TL": "TL: timeline (inside one source)",
    "XS": "XS: cross-source consistency",
    "CT": "CT: contact data",
    "ID": "ID: identity and impersonation",
    "HJ": "HJ: hijacked, rented or repurposed accounts",
    "GH": "GH: code-host activity",
    "NW": "NW: network (across candidates)",
}


PRINCIPLES = (
    "## Principles",
    "",
    "A verdict can cost an honest person a job, and analysts stop reading a tool whose `high` is "
    "usually wrong. Every check follows these rules.",
    "",
    "- **One fact, one finding.** A contradiction is reported once, however many pairs of entries "
    "or directions of comparison show it; its evidence lists them all (positions overlapping "
    "several others are one TL001 finding; a degree seen from both sources is one XS005 "
    "finding; the same two jobs overlapping in the résumé and in the LinkedIn profile are one "
    "TL001 finding that cites both and says `(also in [1] linkedin_pdf)`). The score counts a "
    "fact once.",
    "- **Severity follows evidence.** `high` needs unambiguous evidence from confidently "
    "extracted data. A finding that rests on an entry the reader was unsure of (a heuristic "
    "guess in an unusual layout: `confidence` below 0.6 in the report) is at most `low` and says "
    "so. Differences are graded by size (dates a few months apart are `low`, years apart "
    "`medium` or `high`), and absence is weaker than contradiction (a degree a profile leaves "
    "out is `low`; another degree for the same years is `high`).",
    "- **Know the benign forms of a fact.** Schools, employers and degrees have many names "
    "(official, abbreviated, initials, native-language, renamed, acquired); roles have types "
    "(full time, contract, own company, student, volunteer, board); addresses have granularity "
    "(street against locality); contacts have variants (mailbox aliases, transliteration). One "
    "normalisation package (`extractors.normalise`) with versioned data tables gives every "
    "check, the history diff and batch linkage the same answers.",
    "- **Unable to verify is its own verdict.** A candidate with a source that could not be read "
    "(whole) and nothing at `medium` is `unverified`, never `clear`; SRC001 and SRC002 add no "
    "risk points, since an unreadable file is not suspicion.",
    "- **Linkage keys must be specific.** Only identifiers that point at one person or one place "
    "link applicants: a full phone number, a mailbox, a street address, an account, a document. "
    "Localities, placeholders and hubs never do.",
    "- **Inconsistency, not origin.** No check uses nationality, ethnicity, name origin or the "
    "country of a school or employer as a signal in itself.",
    "",
    "### The score",
    "",
    "A finding is worth `weight × confidence` points (info 0, low 12, medium 40, high 75). "
    "Findings of one check compound with halving weight (the strongest first), at most 95 "
    "points a check. Checks combine like independent probabilities: `score = 100 × (1 − Π(1 − "
    "pᵢ/100))`. Each check's share of the score is proportional to `−log(1 − pᵢ/100)`, so the "
    "contributions add up to the score whatever order findings come in. Levels: `high` from "
    "60, `medium` from 25, `low` from 1; one low finding alone stays `low`, one medium alone "
    "stays `medium`.",
)


def checks_markdown(specs: Iterable[CheckSpec]) -> str:
    """One section per code: title, category, default severity, what it needs, and its docs."""
    specs = list(specs)
    lines = [
        "# Check catalogue",
        "",
        "Generated by `scanner checks --format markdown` from the checks' own documentation; "
        "`make docs` rewrites it and a test fails when it is out of date.",
        "",
        "Select, ignore and re-weight checks by code (`--select`, `--ignore`, `[severity]` in "
        "`scanner.toml`). Severities: `info` (context, no score), `low` (weak alone), `medium` "
        "(worth a look), `high` (strong evidence of misrepresentation).",
        "",
        *PRINCIPLES,
        "",
        "| code | severity | title |",
        "|---|---|---|",
    ]
    lines += [f"| [{s.code}](#{s.code.lower()}) | {s.severity.value} | {s.title} |" for s in specs]
    current = None
    for s in specs:
        prefix = s.code.rstrip("0123456789")
        if prefix != current:
            current = prefix
            lines += ["", f"## {_PREFIX_TITLES.get(prefix, prefix)}"]
        needs = ", ".join(sorted(s.needs)) or "nothing"
        lines += [
            "",
            f"### {s.code}",
            "",
            f"**{s.title}** · category `{s.category.value}` · default severity `{s.severity.value}` · "
            f"needs: {needs} · version {s.version}",
            "",
            s.docs or "_No documentation._",
        ]
        if s.params:
            settings = ", ".join(f"`{k} = {_toml(v)}`" for k, v in s.params.items())
            lines += ["", f"Settings (`[thresholds.{s.code}]` in `scanner.toml`): {settings}."]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
