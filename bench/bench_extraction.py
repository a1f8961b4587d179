#!/usr/bin/env python3
"""Extraction quality on the résumé layout corpus (`fixtures/layouts/`): per layout family,
how many positions and studies the reader gets right, how many dates it reads exactly, and
whether it finds the person's name; tuning seeds, held-out seeds, held-out families and the
families written after tuning (never used to tune the reader) apart.

    python bench/bench_extraction.py [--family NAME ...] [--split tune|holdout] [--json]

An experience entry is right when its employer and title both match the truth (case, spacing,
punctuation and a legal suffix such as "Inc." aside); a study when its school matches and its
degree is of the same level (or, for degrees the level table does not know, the same words).
Dates are exact when start, end and "present" all equal the truth at the precision the document
wrote; the dates figure counts every true entry (a missed entry has no exact dates). F1 is over
entries pooled across a family's documents. Every document is read by the scanner's own
readers (`extractors.dispatch.extract`), from its bytes, as `scanner check` would.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "fixtures" / "layouts"

_SUFFIX = re.compile(r"\b(?:inc|llc|ltd|corp|gmbh|co|plc)\b\.?$")
_PUNCT = re.compile(r"[^\w\s]+")


def norm(text: str | None) -> str:
    """Case, width, punctuation and spacing folded; a trailing legal suffix dropped."""
    t = unicodedata.normalize("NFKC", text or "").casefold().replace("&", " and ")
    t = " ".join(_PUNCT.sub(" ", t).split())
    return _SUFFIX.sub("", t).strip()


@dataclass
class Tally:
    """Counts pooled over documents."""

    docs: int = 0
    exp_truth: int = 0
    exp_pred: int = 0
    exp_right: int = 0
    dates_exact: int = 0
    edu_truth: int = 0
    edu_pred: int = 0
    edu_right: int = 0
    field_right: int = 0
    edu_dates_exact: int = 0
    names_right: int = 0
    errors: int = 0
    empty_ok: int = 0  # read "ok" with no positions although the document has some
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name == "misses":
                self.misses.extend(other.misses)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def f1(right: int, pred: int, truth: int) -> float:
        if truth == 0 and pred == 0:
            return 1.0
        p = right / pred if pred else 0.0
        r = right / truth if truth else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "exp_precision": share(self.exp_right, self.exp_pred),
            "exp_recall": share(self.exp_right, self.exp_truth),
            "exp_f1": self.f1(self.exp_right, self.exp_pred, self.exp_truth),
            "dates_exact": share(self.dates_exact, self.exp_truth),
            "edu_f1": self.f1(self.edu_right, self.edu_pred, self.edu_truth),
            "field": share(self.field_right, self.edu_truth),
            "edu_dates_exact": share(self.edu_dates_exact, self.edu_truth),
            "name": share(self.names_right, self.docs),
        }


def _same_org(a: str, b: str) -> bool:
    return norm(a) == norm(b)


def _date(rng: Any, end: bool) -> str | None:
    if rng is None:
        return None
    value = rng.end if end else rng.start
    return str(value) if value is not None else None


def _level(degree: str) -> str:
    from extractors.normalise.degrees import degree_level

    return str(degree_level(degree).value)


def _degree_ok(degree: str, level: str, written: str) -> bool:
    """Same degree level; for degrees the level table does not know, the same words."""
    got = _level(degree)
    return got == level if got and level else norm(degree) == norm(written)


def score_document(path: Path, truth: dict[str, Any]) -> Tally:
    """Read one document with the scanner's readers and compare it with its truth."""
    from extractors.dispatch import extract
    from extractors.documents import sniff_format
    from extractors.model import ExtractionError, SourceDocument, SourceKind

    tally = Tally(docs=1, exp_truth=len(truth["experience"]), edu_truth=len(truth["education"]))
    content = path.read_bytes()
    doc = SourceDocument(SourceKind.RESUME, sniff_format(content, path.name), path.name, content)
    try:
        profile = extract(doc).profile
    except ExtractionError as exc:
        tally.errors = 1
        tally.misses.append(f"{path.name}: error {exc}")
        return tally
    tally.names_right = int(norm(profile.name) == norm(truth["name"]))
    if not tally.names_right:
        tally.misses.append(f"{path.name}: name {profile.name!r} != {truth['name']!r}")
    tally.exp_pred = len(profile.experience)
    if tally.exp_truth and not profile.experience and not profile.unread_parts:
        tally.empty_ok = 1
    free = list(profile.experience)
    for want in truth["experience"]:
        hit = next(
            (
                p
                for p in free
                if _same_org(p.org, want["org"]) and norm(p.title) == norm(want["title"])
            ),
            None,
        )
        if hit is None:
            tally.misses.append(
                f"{path.name}: position {want['title']!r} at {want['org']!r} not read"
            )
            continue
        free.remove(hit)
        tally.exp_right += 1
        got = (
            _date(hit.range, False),
            _date(hit.range, True),
            bool(hit.range and hit.range.current),
        )
        if got == (want["start"], want["end"], want["current"]):
            tally.dates_exact += 1
        else:
            tally.misses.append(
                f"{path.name}: dates of {want['org']!r} {got} != {(want['start'], want['end'], want['current'])}"
            )
    for extra in free:
        tally.misses.append(f"{path.name}: spurious position {extra.title!r} at {extra.org!r}")
    tally.edu_pred = len(profile.education)
    free_s = list(profile.education)
    for want in truth["education"]:
        level = want.get("level") or _level(want["degree"])
        hit_s = next(
            (
                s
                for s in free_s
                if norm(s.school) == norm(want["school"])
                and _degree_ok(s.degree, level, want["degree"])
            ),
            None,
        )
        if hit_s is None:
            tally.misses.append(
                f"{path.name}: study {want['degree']!r} at {want['school']!r} not read"
            )
            continue
        free_s.remove(hit_s)
        tally.edu_right += 1
        tally.field_right += int(norm(hit_s.field) == norm(want["field"]))
        got_s = (_date(hit_s.range, False), _date(hit_s.range, True))
        tally.edu_dates_exact += int(got_s == (want["start"], want["end"]))
    for extra_s in free_s:
        tally.misses.append(f"{path.name}: spurious study {extra_s.degree!r} at {extra_s.school!r}")
    return tally


def corpus(
    families: Iterable[str] = (), split: str | None = None
) -> list[tuple[Path, dict[str, Any]]]:
    """(document, truth) for every generated document, optionally of some families or a split."""
    wanted = set(families)
    out: list[tuple[Path, dict[str, Any]]] = []
    for truth_path in sorted(CORPUS.glob("*/*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if wanted and truth["family"] not in wanted:
            continue
        if split and truth["split"] != split:
            continue
        for name in truth["files"]:
            out.append((truth_path.parent / name, truth))
    return out


def run(docs: list[tuple[Path, dict[str, Any]]]) -> dict[str, Tally]:
    """Tallies per family+format, per family, and for the tuning and held-out groups."""
    tallies: dict[str, Tally] = {}
    for path, truth in docs:
        t = score_document(path, truth)
        ext = path.suffix.lstrip(".")
        if truth.get("fresh_family"):
            group = "fresh families, never tuned"
        elif truth["holdout_family"]:
            group = "held-out families"
        elif truth["split"] == "holdout":
            group = "tuned families, held-out seeds"
        else:
            group = "tuned families, tuning seeds"
        for key in (f"{truth['family']}/{ext}", group, "all"):
            tallies.setdefault(key, Tally()).add(t)
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    head = f"{'layout':34} {'docs':>4} {'exp P':>6} {'exp R':>6} {'exp F1':>6} {'dates':>6} {'edu F1':>6} {'field':>6} {'edu dt':>6} {'name':>5} {'err':>3} {'empty':>5}"
    rows = [head, "-" * len(head)]
    groups = (
        "tuned families, tuning seeds",
        "tuned families, held-out seeds",
        "held-out families",
        "fresh families, never tuned",
        "all",
    )
    keys = sorted(k for k in tallies if k not in groups) + [g for g in groups if g in tallies]
    for key in keys:
        t = tallies[key]
        f = t.figures()
        if key == groups[0]:
            rows.append("-" * len(head))
        rows.append(
            f"{key:34} {t.docs:>4} {f['exp_precision']:6.3f} {f['exp_recall']:6.3f} {f['exp_f1']:6.3f} "
            f"{f['dates_exact']:6.3f} {f['edu_f1']:6.3f} {f['field']:6.3f} {f['edu_dates_exact']:6.3f} "
            f"{f['name']:5.2f} {t.errors:>3} {t.empty_ok:>5}"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", action="append", default=[])
    parser.add_argument("--split", choices=["tune", "holdout"])
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    tallies = run(corpus(args.family, args.split))
    if args.json:
        print(
            json.dumps({k: {"docs": t.docs, **t.figures()} for k, t in tallies.items()}, indent=1)
        )
        return
    print(table(tallies))
    if args.misses:
        for key, t in tallies.items():
            if "/" in key:
                for miss in t.misses:
                    print(miss)


if __name__ == "__main__":
    main()
