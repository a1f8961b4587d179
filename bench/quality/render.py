"""Write applicants as the files an analyst receives: résumés, LinkedIn sources, photos, a sheet.

Résumés go through `fixtures/make_fixtures.py`'s PDF/DOCX/TXT writers and LinkedIn sources
through `fixtures/make_linkedin.py`'s "Save to PDF", saved-page and data-export renderers, so
the benchmark's documents follow the same verified facts as the test fixtures.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from .model import Applicant, Job, LinkedInDoc, ResumeDoc, Side, Study
from .pools import MONTHS, MONTHS3, YM

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "fixtures"))

import make_fixtures as mf  # noqa: E402
import make_linkedin as ml  # noqa: E402

SHEET_COLUMNS = {  # field → header, per sheet dialect
    "csv": {"id": "Candidate ID", "name": "Full Name", "email": "Email", "phone": "Phone",
            "location": "Location", "address": "Home Address",
            "shipping_address": "Shipping Address", "resume": "Resume", "linkedin": "LinkedIn",
            "photo": "Photo", "references": "References", "resume_text": "Resume Text",
            "github": "GitHub"},
    "xlsx": {"id": "Applicant ID", "name": "Candidate Name", "email": "E-mail Address",
             "phone": "Mobile Number", "location": "Current Location", "address": "Street Address",
             "shipping_address": "Equipment Address", "resume": "CV File",
             "linkedin": "LinkedIn Profile", "photo": "Headshot", "references": "Referees",
             "resume_text": "CV Text", "github": "GitHub Handle"},
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Résumés
# ---------------------------------------------------------------------------------------------
def fmt_date(d: YM, style: str) -> str:
    year, month = d
    if month is None:
        return str(year)
    if style == "month":
        return f"{MONTHS[month - 1]} {year}"
    if style == "numeric":
        return f"{month:02d}/{year}"
    if style == "iso":
        return f"{year}-{month:02d}"
    return f"{MONTHS3[month - 1]} {year}"


def fmt_range(start: YM | None, end: YM | None, doc: ResumeDoc, ongoing: bool = True) -> str:
    left = fmt_date(start, doc.date_style) if start else ""
    right = fmt_date(end, doc.date_style) if end else (doc.present if ongoing else "")
    if left and right:
        sep = " to " if doc.dash == "to" else f" {doc.dash} "
        return f"{left}{sep}{right}"
    return left or right


def _job_lines(job: Job, doc: ResumeDoc) -> list[tuple[str, str]]:
    dates = fmt_range(job.start, job.end, doc)
    loc = job.location
    if doc.layout == "classic":
        out = [
            ("bold", job.title),
            ("text", f"{job.org}, {loc}" if loc else job.org),
            ("text", dates),
        ]
    elif doc.layout == "right-dates":
        out = [
            ("bold", f"{job.title}\t{dates}"),
            ("text", f"{job.org} — {loc}" if loc else job.org),
        ]
    elif doc.layout == "pipes":
        out = [("bold", f"{job.org} — {job.title} | {dates}")]
        if loc:
            out.append(("text", loc))
    else:  # plain
        out = [("bold", f"{job.title}, {job.org}"), ("text", f"{dates} | {loc}" if loc else dates)]
    return out + [("bullet", b) for b in job.bullets]


def _grouped_lines(jobs: list[Job], doc: ResumeDoc) -> list[tuple[str, str]]:
    """One employer header with its roles beneath (a common template for promotions)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(jobs):
        run = [jobs[i]]
        while i + len(run) < len(jobs) and jobs[i + len(run)].org == jobs[i].org:
            run.append(jobs[i + len(run)])
        if len(run) == 1:
            out += _job_lines(run[0], doc)
        else:
            first = min((j.start for j in run), key=lambda d: (d[0], d[1] or 0))
            ongoing = any(j.end is None for j in run)
            last = (
                None
                if ongoing
                else max((j.end for j in run if j.end), key=lambda d: (d[0], d[1] or 0))
            )
            loc = run[0].location
            out.append(
                ("bold", f"{run[0].org}{', ' + loc if loc else ''}\t{fmt_range(first, last, doc)}")
            )
            for j in run:
                out.append(("text", f"{j.title} ({fmt_range(j.start, j.end, doc)})"))
                out += [("bullet", b) for b in j.bullets]
        i += len(run)
    return out


def _study_lines(s: Study, doc: ResumeDoc) -> list[tuple[str, str]]:
    dates = fmt_range(s.start, s.end, doc, ongoing=False)
    tail = f", {s.note}" if s.note else ""
    degree = f"{s.degree} in {s.field}" if s.field else s.degree
    if doc.layout in ("classic", "right-dates"):
        return [("bold", s.school), ("text", f"{degree}, {dates}{tail}")]
    return [("bold", f"{s.degree}, {s.field}" if s.field else s.degree),
            ("text", f"{s.school} | {dates}{tail}")]  # fmt: skip


def resume_lines(side: Side, doc: ResumeDoc) -> list[tuple[str, str]]:
    """(style, text) lines for `make_fixtures`' writers: name, headline, contact line first."""
    contact = [p for p in (side.location, side.email, side.phone, *side.links) if p]
    out: list[tuple[str, str]] = [("name", side.name), ("text", side.headline),
                                  ("text", " | ".join(contact))]  # fmt: skip
    out += [("text", line) for line in doc.contact_extras]
    if side.summary:
        out += [("heading", "Summary"), ("text", side.summary)]
    if side.jobs:
        out.append(("heading", "Experience"))
        if doc.group_roles:
            out += _grouped_lines(side.jobs, doc)
        else:
            for job in side.jobs:
                out += _job_lines(job, doc)
    if side.studies:
        out.append(("heading", "Education"))
        for s in side.studies:
            out += _study_lines(s, doc)
    for heading, items in doc.sections:
        out.append(("heading", heading))
        out += [("bullet", item) for item in items]
    if side.skills:
        out += [("heading", "Skills"), ("text", ", ".join(side.skills))]
    return out


def resume_text(side: Side, doc: ResumeDoc) -> str:
    buf = io.StringIO()
    for style, line in resume_lines(side, doc):
        if style == "heading":
            buf.write(f"\n{line.upper()}\n")
        elif style == "bullet":
            buf.write(f"  • {line}\n")
        else:
            buf.write(line.replace("\t", "    ") + "\n")
    return buf.getvalue().strip() + "\n"


@contextlib.contextmanager
def _document_date(when: datetime | None) -> Iterator[None]:
    """make_fixtures stamps every document with its FIXED_DATE: use this document's own date."""
    saved = mf.FIXED_DATE
    if when is not None:
        mf.FIXED_DATE = when
    try:
        yield
    finally:
        mf.FIXED_DATE = saved


def write_resume(folder: Path, a: Applicant) -> Path | None:
    """The résumé file (None for no résumé or an inline one)."""
    side, doc = a.resume, a.rdoc
    if side is None or doc.format == "inline":
        return None
    lines = resume_lines(side, doc)
    author = doc.author or side.name
    if doc.format == "corrupt":
        path = folder / f"{a.id}-resume.pdf"
        with _document_date(doc.created):
            mf.write_pdf(path, lines, author)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
        return path
    path = folder / f"{a.id}-resume.{doc.format}"
    with _document_date(doc.created):
        if doc.format == "pdf":
            mf.write_pdf(path, lines, author)
        elif doc.format == "docx":
            mf.write_docx(path, lines, author, "table" if doc.layout == "table" else "classic")
        else:
            path.write_text(resume_text(side, doc), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# LinkedIn
# ---------------------------------------------------------------------------------------------
def linkedin_person(side: Side, ldoc: LinkedInDoc) -> ml.Person:
    """`make_linkedin.Person` of a side: consecutive rows at one employer are one company."""
    companies: list[ml.Company] = []
    for j in side.jobs:
        role = ml.Role(j.title, j.start, j.end, j.location, " ".join(j.bullets))
        if companies and companies[-1].name == j.org:
            companies[-1].roles.append(role)
        else:
            companies.append(ml.Company(j.org, [role]))
    created = ldoc.created or datetime(2026, 1, 1, tzinfo=UTC)
    person = ml.Person(
        name=side.name,
        headline=side.headline,
        location=side.location,
        slug=ldoc.slug,
        created=created,
        email=side.email,
        phone=f"{side.phone} ({ldoc.phone_tag})" if side.phone else "",
        skills=side.skills[:3],
        summary=side.summary,
        companies=companies,
        schools=[ml.School(s.school, s.degree, s.field, s.start, s.end) for s in side.studies],
    )
    if ldoc.forge == "producer":
        person = replace(person, author=side.name, producer="Microsoft® Word for Microsoft 365")
    elif ldoc.forge == "durations" and person.companies:
        company = max(person.companies, key=lambda c: len(c.roles[-1].title))
        role = company.roles[-1]
        moved = (role.start[0] - 2, role.start[1])
        end = ml.fmt_date(role.end) if role.end else "Present"
        edited = replace(role, printed_dates=f"{ml.fmt_date(moved)}{ml.NBSP}-{ml.NBSP}{end}")
        person.companies[person.companies.index(company)] = replace(
            company, roles=[*company.roles[:-1], edited]
        )
    return person


def export_files(p: ml.Person) -> dict[str, bytes]:
    """A LinkedIn data export of the person (make_linkedin's, with this person's own contacts)."""
    files = ml.own_export_files(replace(p, phone=p.phone or "+1 000 000 0000 (Mobile)"))
    number, _, tag = p.phone.rpartition(" (")
    files["PhoneNumbers.csv"] = ml._csv(
        ["Extension", "Number", "Type"], [["", number, tag.rstrip(")")]] if p.phone else []
    )
    files["Ad_Targeting.csv"] = ml._csv(["Member Age", "Company Names"], [])
    return files


def write_linkedin(
    folder: Path, a: Applicant, side: Side | None = None, tag: str = ""
) -> str | None:
    """Write the LinkedIn source; returns its path relative to `folder`."""
    side = side if side is not None else a.linkedin
    if side is None or a.ldoc.kind == "none":
        return None
    person = linkedin_person(side, a.ldoc)
    stem = f"{a.id}-linkedin{tag}"
    if a.ldoc.kind == "pdf":
        data, _ = ml.render_pdf(person)
        path = folder / f"{stem}.pdf"
        path.write_bytes(data)
        return path.name
    if a.ldoc.kind in ("page", "page_flat"):
        path = folder / f"{stem}.html"
        path.write_text(ml.profile_page(person, graph=a.ldoc.kind == "page"), encoding="utf-8")
        return path.name
    files = export_files(person)
    created = a.ldoc.created or datetime(2026, 1, 1, tzinfo=UTC)
    if a.ldoc.kind == "export_dir":  # the ZIP unpacked: LinkedIn's folder name carries the date
        path = folder / f"{stem}-export" / f"Basic_LinkedInDataExport_{created:%m-%d-%Y}"
        for name, content in files.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(content)
        return path.relative_to(folder).as_posix()
    path = folder / f"{stem}-export.zip"
    ml.write_zip(path, files, prefix=f"Basic_LinkedInDataExport_{created:%m-%d-%Y}/")
    return path.name


# ---------------------------------------------------------------------------------------------
# Photos and the sheet
# ---------------------------------------------------------------------------------------------
def write_photo(folder: Path, a: Applicant) -> Path | None:
    """A synthetic headshot stand-in (seeded shapes); a ring's copy is resized or recompressed."""
    if a.photo is None:
        return None
    from PIL import Image, ImageDraw

    seed, variant = a.photo
    rng = random.Random(seed)
    img = Image.new("RGB", (240, 240), tuple(rng.randrange(256) for _ in range(3)))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(img)
    for _ in range(14):
        x0, y0 = rng.randrange(200), rng.randrange(200)
        box = (x0, y0, x0 + rng.randrange(20, 120), y0 + rng.randrange(20, 120))
        fill = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse(box, fill=fill)  # type: ignore[arg-type]
        else:
            draw.rectangle(box, fill=fill)  # type: ignore[arg-type]
    if variant == "jpg-small":
        path = folder / f"{a.id}-photo.jpg"
        img.resize((160, 160)).save(path, "JPEG", quality=72)
    else:
        path = folder / f"{a.id}-photo.png"
        img.save(path, "PNG")
    return path


def render_applicant(folder: Path, a: Applicant) -> dict[str, str]:
    """Write one applicant's files; returns its sheet row (paths relative to `folder`)."""
    row = dict(a.app)
    row["id"] = a.id
    resume = write_resume(folder, a)
    if resume is not None:
        row["resume"] = resume.name
    elif a.resume is not None and a.rdoc.format == "inline":
        row["resume_text"] = resume_text(a.resume, a.rdoc)
    linkedin = write_linkedin(folder, a)
    if linkedin is not None:
        row["linkedin"] = linkedin
    if a.earlier is not None:
        earlier = write_linkedin(folder, a, a.earlier, tag="-earlier")
        if earlier is not None:
            row["earlier_linkedin"] = earlier
    photo = write_photo(folder, a)
    if photo is not None:
        row["photo"] = photo.name
    if a.github is not None:
        from .github import render_account

        api = render_account(folder, a.github)
        (folder / "github" / a.github.login / "api.json").write_text(
            json.dumps(api), encoding="utf-8"
        )
        row["github"] = a.app.get("github") or a.github.login
    return row


def write_sheet(path: Path, rows: list[dict[str, str]], dialect: str) -> None:
    """The applicants' sheet in one of two header dialects (CSV or XLSX)."""
    columns = SHEET_COLUMNS[dialect]
    header = list(columns.values())
    table = [[row.get(f, "") for f in columns] for row in rows]
    if dialect == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(table)
        return
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Applicants"
    ws.append(header)
    for line in table:
        ws.append(line)
    wb.save(path)
