"""The checks runner, its findings and their scores are the ones the earlier, slower code made.

`run_checks` builds each finding in one call with its fingerprint worked out in one pass
(`evidence_fingerprint`), skips the entry pattern on evidence that names no entry, keeps a
candidate's steps per shape of candidate and the last plan while the registry is unchanged;
`Evidence`, `Finding`, `Risk` and `Hit` fill their slots through the slots' descriptors
(`slot_init`); `scan_candidate` sorts its own list in place; `score` sets the unscored checks
aside first. The references below are the code as it was, held against the new code over the
benchmark generator's rows and over built candidates: many hits, long messages, many pieces of
evidence, shaky entries, crashing checks, severity overrides, unicode and blank values.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import math
import pickle
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from extractors.model import (
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
    Study,
)
from scanner import pipeline
from scanner import registry as reg
from scanner.config import Config
from scanner.model import (
    Candidate,
    CandidateReport,
    Category,
    Evidence,
    Finding,
    Risk,
    Severity,
    evidence_facts,
    evidence_fingerprint,
    fact_fingerprint,
    slot_init,
)
from scanner.registry import NEED_LABELS, NEEDS, CheckContext, CheckSpec, Hit, RunResult, registry
from scanner.scoring import CODE_CAP, NOT_SCORED, WEIGHT, Level, level_for, score

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# The code as it was
# ---------------------------------------------------------------------------------------------


def old_fingerprint(code: str, evidence: Iterable[Evidence], message: str) -> str:
    return fact_fingerprint(code, evidence_facts(evidence) or (message,))


def old_steps(
    plan: list[tuple[str, CheckSpec, tuple[str, ...], Severity | None]], candidate: Candidate
) -> tuple[list[tuple[str, CheckSpec, Severity | None]], list[tuple[str, str]]]:
    read = candidate.read_profiles()
    runs, skipped = [], []
    for code, spec, needs, override in plan:
        missing = next((n for n in needs if not NEEDS[n](candidate, read)), None)
        if missing is None:
            runs.append((code, spec, override))
        else:
            skipped.append((code, NEED_LABELS[missing]))
    return runs, skipped


def old_plan(
    config: Config, codes: Iterable[str]
) -> list[tuple[str, CheckSpec, tuple[str, ...], Severity | None]]:
    return [
        (c, registry[c], tuple(sorted(registry[c].needs)), config.severity_override(c))
        for c in codes
    ]


def old_shaky_entry(candidate: Candidate, evidence: Iterable[Evidence]) -> str | None:
    for e in evidence:
        m = reg._ENTRY.match(e.field)
        if e.source is None or m is None or e.source >= len(candidate.profiles):
            continue
        prof = candidate.profiles[e.source]
        entries = getattr(prof, m.group(1), ()) if prof is not None else ()
        k = int(m.group(2))
        if k < len(entries) and entries[k].confidence < reg.LOW_CONFIDENCE:
            entry = entries[k]
            return f"{e.field} ({entry.confidence_reason or f'confidence {entry.confidence:.2f}'})"
    return None


def old_run_checks(candidate: Candidate, ctx: CheckContext, codes: Iterable[str]) -> RunResult:
    findings: list[Finding] = []
    runs, skipped = old_steps(old_plan(ctx.config, codes), candidate)
    not_run = list(skipped)
    errors: list[tuple[str, str]] = []
    for code, spec, override in runs:
        shown = 0
        found: list[Finding] = []
        try:
            for hit in spec.func(candidate, ctx):
                shown += 1
                if shown > reg.MAX_FINDINGS_PER_CODE:
                    continue
                severity = override or hit.severity or spec.severity
                message = hit.message
                shaky = old_shaky_entry(candidate, hit.evidence)
                if shaky is not None and severity.rank > Severity.LOW.rank:
                    severity = Severity.LOW
                    message += (
                        f" (at most low: it rests on an entry read with low confidence: {shaky})"
                    )
                evidence = tuple(hit.evidence)
                if len(evidence) > reg.MAX_EVIDENCE:
                    message += f" ({len(evidence) - reg.MAX_EVIDENCE:,} more pieces of evidence not listed)"
                    evidence = evidence[: reg.MAX_EVIDENCE]
                if len(message) > reg.MAX_MESSAGE:
                    message = message[: reg.MAX_MESSAGE - 1] + "…"
                fingerprint = (
                    fact_fingerprint(spec.code, hit.facts)
                    if hit.facts
                    else old_fingerprint(spec.code, evidence, message)
                )
                found.append(
                    Finding(
                        code=spec.code,
                        title=spec.title,
                        category=spec.category,
                        severity=severity,
                        confidence=round(max(0.0, min(1.0, hit.confidence)), 2),
                        message=message,
                        evidence=evidence,
                        cluster=hit.cluster,
                        fingerprint=fingerprint,
                    )
                )
        except Exception as exc:
            errors.append((code, f"{type(exc).__name__}: {exc}"))
        findings.extend(reg._one_story(candidate, ctx, found) if len(found) > 1 else found)
        if shown > reg.MAX_FINDINGS_PER_CODE:
            more = shown - reg.MAX_FINDINGS_PER_CODE
            findings.append(reg._summary(spec, override, more, findings))
    return RunResult(findings, not_run, errors)


def old_code_points(findings: Iterable[Finding]) -> dict[str, float]:
    """Points per check: its findings from the strongest down, each at half the weight of the
    one before (the same facts twice count once)."""
    by_code: dict[str, list[float]] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for f in findings:
        code = f.code
        if code in NOT_SCORED:
            continue
        evidence = f.evidence
        facts = (code, f.message, tuple(sorted([e.value for e in evidence])) if evidence else ())
        if facts in seen:
            continue
        seen.add(facts)
        p = WEIGHT[f.severity] * f.confidence
        if p > 0:
            points = by_code.get(code)
            if points is None:
                by_code[code] = [p]
            else:
                points.append(p)
    return {
        # one finding: its points as the sum below gives them (0 + p × 0.5⁰ is p)
        code: min(CODE_CAP, ps[0])
        if len(ps) == 1
        else min(CODE_CAP, sum(p * 0.5**k for k, p in enumerate(sorted(ps, reverse=True))))
        for code, ps in by_code.items()
    }


BELOW_MEDIUM = tuple(lv for lv in Level if lv.rank < Level.MEDIUM.rank)


def old_score(findings: Iterable[Finding], *, complete: bool = True) -> Risk:
    """Score one candidate's findings; `complete=False` when a source could not be read whole."""
    findings = list(findings)
    points = old_code_points(findings)
    total = 0
    contributions: tuple[tuple[str, int], ...] = ()
    if len(points) == 1:  # one check: the steps below, with their one-value sums and products
        ((code, p),) = points.items()
        survival_one = 1.0 - p / 100.0
        total = round(100.0 * (1.0 - survival_one))
        if total > 0 and -math.log(survival_one) > 0:
            contributions = ((code, total),)  # its share is the whole score, rounding aside
    elif points:
        survival = {code: 1.0 - p / 100.0 for code, p in points.items()}
        total = round(100.0 * (1.0 - math.prod(survival.values())))
        logs = {code: -math.log(s) for code, s in survival.items()}
        weight = sum(logs.values())
        if weight > 0:
            raw = {code: total * v / weight for code, v in logs.items()}
            # Round contributions so that they add up to the total (largest remainder method).
            floors = {c: int(v) for c, v in raw.items()}
            short = total - sum(floors.values())
            if short > 0:
                order = sorted(raw, key=lambda c: (raw[c] - floors[c], c), reverse=True)
                for c in order[:short]:
                    floors[c] += 1
            if len(floors) == 1:
                contributions = tuple((c, v) for c, v in floors.items() if v > 0)
            else:
                contributions = tuple(
                    sorted(
                        ((c, v) for c, v in floors.items() if v > 0),
                        key=lambda cv: (-cv[1], cv[0]),
                    )
                )
    level = level_for(total)
    if total == 0 and any(
        f.severity is not Severity.INFO and f.code not in NOT_SCORED for f in findings
    ):
        level = Level.LOW  # something was found, even if it rounds to nothing
    if not complete and level in BELOW_MEDIUM:
        level = Level.UNVERIFIED
    return Risk(score=total, level=level, contributions=contributions)


def old_scan_candidate(
    candidate: Candidate, config: Config, codes: Iterable[str]
) -> CandidateReport:
    ctx = CheckContext(config=config)
    result = old_run_checks(candidate, ctx, codes)
    findings = sorted(
        result.findings, key=lambda f: (-f.severity.rank, -f.confidence, f.code, f.message)
    )
    not_run = list(result.not_run) + [(c, f"check failed: {e}") for c, e in result.errors]
    not_run += [(c, f"disabled by {config.source}") for c in config.file_disabled]
    return CandidateReport(
        id=candidate.id,
        name=candidate.name,
        risk=old_score(findings, complete=candidate.complete and not result.errors),
        complete=candidate.complete and not result.errors,
        sources=candidate.sources,
        profiles=candidate.profiles,
        findings=findings,
        checks_not_run=not_run,
        as_of=candidate.as_of,
    )


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

ALPHABET = [chr(i) for i in range(32, 127)] + list(
    "\t\n\x1c\x1f éÉßẞİıﬁ\u00a0\u2003\u3000\u200b\u0301ΩωＦｕｌｌ０１２３\u2028"
)
PLAIN = [
    "",
    " ",
    "\t\n",
    "\u3000",
    "n/a",
    "Dana  Kowal",
    "dana kowal",
    "(312) 555-0142",
    "Ｆｕｌｌ",
]


def _text(rng: random.Random, longest: int = 16) -> str:
    if rng.random() < 0.3:
        return rng.choice(PLAIN)
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


FIELDS = ["phones[0]", "emails", "experience[0]", "experience[1].org", "education[0]",
          "education[9]", "experienced[0]", "name", "", "experience[x]"]  # fmt: skip


def _evidence(rng: random.Random, sources: int) -> Evidence:
    source = rng.choice([None, *range(sources)])
    return Evidence(source, rng.choice(FIELDS), _text(rng), rng.choice(["", "a note"]))


def _bench_candidates(count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[
    tuple[Candidate, Candidate]
]:  # fmt: skip
    """Two candidates (one for each side) of each of the benchmark generator's first rows."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import bench_batch

    from scanner.batch import runner
    from scanner.batch.spreadsheet import open_sheet
    from scanner.sources import FetchOptions

    monkeypatch.setattr(bench_batch, "OUT", tmp_path)
    path = bench_batch.make_structured(count)
    settings = runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), path)
    for i, row in enumerate(open_sheet(path).rows()):
        task = runner.RowTask(i, row)
        yield (
            runner.build_row_candidate(task, settings)[0],
            runner.build_row_candidate(task, settings)[0],
        )


def _built_candidate(rng: random.Random, k: int) -> Candidate:
    """A candidate of 0-3 sources with random fields, entries (some read with low confidence),
    unread sources, and the needs of history, lookup, corpus and watchlist met or not."""
    kinds = [SourceKind.APPLICATION, SourceKind.RESUME, SourceKind.LINKEDIN_PAGE,
             SourceKind.GITHUB]  # fmt: skip
    sources, profiles = [], []
    for _ in range(rng.randint(0, 3)):
        low = rng.random() < 0.5
        conf = rng.choice([1.0, 0.59, 0.3, 0.6])
        reason = rng.choice(["", "guessed layout"])
        experience = tuple(
            Position(
                org=_text(rng, 8) or "Acme",
                confidence=conf if low else 1.0,
                confidence_reason=reason,
            )
            for _ in range(rng.randint(0, 2))
        )
        education = tuple(
            Study(school="State College", confidence=conf, confidence_reason=reason)
            for _ in range(rng.randint(0, 1))
        )
        attrs: dict[str, Any] = {}
        if rng.random() < 0.6:
            attrs["phones"] = ("(312) 555-0142",)
        if rng.random() < 0.5:
            attrs["emails"] = ("dana@example.com",)
        if rng.random() < 0.5:
            attrs["name"] = rng.choice(["Dana Whitfield", "Ｄａｎａ"])
        if rng.random() < 0.3:
            attrs["locations"] = ("Chicago",)
        status = rng.choice([SourceStatus.OK, SourceStatus.OK, SourceStatus.OK, SourceStatus.ERROR])
        sources.append(
            SourceDocument(rng.choice(kinds), "fields", f"u{len(sources)}", status=status)
        )
        profiles.append(
            None
            if rng.random() < 0.1
            else Profile(experience=experience, education=education, **attrs)
        )
    return Candidate(
        id=f"B-{k}",
        sources=sources,
        profiles=profiles,
        history=rng.choice([(), (object(),)]),  # type: ignore[list-item]
        lookup=rng.choice([None, object()]),  # type: ignore[arg-type]
        corpus=rng.choice([None, object()]),  # type: ignore[arg-type]
        watchlist=rng.choice([None, [], [object()]]),  # type: ignore[arg-type]
    )


def _fake_hits(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """Hits of every shape, drawn from the candidate's id: many, long, crashing, shaky."""
    rng = random.Random(candidate.id)
    n = len(candidate.sources)
    for i in range(rng.choice([0, 1, 2, 3, 49, 50, 51, 60])):
        evidence: tuple[Evidence, ...] | list[Evidence] = tuple(
            _evidence(rng, n) for _ in range(rng.choice([0, 1, 2, 5, 100, 101, 130]))
        )
        if rng.random() < 0.2:
            evidence = list(evidence)
        message = _text(rng) * rng.choice([1, 1, 300, 1000])
        yield Hit(
            message=message,
            evidence=evidence,
            confidence=rng.choice([0.0, -0.3, 0.333, 0.5, 0.875, 1.0, 1.7]),
            severity=rng.choice([None, None, Severity.INFO, Severity.LOW, Severity.HIGH]),
            cluster=rng.choice([None, "ring-1"]),
            facts=rng.choice([None, (), (_text(rng), "(312) 555-0142"), (3, "x")]),  # type: ignore[arg-type]
        )
        if rng.random() < 0.02:
            raise ValueError(f"broken on hit {i}")


def _fake_specs() -> list[CheckSpec]:
    return [
        CheckSpec("ZZ901", "A fake", Category.CONTACT, Severity.MEDIUM, _fake_hits),
        CheckSpec(
            "ZZ902",
            "A fake too",
            Category.TIMELINE,
            Severity.HIGH,
            _fake_hits,
            needs=frozenset({"phones", "two_sources"}),
        ),
        CheckSpec(
            "ZZ903",
            "Needs more",
            Category.IDENTITY,
            Severity.LOW,
            _fake_hits,
            needs=frozenset({"watchlist", "lookup", "documents", "github"}),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def _same_report(new: CandidateReport, old: CandidateReport) -> None:
    assert new.findings == old.findings
    assert [f.fingerprint for f in new.findings] == [f.fingerprint for f in old.findings]
    assert new.checks_not_run == old.checks_not_run
    assert new.risk == old.risk
    assert (new.id, new.name, new.complete, new.as_of) == (
        old.id,
        old.name,
        old.complete,
        old.as_of,
    )


def test_bench_rows_scan_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry.load()
    config = Config()
    codes = tuple(config.selected(registry.codes()))
    found = 0
    for new_c, old_c in _bench_candidates(1200, tmp_path, monkeypatch):
        new = pipeline.scan_candidate(new_c, config, codes)
        _same_report(new, old_scan_candidate(old_c, config, codes))
        found += len(new.findings)
    assert found > 1000  # the rows do fire checks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_built_candidates_with_fake_checks_scan_as_before(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every path of the runner: caps, summaries, crashes, shaky entries, overrides."""
    registry.load()
    for spec in _fake_specs():
        monkeypatch.setitem(registry._checks, spec.code, spec)
    overrides = {"ZZ902": Severity.LOW, "CT001": Severity.HIGH} if seed == 2 else {}
    config = Config(severity=overrides, file_disabled=("ZZ904",) if seed == 3 else ())
    codes = (*config.selected(registry.codes()), "ZZ903")
    paths = set()
    for k in range(300):
        cand = _built_candidate(random.Random(f"{seed}-{k}"), k)
        twin = _built_candidate(random.Random(f"{seed}-{k}"), k)
        new = pipeline.scan_candidate(cand, config, codes)
        _same_report(new, old_scan_candidate(twin, config, codes))
        messages = [f.message for f in new.findings]
        paths |= {"evidence" for m in messages if "more pieces of evidence not listed" in m}
        paths |= {"summary" for m in messages if "findings like the" in m}
        paths |= {"long" for m in messages if len(m) == reg.MAX_MESSAGE}
        paths |= {"shaky" for m in messages if "at most low" in m}
        paths |= {"crash" for _c, why in new.checks_not_run if why.startswith("check failed")}
    assert paths == {"evidence", "summary", "long", "shaky", "crash"}


def test_steps_per_shape_are_each_needs_own_answer() -> None:
    """The steps kept per shape of candidate are what each need says of that candidate, asked
    afresh, over candidates that share shapes (the kept answers are used) and differ in them."""
    registry.load()
    config = Config()
    plan = reg._plan(config, tuple(registry.codes()))
    rng = random.Random(9)
    for k in range(1500):
        cand = _built_candidate(rng, k)
        assert reg._steps(plan, cand) == old_steps(plan, cand)


def test_the_kept_plan_follows_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept plan is used again only while the registry holds the same checks for its codes: a
    check swapped, added or removed in any way a dict changes makes a new plan."""
    registry.load()
    config = Config(severity={"CT001": Severity.LOW})
    codes = tuple(registry.codes())
    assert reg._plan(config, codes) == old_plan(config, codes)
    assert reg._plan(config, codes) is reg._plan(config, codes)
    spec = _fake_specs()[0]
    swapped = replace(registry._checks["CT001"], title="swapped")
    changes: list[Any] = [
        lambda d: d.__setitem__("CT001", swapped),
        lambda d: d.update({"CT001": swapped}),
        lambda d: d.__ior__({"CT001": swapped}),
        lambda d: d.pop("CT001"),
        lambda d: d.__delitem__("CT001"),
        lambda d: d.popitem(),
    ]
    for change in changes:
        before = reg._plan(config, codes)
        saved = dict(registry._checks)
        change(registry._checks)
        try:
            wanted = tuple(c for c in codes if c in registry._checks)
            assert reg._plan(config, wanted) == old_plan(config, wanted)
            if wanted == codes:
                assert reg._plan(config, codes) is not before
        finally:
            registry._checks.clear()
            registry._checks.update(saved)
    monkeypatch.setitem(registry._checks, spec.code, spec)
    assert reg._plan(config, (*codes, spec.code)) == old_plan(config, (*codes, spec.code))
    registry._checks.setdefault("ZZ999", spec)
    del registry._checks["ZZ999"]
    assert reg._plan(config, codes) == old_plan(config, codes)


def test_evidence_fingerprint_is_the_fact_fingerprint_of_the_evidence() -> None:
    rng = random.Random(4)
    values: list[Any] = [chr(i) for i in range(128)] + PLAIN
    values += ["\u00a8", "\u2126", "K", "ﬀ", "\u0130", "a\u2028b", " x\x1cy "]
    for k in range(6000):
        if k < len(values):
            evidence = [Evidence(0, "f", values[k]), Evidence(None, "g", values[-k])]
        else:
            evidence = [_evidence(rng, 2) for _ in range(rng.randint(0, 6))]
            if rng.random() < 0.1:
                evidence.append(Evidence(0, "f", rng.choice([3, 3.5, None, True])))  # type: ignore[arg-type]
        message = _text(rng)
        code = rng.choice(["CT001", "SRC002"])
        assert evidence_fingerprint(code, evidence, message) == old_fingerprint(
            code, evidence, message
        ), (evidence, message)
        finding = Finding(code, "t", Category.CONTACT, Severity.LOW, 0.5, message, tuple(evidence))
        assert finding.fingerprint == old_fingerprint(code, evidence, message)


def test_scores_as_before() -> None:
    rng = random.Random(11)
    codes = ["CT001", "CT002", "ID001", *sorted(NOT_SCORED)]
    for _ in range(4000):
        findings = []
        for _f in range(rng.choice([0, 1, 1, 1, 2, 3, 6])):
            evidence = tuple(
                Evidence(0, "f", rng.choice(["a", "b", " "])) for _ in range(rng.randint(0, 2))
            )
            findings.append(
                Finding(
                    rng.choice(codes),
                    "t",
                    Category.CONTACT,
                    rng.choice(list(Severity)),
                    rng.choice([0.0, 0.3, 0.5, 0.9, 1.0]),
                    rng.choice(["m", "n"]),
                    evidence,
                )
            )
        complete = rng.random() < 0.7
        assert score(findings, complete=complete) == old_score(findings, complete=complete)
        assert score(iter(findings), complete=complete) == old_score(findings, complete=complete)


# ---------------------------------------------------------------------------------------------
# slot_init keeps the dataclass's behaviour
# ---------------------------------------------------------------------------------------------


def _plain(cls: type) -> type:
    """A dataclass made as `cls` was, before `slot_init`: the generated `__init__`."""
    specs = [
        (
            f.name,
            f.type,
            field(default=f.default) if f.default is not dataclasses.MISSING else field(),
        )
        for f in dataclasses.fields(cls)
    ]
    ns = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
    return dataclasses.make_dataclass(cls.__name__, specs, namespace=ns, frozen=True, slots=True)


SAMPLES: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
    (Evidence, (1, "phones[0]", "(312) 555-0142"), {}),
    (Evidence, (None, "name", "Dana"), {"note": "n"}),
    (Finding, ("CT001", "t", Category.CONTACT, Severity.LOW, 0.5, "m"), {}),
    (
        Finding,
        ("CT001", "t", Category.CONTACT, Severity.LOW, 0.5, "m", (Evidence(0, "f", "v"),)),
        {"cluster": "c", "fingerprint": "fp"},
    ),
    (Risk, (3, level_for(3)), {}),
    (Hit, ("m",), {"facts": ("a",), "severity": Severity.HIGH}),
]


@pytest.mark.parametrize(("cls", "args", "kwargs"), SAMPLES)
def test_slot_init_keeps_the_dataclass_behaviour(
    cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    plain = _plain(cls)
    new, old = cls(*args, **kwargs), plain(*args, **kwargs)
    names = [f.name for f in dataclasses.fields(cls)]
    assert [getattr(new, n) for n in names] == [getattr(old, n) for n in names]
    assert dataclasses.astuple(new) == dataclasses.astuple(old)
    assert repr(new) == repr(old)
    assert cls(*args, **kwargs) == new and hash(cls(*args, **kwargs)) == hash(new)
    by_name = cls(**dict(zip(names, args, strict=False)), **kwargs)
    assert by_name == new
    sig_new, sig_old = inspect.signature(cls), inspect.signature(plain)
    assert [(p.name, p.kind, p.default) for p in sig_new.parameters.values()] == [
        (p.name, p.kind, p.default) for p in sig_old.parameters.values()
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(new, names[0], "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(new, names[0])
    refusals = []
    for obj in (new, old):  # a name of no field: refused alike (a TypeError in Python 3.11)
        with pytest.raises((AttributeError, TypeError)) as refused:
            obj.other = 1
        refusals.append(refused.type)
    assert refusals[0] is refusals[1]
    assert pickle.loads(pickle.dumps(new)) == new
    assert copy.copy(new) == new and copy.deepcopy(new) == new
    assert replace(new, **{names[0]: args[0]}) == new
    for bad_args, bad_kwargs in [((), {}), ((*args, *([None] * 10)), {}), (args, {"nope": 1})]:
        with pytest.raises(TypeError):
            cls(*bad_args, **bad_kwargs)
        with pytest.raises(TypeError):
            plain(*bad_args, **bad_kwargs)


def test_slot_init_refuses_what_it_cannot_rebuild() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class KwOnly:
        a: int = field(kw_only=True)

    for cls in (NoSlots, NotFrozen, Factory, KwOnly):
        with pytest.raises(TypeError):
            slot_init(cls)


def test_the_runner_hands_back_lists_of_its_own() -> None:
    """`scan_candidate` sorts and extends the runner's lists in place: they are new per call,
    never the steps kept for the next candidate."""
    registry.load()
    config = Config(file_disabled=("CT004",), source="scanner.toml")
    codes = tuple(config.selected(registry.codes()))
    cand = Candidate(id="A-1")
    first = pipeline.scan_candidate(cand, config, codes)
    second = pipeline.scan_candidate(Candidate(id="A-2"), config, codes)
    assert first.checks_not_run == second.checks_not_run
    assert first.checks_not_run is not second.checks_not_run
    ctx = CheckContext(config=config)
    a, b = reg.run_checks(cand, ctx, codes), reg.run_checks(cand, ctx, codes)
    assert a.not_run == b.not_run and a.not_run is not b.not_run
    assert a.findings is not b.findings
    assert ("CT004", "disabled by scanner.toml") not in a.not_run


def test_a_merge_of_findings_that_fails_is_the_checks_failure_not_the_scans() -> None:
    """Merging one check's findings told by several sources reads the sources they name; a
    check whose evidence names a source the candidate does not have gets "check failed" and
    keeps its findings unmerged, and the other checks' findings stand."""

    def stray(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
        for src in (5, 6):
            yield Hit(f"told by {src}", [Evidence(src, "experience[0].title", "Engineer")])

    def fine(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
        yield Hit("a plain one", [Evidence(0, "name", "Dana Whitfield")])

    specs = [
        CheckSpec("ZZ911", "Stray sources", Category.TIMELINE, Severity.LOW, stray),
        CheckSpec("ZZ912", "Fine", Category.CONTACT, Severity.LOW, fine),
    ]
    doc = SourceDocument(SourceKind.RESUME, "pdf", "cv.pdf")
    candidate = Candidate(id="c-1", sources=[doc], profiles=[Profile(name="Dana")])
    saved = dict(registry._checks)
    try:
        for spec in specs:
            registry._checks[spec.code] = spec
        result = reg.run_checks(candidate, CheckContext(config=Config()), ["ZZ911", "ZZ912"])
    finally:
        registry._checks.clear()
        registry._checks.update(saved)
    assert [f.code for f in result.findings] == ["ZZ911", "ZZ911", "ZZ912"]
    assert [c for c, _e in result.errors] == ["ZZ911"]
