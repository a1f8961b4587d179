"""Applicant sheets from real ATS export layouts, read with no `--map`, end to end through
`scanner batch`: one fixture per preset (`fixtures/make_ats.py`), each with a shared-phone ring
and a laptop farm; layouts no preset knows (other words, other languages, questions, cells only);
`--show-mapping`, `--allow-unmapped`, and ids that survive a re-sorted sheet."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.batch.headers import PRESETS
from scanner.reporters.json_report import load_schema

ROOT = Path(__file__).resolve().parent.parent
ATS = ROOT / "fixtures" / "ats"
FILES = {p.stem: p for p in sorted(ATS.iterdir()) if p.suffix in (".csv", ".xlsx")}


def batch(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    store = ["--db", str(db)] if db else ["--no-db"]
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "batch", *args, *store, "--offline", "--workers", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ},
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def report(path: Path, *args: str, db: Path | None = None) -> tuple[int, Any, str]:
    proc = batch(str(path), "--format", "json", *args, db=db)
    assert proc.returncode != 2, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, load_schema())
    return proc.returncode, doc, proc.stderr


def rings(doc: Any) -> list[tuple[set[str], set[str]]]:
    """(member names, shared kinds) of each cluster."""
    names = {c["id"]: c["name"] for c in doc["candidates"]}
    return [
        ({names[m] for m in c["members"]}, {x["kind"] for x in c["links"]}) for c in doc["clusters"]
    ]


RING = {"Kai Okonkwo", "Hayden Brightmore", "Rowan Ellery"}
FARM = {"Jules Marchetti", "Quinn Adeyemi", "Sasha Lindqvist"}


def test_there_is_one_fixture_per_preset_and_they_are_current() -> None:
    assert set(FILES) == set(PRESETS)
    proc = subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_ats.py"), "--check"],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_ats_export_finds_the_ring_and_the_laptop_farm_without_map(preset: str) -> None:
    code, doc, err = report(FILES[preset])
    assert code == 1
    found = rings(doc)
    assert (RING, {"phone"}) in found, found
    assert any(names == FARM and "address" in kinds for names, kinds in found), found
    assert len(found) == 2
    by_name = {c["name"]: c for c in doc["candidates"]}
    assert all(by_name[n]["risk"]["level"] == "high" for n in RING | FARM)
    genuine = {"Morgan Tremaine", "Ellis Navarro"}
    assert all(by_name[n]["risk"]["level"] not in ("high", "medium") for n in genuine)
    assert "no column for" not in err


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_show_mapping_names_the_detected_preset_and_exits_0(preset: str) -> None:
    proc = batch(str(FILES[preset]), "--show-mapping")
    assert proc.returncode == 0, proc.stderr
    assert f"preset: {preset} (" in proc.stdout and "detected" in proc.stdout
    assert "not used" not in proc.stdout  # every column decided: a field, or ignored on purpose
    decided = [x for x in proc.stdout.splitlines() if "→" in x]
    assert decided and all(f"[preset {preset}]" in x for x in decided)


def test_greenhouse_title_block_question_and_social_media() -> None:
    proc = batch(str(FILES["greenhouse"]), "--show-mapping")
    assert "header: row 4" in proc.stdout
    assert "What address should we ship your equipment to?" in proc.stdout
    line = next(x for x in proc.stdout.splitlines() if "Social Media" in x)
    assert "routed by domain" in line
    _, doc, err = report(FILES["greenhouse"])
    assert "header found on row 4" in err
    rowan = next(c for c in doc["candidates"] if c["name"] == "Rowan Ellery")
    app = rowan["profiles"][0]
    assert app["urls"][0].startswith("https://www.linkedin.com/in/rowan-ellery")
    assert "https://rowan.example.org" in app["urls"]


def test_lever_has_no_id_column_so_ids_come_from_content_said_once() -> None:
    _, doc, err = report(FILES["lever"])
    ids = [c["id"] for c in doc["candidates"]]
    assert all(i.startswith("r-") for i in ids) and len(set(ids)) == len(ids)
    assert not any(i.startswith("row-") for i in ids)
    assert err.count("no id column") == 1
    kai = next(c for c in doc["candidates"] if c["name"] == "Kai Okonkwo")
    assert "kai-okonkwo-example" in " ".join(kai["profiles"][0]["urls"])


def test_workday_and_bamboohr_address_parts_are_one_address() -> None:
    for preset in ("workday", "bamboohr"):
        _, doc, _ = report(FILES[preset])
        jules = next(c for c in doc["candidates"] if c["name"] == "Jules Marchetti")
        [address] = jules["profiles"][0]["addresses"]
        assert address.startswith("77 Harbor View Dr Apt 4, Joliet, IL 60431")
        assert jules["profiles"][0]["locations"] == ["Joliet, IL, " + address.rsplit(", ", 1)[1]]


def test_two_phones_in_one_cell_are_two_phones() -> None:
    _, doc, _ = report(FILES["ashby"])
    ellis = next(c for c in doc["candidates"] if c["name"] == "Ellis Navarro")
    assert ellis["profiles"][0]["phones"] == ["(312) 555-0152", "(312) 555-0153"]


def test_an_explicit_preset_and_a_bad_one() -> None:
    proc = batch(str(FILES["gem"]), "--preset", "gem", "--show-mapping")
    assert "chosen with --preset" in proc.stdout
    assert batch(str(FILES["gem"]), "--preset", "nope").returncode == 2


# -- layouts no preset knows ------------------------------------------------------------------
def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


PEOPLE = [  # name, email, phone as written, street, city, state, zip
    ("Kai Okonkwo", "kai@example.com", "(312) 555-0126", "410 Larch St", "Chicago", "IL", "60614"),
    ("Hayden Brightmore", "hb@example.org", "+1 312 555 0126", "18 Quarry Rd", "Aurora", "IL", "60505"),
    ("Rowan Ellery", "re@example.com", "312.555.0126", "903 Pine Ave", "Evanston", "IL", "60201"),
    ("Jules Marchetti", "jm@example.com", "(312) 555-0141", "77 Harbor View Dr Apt 4", "Joliet", "IL", "60431"),
    ("Quinn Adeyemi", "qa@example.org", "(312) 555-0142", "77 Harbor View Drive #4", "Joliet", "IL", "60431"),
    ("Sasha Lindqvist", "sl@example.com", "(312) 555-0143", "77 HARBOR VIEW DR APT 4", "JOLIET", "IL", "60431"),
    ("Morgan Tremaine", "mt@example.com", "(312) 555-0151", "2210 Birch Ln", "Naperville", "IL", "60540"),
]  # fmt: skip


def _assert_both_rings(path: Path, *args: str) -> Any:
    code, doc, _ = report(path, *args)
    found = rings(doc)
    assert (RING, {"phone"}) in found, found
    assert any(names == FARM and "address" in kinds for names, kinds in found), found
    assert code == 1
    return doc


def test_an_unknown_export_with_prefixed_split_and_question_headers(tmp_path: Path) -> None:
    header = ["Applicant_First_Name", "Applicant_Last_Name", "Applicant_E-Mail", "MobileNumber",
              "Home Street", "Home City", "Home State", "Home Zip Code", "Recruiter Email",
              "EEO Gender", "Please share your GitHub profile", "Other URLs"]  # fmt: skip
    rows = [header]
    for name, email, phone, street, city, state, zip_ in PEOPLE:
        first, last = name.split(" ", 1)
        rows.append([first, last, email, phone, street, city, state, zip_,
                     "riley.recruiter@example.com", "prefer not to say", "",
                     f"https://www.linkedin.com/in/{first.lower()}-x https://{last.lower()}.example.org"])  # fmt: skip
    path = _write(tmp_path / "jobboard.csv", rows)
    mapping = batch(str(path), "--show-mapping").stdout
    assert "preset: none recognised" in mapping
    assert "Recruiter Email" in mapping and "EEO Gender" in mapping
    doc = _assert_both_rings(path)
    # the recruiter's mailbox, given on every row, links nobody
    assert not any("email" in kinds for _, kinds in rings(doc))


def test_an_export_in_another_language_with_a_shipping_question(tmp_path: Path) -> None:
    header = ["Nombre", "Apellidos", "Correo electrónico", "Teléfono",
              "¿A qué dirección enviamos el portátil?", "Ciudad"]  # fmt: skip
    rows = [header]
    for name, email, phone, street, city, state, zip_ in PEOPLE:
        first, last = name.split(" ", 1)
        rows.append([first, last, email, phone, f"{street}, {city}, {state} {zip_}", city])
    doc = _assert_both_rings(_write(tmp_path / "export.csv", rows))
    jules = next(c for c in doc["candidates"] if c["name"] == "Jules Marchetti")
    assert jules["profiles"][0]["shipping_addresses"]


def test_columns_with_meaningless_headers_are_read_by_their_cells(tmp_path: Path) -> None:
    rows = [["Full Name", "Field 7", "Field 8", "Field 9", "Notes"]]
    for name, email, phone, street, city, state, zip_ in PEOPLE:
        rows.append([name, email, phone, f"{street}, {city}, {state} {zip_}", "called twice"])
    path = _write(tmp_path / "custom.csv", rows)
    mapping = batch(str(path), "--show-mapping").stdout
    for header, fld in (("Field 7", "email"), ("Field 8", "phone"), ("Field 9", "address")):
        line = next(x for x in mapping.splitlines() if header in x)
        assert f"→ {fld}" in line and "by its cells" in line
    _assert_both_rings(path)


def test_a_title_block_above_an_xlsx_header(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Talent pipeline — confidential"])
    ws.append(["Generated by ops", None, "2026-12-01"])
    ws.append([])
    ws.append(["Candidate", "Contact E-mail", "Cell #", "Where should we ship your work laptop?"])
    for name, email, phone, street, city, state, zip_ in PEOPLE:
        ws.append([name, email, phone, f"{street}, {city}, {state} {zip_}"])
    path = tmp_path / "pipeline.xlsx"
    wb.save(path)
    _assert_both_rings(path)


def test_unmapped_identity_bearing_columns_stop_the_batch_unless_allowed(tmp_path: Path) -> None:
    rows = [["Name", "Contact", "Team"]]
    contacts = ["a@example.com", "(312) 555-0126", "b@example.org", "+1 312 555 0126"]
    for (name, *_), contact in zip(PEOPLE, contacts * 2, strict=False):
        rows.append([name, contact, "backend"])
    path = _write(tmp_path / "mixed.csv", rows)
    proc = batch(str(path), "--format", "json")
    assert proc.returncode == 2 and "'Contact'" in proc.stderr and "--allow-unmapped" in proc.stderr
    assert proc.stdout == ""
    allowed = batch(str(path), "--format", "json", "--allow-unmapped")
    assert allowed.returncode in (0, 1, 3)
    jsonschema.validate(json.loads(allowed.stdout), load_schema())
    mapped = batch(str(path), "--format", "json", "--map", "Contact=ignore")
    assert mapped.returncode in (0, 1, 3)


def test_a_resorted_export_without_ids_keeps_each_applicants_id(tmp_path: Path) -> None:
    """With `row-N` ids a re-sorted sheet merged different people in the store and raised false
    highs; content ids keep each applicant's id, so the second run equals the first."""
    db = tmp_path / "h.db"
    lever = FILES["lever"]
    lines = lever.read_text(encoding="utf-8").splitlines()
    resorted = tmp_path / "lever-resorted.csv"
    resorted.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    _, first, _ = report(lever, db=db)
    _, second, _ = report(resorted, db=db)
    ids = lambda doc: {c["name"]: c["id"] for c in doc["candidates"]}  # noqa: E731
    assert ids(first) == ids(second)
    highs = lambda doc: sorted(c["name"] for c in doc["candidates"] if c["risk"]["level"] == "high")  # noqa: E731
    assert highs(first) == highs(second) == sorted(RING | FARM)
    for doc in (first, second):
        assert sorted(len(c["members"]) for c in doc["clusters"]) == [3, 3]


def test_docs_list_every_preset_with_its_columns() -> None:
    docs = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    for name, preset in PRESETS.items():
        [row] = [x for x in docs.splitlines() if x.startswith(f"| `{name}` |")]
        for header in preset.columns:
            assert f"`{header}`" in row, (name, header)


def test_the_cli_offers_exactly_the_presets() -> None:
    from scanner.cli_batch import Preset

    assert [p.value for p in Preset] == ["auto", *PRESETS]


def test_a_prefixed_export_with_two_phone_columns_and_numbered_address_lines(
    tmp_path: Path,
) -> None:
    header = ["Candidate Identification Number", "Candidate First Name", "Candidate Last Name",
              "Candidate Email Address", "Candidate Cellular Phone", "Candidate Home Phone",
              "Candidate Address (Line 1)", "Candidate City", "Candidate State/Province",
              "Candidate Zip/Postal Code", "National ID Number", "Workflow Step"]  # fmt: skip
    rows = [header]
    for k, (name, email, phone, street, city, state, zip_) in enumerate(PEOPLE):
        first, last = name.split(" ", 1)
        rows.append([f"T{k:04d}", first, last, email, phone, "", street, city, state, zip_,
                     f"000-00-{k:04d}", "Screen"])  # fmt: skip
    path = _write(tmp_path / "taleo-like.csv", rows)
    mapping = batch(str(path), "--show-mapping").stdout
    assert (
        next(x for x in mapping.splitlines() if "National ID" in x)
        .split("→")[1]
        .startswith(" ignored")
    )
    doc = _assert_both_rings(path)
    assert {c["id"] for c in doc["candidates"]} == {f"T{k:04d}" for k in range(len(PEOPLE))}


def test_a_german_export_with_street_and_house_number_columns(tmp_path: Path) -> None:
    header = ["Vorname", "Nachname", "E-Mail", "Telefonnummer", "Straße", "Hausnummer",
              "Adresszusatz", "PLZ", "Ort", "Land", "LinkedIn / Portfolio URL"]  # fmt: skip
    rows = [header]
    for name, email, phone, street, city, _state, zip_ in PEOPLE:
        first, last = name.split(" ", 1)
        number, rest = street.split(" ", 1)
        m = re.search(r"\s+((?:apt|#)\s*\d+)$", rest, re.I)
        unit = m.group(1) if m else ""
        rest = rest[: m.start()] if m else rest
        rows.append([first, last, email, phone, rest, number, unit.strip(), zip_, city, "US",
                     f"https://{last.lower()}.example.org"])  # fmt: skip
    path = _write(tmp_path / "bewerber.csv", rows)
    mapping = batch(str(path), "--show-mapping").stdout
    assert "not used" not in mapping
    doc = _assert_both_rings(path)
    jules = next(c for c in doc["candidates"] if c["name"] == "Jules Marchetti")
    app = jules["profiles"][0]
    assert app["addresses"][0].startswith("77 Harbor View Dr")
    assert app["urls"] == ["https://marchetti.example.org"]  # a portfolio, not a LinkedIn page
    assert all(s["kind"] != "linkedin_page" for s in jules["sources"])


def test_a_dialling_code_column_goes_before_each_phone(tmp_path: Path) -> None:
    rows = [["Name", "Country Code", "Mobile", "Email", "Ship-to Address"]]
    for name, email, phone, street, city, state, zip_ in PEOPLE:
        national = phone.removeprefix("+1 ")
        rows.append([name, "+1", national, email, f"{street}, {city}, {state} {zip_}"])
    path = _write(tmp_path / "codes.csv", rows)
    mapping = batch(str(path), "--show-mapping").stdout
    assert "Country Code" in mapping and "phone_code" in mapping
    doc = _assert_both_rings(path)
    kai = next(c for c in doc["candidates"] if c["name"] == "Kai Okonkwo")
    assert kai["profiles"][0]["phones"] == ["+1 (312) 555-0126"]
