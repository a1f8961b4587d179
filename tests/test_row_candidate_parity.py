"""A structured row's candidate is the one the earlier, slower path made, field for field.

The application source's profile is read from the cleaned fields its content was made from
rather than decoded back from those bytes, the fields are encoded by one JSON encoder made once,
an offline candidate's fetches skip the deadline, and a profile with few entries skips the cut.
The references below are the code as it was (`json.dumps`, `json.loads`, the per-value split,
the deadline around every fetch), held against the new code over the benchmark generator's rows
and over hostile cells: control and bidi characters, empty and blank cells, unicode, very long
cells, `@handle` GitHub cells, URLs, several values split by `;` and line breaks.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields as dc_fields
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import extractors.application as application
from extractors.model import Position, Profile, SourceDocument, SourceKind, SourceStatus, Study
from scanner import pipeline
from scanner.batch import runner
from scanner.batch.spreadsheet import SheetRow, open_sheet
from scanner.collectors.application import application_document, application_source
from scanner.collectors.live import candidate_deadline
from scanner.config import Config
from scanner.model import Candidate
from scanner.sources import FetchOptions, is_url
from scanner.terminal import clean_field

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2020, 1, 1, tzinfo=UTC)

# ---------------------------------------------------------------------------------------------
# The code as it was
# ---------------------------------------------------------------------------------------------

_OLD_BARE_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def old_application_content(fields: Mapping[str, Any]) -> bytes:
    clean = {k: str(v).strip() for k, v in fields.items() if v is not None and str(v).strip()}
    return json.dumps(clean, sort_keys=True, ensure_ascii=False).encode("utf-8")


def old_application_document(fields: Mapping[str, Any], uri: str) -> SourceDocument | None:
    fields = {k: clean_field(v) if isinstance(v, str) else v for k, v in fields.items()}
    content = old_application_content(fields)
    if content == b"{}":
        return None
    return SourceDocument(
        kind=SourceKind.APPLICATION,
        format="fields",
        uri=uri,
        content=content,
        media_type="application/json",
        sha256=SourceDocument.digest(content),
        collector="application",
    )


def old_split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.replace("\n", ";").split(";") if v.strip())


def old_parse_application(content: bytes) -> Profile:
    from extractors.contacts import github_handle, linkedin_slug, split_phone_list
    from extractors.model import ExtractionError

    try:
        fields = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExtractionError(f"application fields are not valid JSON: {exc}") from None
    if not isinstance(fields, dict):
        raise ExtractionError("application fields must be an object")
    urls = tuple(fields[k] for k in ("linkedin", "github", "site") if fields.get(k))
    slug = linkedin_slug(fields["linkedin"]) if fields.get("linkedin") else None
    handle = None
    if fields.get("github"):
        raw = fields["github"].strip().lstrip("@")
        handle = raw if _OLD_BARE_HANDLE.fullmatch(raw) else github_handle(raw)
    return Profile(
        name=fields.get("name", ""),
        emails=old_split(fields.get("email", "")),
        phones=tuple(
            p for cell in old_split(fields.get("phone", "")) for p in split_phone_list(cell)
        ),
        locations=old_split(fields.get("location", "")),
        addresses=old_split(fields.get("address", "")),
        shipping_addresses=old_split(fields.get("shipping_address", "")),
        urls=urls,
        linkedin_slugs=(slug,) if slug else (),
        github_handles=(handle,) if handle else (),
        references=old_split(fields.get("references", "")),
    )


def old_cap_entries(profile: Profile | None, limit: int = pipeline.MAX_ENTRIES) -> Profile | None:
    if profile is None:
        return None
    cut = {
        name: len(getattr(profile, name))
        for name in ("experience", "education")
        if len(getattr(profile, name)) > limit
    }
    if not cut:
        return profile
    unread = [
        f"{n:,} {name} entries, more than anyone's history holds: only the first {limit} read"
        for name, n in cut.items()
    ]
    return replace(
        profile,
        experience=profile.experience[:limit],
        education=profile.education[:limit],
        unread_parts=(*profile.unread_parts, *unread),
    )


def old_build_candidate(
    cid: str,
    fields: Mapping[str, Any],
    refs: list[pipeline.SourceRef],
    settings: runner.BatchSettings,
    uri: str,
) -> Candidate:
    config, fetch = settings.config, settings.fetch
    docs: list[SourceDocument] = []
    app = old_application_document(fields, uri)
    if app is not None:
        docs.append(app)
    with candidate_deadline(fetch, config):
        docs.extend(pipeline.collect(r, config, fetch) for r in refs)
    cand = Candidate(id=cid, as_of=settings.as_of)
    for doc in docs:
        doc, prof = pipeline.extract_source(doc, config)  # the application's through dispatch
        cand.sources.append(doc)
        cand.profiles.append(prof)
    return cand


def old_row_candidate(
    task: runner.RowTask, settings: runner.BatchSettings
) -> tuple[Candidate, bytes | None, str | None]:
    row = task.row
    uri = f"{settings.sheet_name}#row={row.number}"
    if row.empty:
        cand = Candidate(id=row.id, as_of=settings.as_of)
        cand.sources.append(runner._error_source(uri, f"row {row.number} is empty"))
        cand.profiles.append(None)
        return cand, None, None
    root = Path(settings.documents or settings.base)
    fields = row.fields
    app = {k: fields[k] for k in runner.APPLICATION_FIELDS if fields.get(k)}
    if app.get("github") and is_url(app["github"]) is False:
        app["github"] = app["github"].lstrip("@")
    refs, refused = runner._refs(fields, root)
    cand = old_build_candidate(row.id, app, refs, settings, uri)
    text = fields.get("resume_text", "").strip()
    if text:
        content = text.encode("utf-8")
        doc = SourceDocument(
            kind=SourceKind.RESUME,
            format="txt",
            uri=f"{uri}/resume_text",
            content=content,
            media_type="text/plain",
            sha256=SourceDocument.digest(content),
            collector="spreadsheet",
        )
        doc, prof = pipeline.extract_source(doc, settings.config)
        if prof is not None and not prof.text:
            prof = replace(prof, text=text)
        cand.sources.append(doc)
        cand.profiles.append(prof)
    problems = [*row.problems, *(f"not read: {r}" for r in refused)]
    if problems:
        cand.sources.append(runner._error_source(uri, "; ".join(problems)))
        cand.profiles.append(None)
    photo: bytes | None = None
    problem: str | None = None
    if fields.get("photo"):
        photo, problem, where = runner._read_photo(fields["photo"], root)
        if photo is not None:
            cand.photo = where
    return cand, photo, problem


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------

PIECES = [
    "", " ", "  ", "\t", "\n", "\r\n", ";", "; ", " ;\n", "@", "@@", "-", "_", ".", ",", "/",
    "\x00", "\x1b[31m", "\x1b]8;;https://example.org\x07", "\x7f", "\x9b", "\u200b", "\u200f",
    "\u202e", "\u2066", "\u2069", "\u2028", "\u2029", "\ufeff", "\u00a0", "\u3000", "\u061c",
    "é", "Ångström", "中文", "😀", "ß", "İ", "\u0301", '"', "\\", "'", "{", "}", ":",
    "https://", "http://", "www.", "github.com/", "https://github.com/", "linkedin.com/in/",
    "https://www.linkedin.com/in/", "x.github.io", "%C3%B6", "?tab=repositories", "#row",
    "dana", "dana-whitfield", "Dana Whitfield", "d--w", "a" * 39, "a" * 40, "user-", "-user",
    "(312) 555-0142", "312.555.0199", "+1 312 555 0103", " / ", " or ", ", ", "x12",
    "dana@example.com", "d@example.org", "12 Main St", "Springfield, IL 62701", "n/a", "N/A",
    "none", "TBD", "test@test.com", "0", "000-000-0000",
]  # fmt: skip
COLUMNS = ("name", "email", "phone", "location", "address", "shipping_address", "linkedin",
           "github", "site", "references", "resume_text")  # fmt: skip


def _cell(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return ""
    if roll < 0.2:
        return rng.choice(PIECES) * rng.randint(200, 3000)  # a very long cell
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))


def hostile_rows(count: int, seed: int) -> Iterator[SheetRow]:
    rng = random.Random(seed)
    for i in range(count):
        fields = {c: _cell(rng) for c in COLUMNS if rng.random() < 0.8}
        if rng.random() < 0.3:
            fields["github"] = "@" + rng.choice(["dana", "dana-w", "-bad", "a" * 39, "x y", ""])
        problems = ("phone: a formula cell",) if rng.random() < 0.05 else ()
        yield SheetRow(number=i + 2, id=f"H-{i}", fields=fields, problems=problems)


EDGE_ROWS = [
    {},
    {"name": ""},
    {"name": "   ", "email": "\t"},
    {"name": "\x1b[2J\x1b]0;pwned\x07", "email": "\u202edana@example.com"},
    {"github": "@dana"},
    {"github": "@@dana"},
    {"github": " @dana"},
    {"github": "@https://github.com/dana"},
    {"github": "https://github.com/dana/"},
    {"github": "dana.github.io"},
    {"github": "@" + "a" * 40},
    {"linkedin": "linkedin.com/in/j%C3%B6rg-m%C3%BCller"},
    {"linkedin": "www.linkedin.com/in/dana; https://uk.linkedin.com/in/dana-2/"},
    {"linkedin": "https://www.linkedin.com/in/\u200bdana"},
    {"site": "https://dana.example.org; ftp://x; /etc/passwd"},
    {"phone": "(312) 555-0142 / 312.555.0199\n+1 312 555 0103; ;"},
    {"email": "a@example.com;\n;b@example.org\n", "references": "x;y\nz"},
    {"address": "1 Main St\nSpringfield, IL 62701", "shipping_address": ";\n;"},
    {"name": "名前 テスト", "location": "Zürich, CH", "email": "ü@example.com"},
    {"name": 'Dana "Quote" \\ Whitfield', "references": '{"k": "v"}'},
    {"resume_text": "Experience\nEngineer, Globex 2019 – Present\n"},
    {"name": "Dana", "resume": "missing.pdf; ../outside.pdf", "photo": "missing.jpg"},
    {"name": "x" * 100_000, "phone": "9" * 5000},
]


def edge_rows() -> Iterator[SheetRow]:
    for i, fields in enumerate(EDGE_ROWS):
        yield SheetRow(number=i + 2, id=f"E-{i}", fields=fields)
    yield SheetRow(number=99, id="E-empty", fields={}, empty=True)
    yield SheetRow(number=100, id="E-prob", fields={"name": "x"}, problems=("a problem",))


def bench_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> list[SheetRow]:
    """The benchmark generator's rows (its own cache moved to `tmp_path`)."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import bench_batch

    monkeypatch.setattr(bench_batch, "OUT", tmp_path)
    return list(open_sheet(bench_batch.make_structured(count)).rows())


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


def _settings(tmp_path: Path) -> runner.BatchSettings:
    sheet = tmp_path / "applicants.csv"
    sheet.write_text("id,name\n", encoding="utf-8")
    return runner.BatchSettings.from_config(Config(), FetchOptions(offline=True), sheet)


def _same_candidate(new: Candidate, old: Candidate) -> None:
    """Every field equal; the sources' collection times are the clock's, so set aside."""
    assert len(new.sources) == len(old.sources)
    for a, b in zip(new.sources, old.sources, strict=True):
        assert isinstance(a.retrieved_at, datetime)
        assert replace(a, retrieved_at=T0) == replace(b, retrieved_at=T0)
    assert new.profiles == old.profiles
    for f in dc_fields(Candidate):
        if f.name != "sources":
            assert getattr(new, f.name) == getattr(old, f.name), f.name


def _held_to_old(
    rows: Iterator[SheetRow] | list[SheetRow],
    settings: runner.BatchSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    """Each row's candidate, new and old; the old one decodes the application with the old code."""
    checked = 0
    for i, row in enumerate(rows):
        task = runner.RowTask(i, row)
        new = _outcome(runner.build_row_candidate, task, settings)
        with monkeypatch.context() as m:
            m.setattr(application, "parse_application", old_parse_application)
            m.setattr(pipeline, "cap_entries", old_cap_entries)
            old = _outcome(old_row_candidate, task, settings)
        if isinstance(old, BaseException) or isinstance(new, BaseException):
            assert type(new) is type(old) and str(new) == str(old), (row, new, old)
            continue
        _same_candidate(new[0], old[0])
        assert new[1:] == old[1:]
        checked += 1
    return checked


def _outcome(make: Callable[..., Any], *args: Any) -> Any:
    try:
        return make(*args)
    except Exception as exc:  # both paths must fail alike
        return exc


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


def test_bench_rows_make_the_old_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = bench_rows(tmp_path, monkeypatch, 1000)
    assert _held_to_old(rows, _settings(tmp_path), monkeypatch) == len(rows)


def test_hostile_rows_make_the_old_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path)
    assert _held_to_old(hostile_rows(1000, seed=5), settings, monkeypatch) == 1000
    assert _held_to_old(edge_rows(), settings, monkeypatch) == len(EDGE_ROWS) + 2
    # The rows reach what they are for: cleaned cells, lists, handles, phone lists, long cells.
    apps = [
        (cand.sources[0], cand.profiles[0])
        for cand, _, _ in (
            runner.build_row_candidate(runner.RowTask(i, row), settings)
            for i, row in enumerate(hostile_rows(1000, seed=5))
        )
        if cand.sources and cand.sources[0].kind is SourceKind.APPLICATION
    ]
    profiles = [p for _, p in apps if p is not None]
    assert len(profiles) > 950
    assert all(b"\x1b" not in d.content and "\u202e".encode() not in d.content for d, _ in apps)
    assert sum(len(p.emails) > 1 for p in profiles) > 60
    assert sum(bool(p.github_handles) for p in profiles) > 100
    assert sum(len(p.phones) > 1 for p in profiles) > 40
    assert sum(len(d.content) > 5000 for d, _ in apps) > 100
    assert sum(bool(p.linkedin_slugs) for p in profiles) > 5


def test_a_lone_surrogate_fails_both_paths_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = SheetRow(number=2, id="S", fields={"name": "Dana \ud800"})
    settings = _settings(tmp_path)
    with pytest.raises(UnicodeEncodeError):
        runner.build_row_candidate(runner.RowTask(0, row), settings)
    assert _held_to_old([row], settings, monkeypatch) == 0


def test_content_and_profile_of_random_fields() -> None:
    """Bytes (and so sha256) as `json.dumps` made them; the profile as decoding them gave."""
    rng = random.Random(11)
    for _ in range(3000):
        fields: dict[str, Any] = {c: _cell(rng) for c in COLUMNS if rng.random() < 0.7}
        if rng.random() < 0.1:
            fields["extra"] = rng.choice([None, 12, 3.5, True, " 7 "])
        if rng.random() < 0.1:
            fields["phone"] = rng.choice([None, 3125550142, 312.5])
        assert application.application_content(fields) == old_application_content(fields)
        made = application_source(fields, "u")
        was = old_application_document(fields, "u")
        if was is None:
            assert made is None and application_document(fields, "u") is None
            continue
        assert made is not None
        doc, clean = made
        assert replace(doc, retrieved_at=T0) == replace(was, retrieved_at=T0)
        old = old_parse_application(was.content)
        assert application.application_profile(clean) == old  # what a candidate is built with
        assert application.parse_application(doc.content) == old  # a stored content read back


def test_split_of_random_cells() -> None:
    rng = random.Random(12)
    for _ in range(5000):
        cell = _cell(rng)
        assert application._split(cell) == old_split(cell), cell


def test_cap_entries_around_the_limit() -> None:
    pos, study = Position(org="Globex", title="Engineer"), Study(school="Texas State University")
    for n_exp in (0, 1, 2, 3, 4):
        for n_edu in (0, 2, 3, 5):
            prof = Profile(experience=(pos,) * n_exp, education=(study,) * n_edu, notes=("x",))
            assert pipeline.cap_entries(prof, 3) == old_cap_entries(prof, 3)
    assert pipeline.cap_entries(None) is None


def test_the_reference_decodes_through_the_patched_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old path really reads the application with the reader the tests put in its place
    (so the comparisons above are not of the new code with itself)."""

    def refuse(content: bytes) -> Profile:
        raise ValueError("decoded")

    row = SheetRow(number=2, id="R", fields={"name": "Dana"})
    monkeypatch.setattr(application, "parse_application", refuse)
    cand = old_row_candidate(runner.RowTask(0, row), _settings(tmp_path))[0]
    assert cand.sources[0].status is SourceStatus.ERROR
    assert "ValueError: decoded" in (cand.sources[0].error or "")


def _split_phone_list_before(value: str) -> tuple[str, ...]:
    """`extractors.contacts.split_phone_list` as it was: every cell through its pattern."""
    from extractors.contacts import _MIN_DIGITS, _PHONE_LIST_BREAK

    pieces = [p.strip() for p in _PHONE_LIST_BREAK.split(value)]
    pieces = [p for p in pieces if p]
    if len(pieces) > 1 and all(sum(c.isdigit() for c in p) >= _MIN_DIGITS for p in pieces):
        return tuple(pieces)
    return (value.strip(),) if value.strip() else ()


def test_phone_fields_are_split_as_before() -> None:
    """A phone cell with nothing a phone list splits on is its one number without the list's
    pattern; every cell and every application's phone field gives the numbers the pattern gave,
    over cells built from numbers, every separator the list splits on (and its look-alikes:
    "OR", "or" inside words, tabs, no-break and line-separator spaces) and hostile pieces."""
    from extractors.contacts import split_phone_list

    rng = random.Random(23)
    pieces = ["(312) 555-0142", "312.555.0199", "+1 312 555 0103", "555-0150", "x12", "ext 4",
              " / ", "/", " or ", "or", " OR ", "Oregon", "Mobile", "|", " | ", ", ", ",", ";",
              "\n", "\r", "\t", "\u00a0", "\u2028", " ", "", "n/a", "9" * 40, "(0)", "+44 20 7946 0958",
              "office: ", " (home)", "é", "\x1b"]  # fmt: skip
    values = ["", " ", "(312) 555-0142", "312-555-0142 or 312-555-0199", "a|b", "1/2"]
    values += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(20000)]
    quick = 0
    for value in values:
        assert split_phone_list(value) == _split_phone_list_before(value), value
        profile = application.application_profile({"phone": value})
        want = tuple(p for cell in old_split(value) for p in _split_phone_list_before(cell))
        assert profile.phones == want, value
        quick += not any(c in value for c in ";|/,\n") and "or" not in value and bool(want)
    assert quick > 3000
