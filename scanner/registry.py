"""The check registry: every check is a function registered with its code and what it needs.

A check is a generator `fn(candidate, ctx) -> Iterable[Hit]`. The runner turns hits into
`Finding`s, filling in code, title, category and the configured severity, so checks only say what
they saw and why.
"""

from __future__ import annotations

import importlib
import operator
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from extractors.model import SourceFamily
from scanner.model import (
    Category,
    Evidence,
    Finding,
    Severity,
    evidence_fingerprint,
    fact_fingerprint,
    slot_init,
)

if TYPE_CHECKING:
    from extractors.model import Profile, SourceDocument
    from scanner.config import Config
    from scanner.model import Candidate

__all__ = [
    "LINKAGE_PARAMS",
    "CheckContext",
    "CheckSpec",
    "Hit",
    "Registry",
    "check",
    "registry",
]

CODE_RE = re.compile(r"^[A-Z]{2,3}\d{3}$")


@slot_init
@dataclass(frozen=True, slots=True)
class Hit:
    """What a check saw. `severity` overrides the registered default for this one hit (rare).

    `facts` are the normalised values the check compared, which make the finding "the same" in
    a later run (its fingerprint); by default its evidence values. Name them when the evidence
    carries more than the facts (the peers' spellings of one shared phone, say).
    """

    message: str
    evidence: tuple[Evidence, ...] | list[Evidence] = ()
    confidence: float = 0.9
    severity: Severity | None = None
    cluster: str | None = None
    facts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CheckSpec:
    code: str
    title: str
    category: Category
    severity: Severity
    func: Callable[..., Iterable[Hit]]
    needs: frozenset[str] = frozenset()
    version: int = 1
    docs: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


# `[thresholds.NW]`: settings of the cross-applicant linkage itself (the NW checks read its links).
LINKAGE_PARAMS: Mapping[str, Any] = MappingProxyType(
    {
        "default_region": "US",  # region for phone numbers written without a country code
        "hub_size": 50,  # a value shared by more applicants than this is a hub, not a ring
    }
)


@dataclass
class CheckContext:
    """What a check may consult besides the candidate: configuration and reference tables."""

    config: Config

    def params(self, code: str) -> dict[str, Any]:
        """The check's declared parameters, overridden by `[thresholds.CODE]`."""
        return self.config.params(code)

    @cached_property
    def same_org(self) -> Callable[[str, str], bool]:
        """The one employer comparison, with the configured alias and founding-year tables."""
        from scanner.references import org_matcher

        return org_matcher(self.config.references)

    @cached_property
    def owned(self) -> Callable[[str, str], bool]:
        """Whether one of two employers owns the other (GitHub / Microsoft): the employer
        table's `owners`, with `[references.org_owners]`."""
        from scanner.references import owner_matcher

        return owner_matcher(self.config.references)

    @cached_property
    def same_school(self) -> Callable[[str, str], bool]:
        """The one school comparison, with the configured school alias table."""
        from scanner.references import school_matcher

        return school_matcher(self.config.references)


# Data a check may need, and how to tell whether a candidate has it.
_Read = tuple[tuple["SourceDocument", "Profile"], ...]


def _has(read: _Read, attr: str) -> bool:
    return any(getattr(p, attr) for _, p in read)


# Each need is asked of the candidate and its read profiles (`Candidate.read_profiles()`, worked
# out once for all the needs of a row). Most needs are "some read profile has one of these
# fields"; `_steps` answers those from one pass over the profiles.
_ATTR_NEEDS: dict[str, tuple[str, ...]] = {
    "experience": ("experience",),
    "education": ("education",),
    "timeline": ("experience", "education"),
    "phones": ("phones",),
    "emails": ("emails",),
    "names": ("name",),
    "addresses": ("addresses", "shipping_addresses"),
    "locations": ("locations",),
    "stated_experience": ("stated_experience",),
    "experience_or_stated": ("experience", "stated_experience"),
}
_NEED_ATTRS = tuple(sorted({a for attrs in _ATTR_NEEDS.values() for a in attrs}))


def _has_any(attrs: tuple[str, ...]) -> Callable[[Candidate, _Read], bool]:
    return lambda c, r: any(_has(r, a) for a in attrs)


NEEDS: dict[str, Callable[[Candidate, _Read], bool]] = {
    **{need: _has_any(attrs) for need, attrs in _ATTR_NEEDS.items()},
    "documents": lambda c, r: any(p.document is not None for _, p in r),
    "sources": lambda c, r: bool(c.sources),
    "two_sources": lambda c, r: len(r) >= 2,
    "linkedin": lambda c, r: any(s.kind.family is SourceFamily.LINKEDIN for s, _ in r),
    "github": lambda c, r: any(s.kind.family is SourceFamily.GITHUB for s, _ in r),
    "history": lambda c, r: bool(c.history),
    "lookup": lambda c, r: c.lookup is not None,
    "profile_corpus": lambda c, r: c.corpus is not None,
    "watchlist": lambda c, r: c.watchlist is not None and len(c.watchlist) > 0,
}

NEED_LABELS = {
    "experience": "no dated employment history in any source",
    "education": "no education in any source",
    "timeline": "no dated history in any source",
    "phones": "no phone number given",
    "emails": "no email address given",
    "names": "no name given",
    "addresses": "no postal address given",
    "locations": "no location given",
    "stated_experience": "no stated length of experience",
    "experience_or_stated": "no dated employment history and no stated experience",
    "documents": "no document metadata",
    "sources": "no sources",
    "two_sources": "fewer than two readable sources to compare",
    "linkedin": "no readable LinkedIn source",
    "github": "no readable GitHub account",
    "history": "no stored earlier scan",
    "lookup": "no other candidates or stored people to compare with",
    "profile_corpus": "no stored profiles to compare with (no history store)",
    "watchlist": "no watchlist entries (see `scanner watch add`)",
}


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec] = {}
        self._loaded = False

    def register(self, spec: CheckSpec) -> None:
        if not CODE_RE.match(spec.code):
            raise ValueError(f"malformed check code {spec.code!r}")
        if spec.code in self._checks:
            raise ValueError(f"duplicate check code {spec.code}")
        unknown = spec.needs - NEEDS.keys()
        if unknown:
            raise ValueError(f"{spec.code}: unknown needs {sorted(unknown)}")
        self._checks[spec.code] = spec

    def load(self) -> Registry:
        """Import every module of `scanner.comparators` so their checks register."""
        if not self._loaded:
            self._loaded = True
            import scanner.comparators as pkg

            for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
                if not mod.name.startswith("_"):
                    importlib.import_module(f"{pkg.__name__}.{mod.name}")
        return self

    def __iter__(self) -> Iterator[CheckSpec]:
        self.load()
        return iter(sorted(self._checks.values(), key=lambda s: s.code))

    def __contains__(self, code: object) -> bool:
        self.load()
        return code in self._checks

    def __getitem__(self, code: str) -> CheckSpec:
        self.load()
        return self._checks[code]

    def codes(self) -> list[str]:
        return [s.code for s in self]


registry = Registry()


def check(
    code: str,
    title: str,
    category: Category,
    severity: Severity,
    *,
    needs: Iterable[str] = (),
    version: int = 1,
    params: Mapping[str, Any] | None = None,
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a check. Its docstring is its documentation (what, why, how to verify by hand);
    `params` declares its settings and their defaults (`[thresholds.CODE]` overrides them)."""

    def deco(fn: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        registry.register(
            CheckSpec(
                code=code,
                title=title,
                category=category,
                severity=severity,
                func=fn,
                needs=frozenset(needs),
                version=version,
                docs=(fn.__doc__ or "").strip(),
                params=MappingProxyType(dict(params or {})),
            )
        )
        return fn

    return deco


@dataclass
class RunResult:
    findings: list[Finding]
    not_run: list[tuple[str, str]]
    errors: list[tuple[str, str]]


# Entries read with less confidence than this (a heuristic guess in an unusual layout) cannot
# carry a finding above `low`.
LOW_CONFIDENCE = 0.6
_ENTRY = re.compile(r"^(experience|education)\[(\d+)\]")


_ENTRY_HEADS = ("experience[", "education[")  # what a field `_ENTRY` matches starts with


def _shaky_entry(candidate: Candidate, evidence: Iterable[Evidence]) -> str | None:
    """Why an entry the evidence names was read with low confidence, or None."""
    for e in evidence:
        name = e.field
        if type(name) is str and not name.startswith(_ENTRY_HEADS):
            continue  # names no entry (most evidence): the pattern cannot match
        m = _ENTRY.match(name)
        if e.source is None or m is None or e.source >= len(candidate.profiles):
            continue
        prof = candidate.profiles[e.source]
        entries = getattr(prof, m.group(1), ()) if prof is not None else ()
        k = int(m.group(2))
        if k < len(entries) and entries[k].confidence < LOW_CONFIDENCE:
            entry = entries[k]
            return f"{e.field} ({entry.confidence_reason or f'confidence {entry.confidence:.2f}'})"
    return None


# Findings one check reports for one candidate; the rest are summarised in one more finding.
# A document built to contradict itself (thousands of overlapping roles) otherwise turns into
# a report of hundreds of megabytes, and no analyst reads past the first few.
MAX_FINDINGS_PER_CODE = 50
MAX_EVIDENCE = 100  # pieces of evidence one finding lists
MAX_MESSAGE = 4000  # characters of one finding's message


def _summary(
    spec: CheckSpec, override: Severity | None, more: int, findings: list[Finding]
) -> Finding:
    """One finding that stands for the `more` findings of `spec` not listed."""
    own = [f for f in findings if f.code == spec.code]
    return Finding(
        code=spec.code,
        title=spec.title,
        category=spec.category,
        severity=min(
            (f.severity for f in own), key=lambda s: s.rank, default=override or spec.severity
        ),
        confidence=min((f.confidence for f in own), default=0.5),
        message=f"{more:,} more {spec.code} findings like the {len(own)} above are not listed",
        evidence=(),
    )


def _told_entries(candidate: Candidate, evidence: Iterable[Evidence]) -> list[tuple[str, Any]]:
    """What a finding's evidence is about: each entry it names (its kind and the entry), and
    the other fields by name."""
    out: list[tuple[str, Any]] = []
    for e in evidence:
        m = _ENTRY.match(e.field)
        prof = candidate.profiles[e.source] if e.source is not None else None
        entries = getattr(prof, m.group(1), ()) if m is not None and prof is not None else ()
        if m is not None and int(m.group(2)) < len(entries):
            out.append((m.group(1), entries[int(m.group(2))]))
        else:
            out.append(("field", e.field.split("[", 1)[0]))
    return out


def _same_told(x: tuple[str, Any], y: tuple[str, Any], ctx: CheckContext) -> bool:
    from extractors.normalise.degrees import same_degree

    if x[0] != y[0]:
        return False
    if x[0] == "experience":
        return bool(x[1].org.strip()) and ctx.same_org(x[1].org, y[1].org)
    if x[0] == "education":
        return (
            bool(x[1].school.strip())
            and ctx.same_school(x[1].school, y[1].school)
            and same_degree(x[1].degree, y[1].degree) is not False
        )
    return bool(x[1] == y[1])


def _retold(candidate: Candidate, ctx: CheckContext, a: Finding, b: Finding) -> bool:
    """`b` tells `a`'s story from another source: each reads one source, and they name the same
    entries (one employer, one school and degree) in the same way."""
    sa, sb = {e.source for e in a.evidence}, {e.source for e in b.evidence}
    if len(sa) != 1 or len(sb) != 1 or sa == sb or None in sa | sb:
        return False
    ea, eb = _told_entries(candidate, a.evidence), _told_entries(candidate, b.evidence)
    return (
        len(ea) == len(eb)
        and any(k != "field" for k, _ in ea)
        and all(any(_same_told(x, y, ctx) for y in eb) for x in ea)
        and all(any(_same_told(y, x, ctx) for x in ea) for y in eb)
    )


def _one_story(candidate: Candidate, ctx: CheckContext, found: list[Finding]) -> list[Finding]:
    """One check's findings with a story that several sources tell (the same two overlapping
    jobs in the résumé and the LinkedIn profile) merged into one finding citing all of them:
    one fact, one finding."""
    out: list[Finding] = []
    for f in found:
        k = next((k for k, g in enumerate(out) if _retold(candidate, ctx, g, f)), None)
        if k is None:
            out.append(f)
            continue
        g = out[k]
        # The surer telling leads (one resting on a shaky entry is capped at low).
        lead, other = (f, g) if f.severity.rank > g.severity.rank else (g, f)
        src = next(e.source for e in other.evidence)
        assert src is not None
        label = f"[{src}] {candidate.sources[src].kind.value}"
        out[k] = replace(
            lead,
            confidence=max(g.confidence, f.confidence),
            message=f"{lead.message} (also in {label})",
            evidence=(*lead.evidence, *other.evidence)[:MAX_EVIDENCE],
        )
    return out


_NEEDS_ORDER: dict[frozenset[str], tuple[str, ...]] = {}


def _sorted_needs(spec: CheckSpec) -> tuple[str, ...]:
    """A check's needs in the order they are reported (the first missing one is named)."""
    order = _NEEDS_ORDER.get(spec.needs)
    if order is None:
        order = _NEEDS_ORDER[spec.needs] = tuple(sorted(spec.needs))
    return order


_Plan = list[tuple[str, CheckSpec, tuple[str, ...], "Severity | None"]]
_PLANS: dict[tuple[int, tuple[str, ...]], tuple[Config, _Plan, tuple[CheckSpec | None, ...]]] = {}


def _plan(config: Config, codes: Iterable[str]) -> _Plan:
    """Each code's check, needs and configured severity, worked out once per configuration and
    selection rather than once per candidate (a batch runs the same plan on every row). A plan
    is used again only while the registry still holds the same checks for its codes."""
    wanted = tuple(codes)
    key = (id(config), wanted)
    found = _PLANS.get(key)
    checks = registry._checks
    if (
        found is not None
        and found[0] is config
        and tuple(map(checks.get, wanted)) == found[2]  # each the same spec (identity first)
    ):
        return found[1]
    plan = [
        (code, registry[code], _sorted_needs(registry[code]), config.severity_override(code))
        for code in wanted
    ]
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = (config, plan, tuple(spec for _c, spec, _n, _o in plan))
    return plan


# The plan for one candidate: (code, spec, severity override) of each check to run, in order,
# and (code, why) of each that cannot run, in order.
_Steps = tuple[list[tuple[str, CheckSpec, "Severity | None"]], list[tuple[str, str]]]
_STEPS: dict[tuple[Any, ...], tuple[_Plan, _Steps]] = {}


def _steps(plan: _Plan, candidate: Candidate) -> _Steps:
    """The checks of the plan this candidate can run, and those it cannot with why. The answer
    is kept per shape of candidate (`_shape`: what the needs ask of it; a batch's rows mostly
    share a few), so a row neither asks each need nor walks the plan."""
    order, asked = _plan_needs(plan)
    key = (id(plan), _shape(candidate, asked))
    found = _STEPS.get(key)
    if found is not None and found[0] is plan:
        return found[1]
    has = dict(zip(order, _needs_met(order, candidate), strict=True))
    runs: list[tuple[str, CheckSpec, Severity | None]] = []
    skipped: list[tuple[str, str]] = []
    for code, spec, needs, override in plan:
        missing = next((need for need in needs if not has[need]), None)
        if missing is None:
            runs.append((code, spec, override))
        else:
            skipped.append((code, NEED_LABELS[missing]))
    if len(_STEPS) > 1024:
        _STEPS.clear()
    _STEPS[key] = (plan, (runs, skipped))
    return runs, skipped


_ATTR_SETS = {need: frozenset(attrs) for need, attrs in _ATTR_NEEDS.items()}
_FIELDS = operator.attrgetter(*_NEED_ATTRS)  # one profile's fields the field needs ask about
_NO_FIELDS = (False,) * len(_NEED_ATTRS)
# The needs that `_shape` answers from what it records of a candidate besides the fields (each
# read source's kind and whether its profile has document metadata, and the candidate's own
# attributes); any other need is asked of the candidate in `_shape` itself.
_SHAPED_NEEDS = frozenset(_ATTR_NEEDS) | {
    "documents",
    "sources",
    "two_sources",
    "linkedin",
    "github",
    "history",
    "lookup",
    "profile_corpus",
    "watchlist",
}


def _shape(candidate: Candidate, asked: tuple[Callable[[Candidate, _Read], bool], ...]) -> Any:
    """What decides every need's answer for this candidate: which of `_NEED_ATTRS` some read
    profile fills, each read source's kind and whether its profile has document metadata, and
    whether the candidate has sources, history, a lookup, a corpus and watchlist entries; then
    the answers of the needs `asked` (those not known from these, normally none)."""
    read = candidate.read_profiles()
    if len(read) == 1:  # one profile: its fields' truth, without combining
        src, prof = read[0]
        filled = tuple(map(bool, _FIELDS(prof)))
        sources: tuple[tuple[Any, bool], ...] = ((src.kind, prof.document is not None),)
    elif read:
        filled = tuple(map(any, zip(*[_FIELDS(p) for _s, p in read], strict=True)))
        sources = tuple([(s.kind, p.document is not None) for s, p in read])
    else:
        filled, sources = _NO_FIELDS, ()
    watchlist = candidate.watchlist
    return (
        filled,
        sources,
        bool(candidate.sources),
        bool(candidate.history),
        candidate.lookup is None,
        candidate.corpus is None,
        watchlist is not None and len(watchlist) > 0,
        tuple([need(candidate, read) for need in asked]) if asked else (),
    )


def _needs_met(order: tuple[str, ...], candidate: Candidate) -> tuple[bool, ...]:
    """`NEEDS[need](candidate, read)` for each need, the field needs from one pass."""
    read = candidate.read_profiles()
    filled = {a for _s, p in read for a in _NEED_ATTRS if getattr(p, a)}
    met: list[bool] = []
    for need in order:
        attrs = _ATTR_SETS.get(need)
        met.append(NEEDS[need](candidate, read) if attrs is None else not filled.isdisjoint(attrs))
    return tuple(met)


_PlanNeeds = tuple[tuple[str, ...], tuple[Callable[["Candidate", _Read], bool], ...]]
_PLAN_NEEDS: dict[int, tuple[_Plan, _PlanNeeds]] = {}


def _plan_needs(plan: _Plan) -> _PlanNeeds:
    """Every need of a plan's checks, once each, in a fixed order; and the tests of those needs
    that `_shape` does not answer from what it records (normally none)."""
    found = _PLAN_NEEDS.get(id(plan))
    if found is not None and found[0] is plan:
        return found[1]
    order = tuple(sorted({need for _c, _s, needs, _o in plan for need in needs}))
    asked = tuple(NEEDS[need] for need in order if need not in _SHAPED_NEEDS)
    if len(_PLAN_NEEDS) > 64:
        _PLAN_NEEDS.clear()
    _PLAN_NEEDS[id(plan)] = (plan, (order, asked))
    return order, asked


def _finding(candidate: Candidate, spec: CheckSpec, override: Severity | None, hit: Hit) -> Finding:
    """The finding one hit of `spec` makes: the configured severity (at most low when it rests on
    an entry read with low confidence), evidence and message within their limits, and its
    fingerprint (the hit's facts, else its evidence values, else its message)."""
    severity = override or hit.severity or spec.severity
    message = hit.message
    shaky = _shaky_entry(candidate, hit.evidence)
    if shaky is not None and severity.rank > Severity.LOW.rank:
        # Severity follows evidence: a mismatch resting on a guess is at most low.
        severity = Severity.LOW
        message += f" (at most low: it rests on an entry read with low confidence: {shaky})"
    evidence = tuple(hit.evidence)
    if len(evidence) > MAX_EVIDENCE:
        message += f" ({len(evidence) - MAX_EVIDENCE:,} more pieces of evidence not listed)"
        evidence = evidence[:MAX_EVIDENCE]
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    code = spec.code
    facts = hit.facts
    return Finding(
        code,
        spec.title,
        spec.category,
        severity,
        round(max(0.0, min(1.0, hit.confidence)), 2),
        message,
        evidence,
        hit.cluster,
        fact_fingerprint(code, facts) if facts else evidence_fingerprint(code, evidence, message),
    )


def run_checks(candidate: Candidate, ctx: CheckContext, codes: Iterable[str]) -> RunResult:
    """Run the selected checks on one candidate. A check that crashes is reported, not fatal."""
    findings: list[Finding] = []
    runs, skipped = _steps(_plan(ctx.config, codes), candidate)
    errors: list[tuple[str, str]] = []
    for code, spec, override in runs:
        shown = 0
        found: list[Finding] = []
        try:
            for hit in spec.func(candidate, ctx):
                shown += 1
                if shown <= MAX_FINDINGS_PER_CODE:  # the rest are counted, summarised below
                    found.append(_finding(candidate, spec, override, hit))
        except Exception as exc:  # a bug in one check must not lose the scan
            errors.append((code, f"{type(exc).__name__}: {exc}"))
        if len(found) > 1:
            try:
                found = _one_story(candidate, ctx, found)
            except Exception as exc:  # the merge is the check's too: its findings stay unmerged
                errors.append((code, f"{type(exc).__name__}: {exc}"))
        findings.extend(found)
        if shown > MAX_FINDINGS_PER_CODE:
            findings.append(_summary(spec, override, shown - MAX_FINDINGS_PER_CODE, findings))
    return RunResult(findings, list(skipped), errors)
