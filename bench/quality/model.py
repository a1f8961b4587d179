"""What a synthetic applicant is: what each source says, how it is rendered, and the truth.

An `Applicant` carries its sources as `Side`s (what the résumé says, what the LinkedIn profile
says, the application row) and how each is rendered (`ResumeDoc`, `LinkedInDoc`), plus the
truth the benchmark scores against: genuine or fraud, the pattern, the codes that must fire at
which severity, the benign variation families applied, and the ring it belongs to.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime

from .github import Account
from .pools import YM, City

SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}
LEVEL_RANK = {"clear": 0, "unverified": 0, "low": 1, "medium": 2, "high": 3}
_UIDS = itertools.count(1)


@dataclass
class Job:
    org: str
    title: str
    start: YM
    end: YM | None  # None = Present
    location: str = ""
    bullets: list[str] = field(default_factory=list)
    kind: str = "full-time"  # truth only: full-time, intern, founder, freelance, contract, ...
    uid: int = field(default_factory=lambda: next(_UIDS))  # one role as every source tells it

    def copy(self) -> Job:
        """The same role, for another source (the uid is kept: variations match roles by it)."""
        return replace(self, bullets=list(self.bullets))


@dataclass
class Study:
    school: str
    degree: str
    field: str
    start: YM | None
    end: YM | None
    level: str = "bachelor"  # bachelor, master, doctorate, associate
    note: str = ""  # printed after the dates ("part-time, evenings", "transfer")


@dataclass
class Side:
    """What one source says about the person."""

    name: str
    headline: str
    location: str
    email: str
    phone: str
    jobs: list[Job]
    studies: list[Study]
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # printed on a résumé's contact line

    def clone(self) -> Side:
        return copy.deepcopy(self)

    def role(self, uid: int) -> Job | None:
        return next((j for j in self.jobs if j.uid == uid), None)


@dataclass
class ResumeDoc:
    """How the résumé is rendered."""

    format: str = "pdf"  # pdf, docx, txt, inline (the sheet's résumé-text column), corrupt
    layout: str = "classic"  # classic, right-dates, pipes, plain
    author: str = ""  # document metadata author (default: the résumé's name)
    created: datetime | None = None
    date_style: str = "mon"  # mon ("Mar 2019"), month ("March 2019"), numeric ("03/2019"), iso
    present: str = "Present"
    dash: str = "–"
    contact_extras: list[str] = field(default_factory=list)  # lines under the contact line
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # extra sections
    group_roles: bool = False  # one employer header with its roles beneath


@dataclass
class LinkedInDoc:
    kind: str = "pdf"  # pdf, page, export_dir, export_zip, none
    slug: str = ""
    created: datetime | None = None
    forge: str = ""  # "", "producer" (re-made in Word), "durations" (dates edited after export)
    phone_tag: str = "Mobile"


@dataclass
class Applicant:
    id: str
    truth: str  # "genuine" or "fraud"
    pattern: str  # "genuine", or the fraud pattern's name
    app: dict[str, str]  # the sheet row / application fields
    resume: Side | None
    linkedin: Side | None
    rdoc: ResumeDoc = field(default_factory=ResumeDoc)
    ldoc: LinkedInDoc = field(default_factory=LinkedInDoc)
    families: list[str] = field(default_factory=list)  # benign variations applied
    expect: dict[str, str] = field(default_factory=dict)  # code → minimum severity it must reach
    ring: str | None = None  # applicants of one ring must share one cluster
    track: str = "batch"  # "batch" (scanner batch) or "check" (scanner check with a store)
    photo: tuple[int, str] | None = None  # (image seed, rendering: "png", "jpg-small", ...)
    earlier: Side | None = None  # check track: the LinkedIn profile as an earlier scan saw it
    person: str = ""  # the real person behind it (duplicates share it)
    home: City | None = None  # where they live
    watch: list[tuple[str, str]] = field(
        default_factory=list
    )  # check track: put on the watchlist first
    github: Account | None = None  # served by the fake GitHub API during the batch

    def roles(self, uid: int) -> list[Job]:
        """The role with this uid in every source that tells it."""
        return [
            j
            for s in (self.resume, self.linkedin, self.earlier)
            if s is not None
            for j in s.jobs
            if j.uid == uid
        ]

    def note(self, family: str) -> None:
        if family not in self.families:
            self.families.append(family)
