"""Reading applicant spreadsheets: headers, aliases, --map, encodings, Excel quirks, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.batch.spreadsheet import SpreadsheetError, normalise_header, open_sheet, parse_mapping


def _rows(path: Path, **kw: object) -> list:
    return list(open_sheet(path, **kw).rows())  # type: ignore[arg-type]


def test_headers_match_aliases_ignoring_case_spaces_dashes_underscores(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "Applicant_ID,E-Mail Address,PHONE NUMBER,equipment-address,Résumé Text\nA-1,a@example.com,(312) 555-0101,1 Main St,text\n"
    )
    sheet = open_sheet(p)
    assert sorted(sheet.columns.values()) == [
        "email",
        "id",
        "phone",
        "resume_text",
        "shipping_address",
    ]
    [row] = sheet.rows()
    assert row.id == "A-1" and row.fields["phone"] == "(312) 555-0101"
    assert normalise_header(" E-Mail_Address ") == "emailaddress"


def test_first_and_last_name_columns_are_joined(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("First Name,Middle Name,Surname,Email\nDana,Q.,Whitfield,d@example.com\n")
    [row] = _rows(p)
    assert row.fields["name"] == "Dana Q. Whitfield"


def test_map_adds_aliases_and_unknown_headers_are_reported_once(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "Candidate Mobile,Name,Favourite Colour,Shoe Size\n(312) 555-0101,Dana Whitfield,blue,9\n(312) 555-0102,Rob Stone,red,10\n"
    )
    sheet = open_sheet(p, mapping=parse_mapping(["Candidate Mobile=phone"]))
    assert sheet.columns == {0: "phone", 1: "name"}
    unknown = [w for w in sheet.warnings if "not recognised" in w]
    assert len(unknown) == 1 and "'Favourite Colour'" in unknown[0] and "'Shoe Size'" in unknown[0]
    assert [r.fields["phone"] for r in sheet.rows()] == ["(312) 555-0101", "(312) 555-0102"]


def test_map_rejects_unknown_fields_and_bad_syntax() -> None:
    with pytest.raises(SpreadsheetError, match="unknown field 'shoe'"):
        parse_mapping(["Shoe Size=shoe"])
    with pytest.raises(SpreadsheetError, match="COLUMN=FIELD"):
        parse_mapping(["phone"])


def test_no_identity_column_is_a_usage_error_naming_the_headers(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("Favourite Colour,Shoe Size\nblue,9\n")
    with pytest.raises(
        SpreadsheetError, match=r"no usable identity column.*'Favourite Colour', 'Shoe Size'"
    ):
        open_sheet(p)


def test_empty_file_is_a_usage_error(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"")
    with pytest.raises(SpreadsheetError, match="empty"):
        open_sheet(p)


def test_bom_and_windows_1252_and_utf16(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffName,Email\nJosé Núñez,j@example.com\n".encode())
    assert _rows(bom)[0].fields["name"] == "José Núñez"
    cp = tmp_path / "cp.csv"
    cp.write_bytes("Name;Email\nJosé Núñez;j@example.com\n".encode("cp1252"))
    [row] = _rows(cp)
    assert row.fields == {"name": "José Núñez", "email": "j@example.com"}
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("Name\tPhone\nZoë Ålund\t(312) 555-0101\n".encode("utf-16"))
    assert _rows(u16)[0].fields["name"] == "Zoë Ålund"


def test_tsv_is_tab_separated(tmp_path: Path) -> None:
    p = tmp_path / "a.tsv"
    p.write_text("Name\tAddress\nDana Whitfield\t12 Main St, Springfield, IL\n")
    assert _rows(p)[0].fields["address"] == "12 Main St, Springfield, IL"


def test_excel_quoting_formulas_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "Name,Phone,LinkedIn,Location\n"
        'Dana Whitfield,="0123 555 0101","=HYPERLINK(""https://www.linkedin.com/in/dana"",""profile"")",#N/A\n'
        "Rob Stone,'03125550102,,=SUM(A1:A3)\n"
    )
    first, second = _rows(p)
    assert first.fields["phone"] == "0123 555 0101"
    assert first.fields["linkedin"] == "https://www.linkedin.com/in/dana"
    assert "location" not in first.fields and any("#N/A" in x for x in first.problems)
    assert second.fields["phone"] == "03125550102"
    assert any("formula" in x for x in second.problems)


def test_duplicate_ids_are_made_unique_and_reported(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("ID,Name\nA-1,Dana Whitfield\nA-1,Rob Stone\nA-1,Ann Lee\n")
    sheet = open_sheet(p)
    assert [r.id for r in sheet.rows()] == ["A-1", "A-1#2", "A-1#3"]
    assert any("duplicate id 'A-1'" in w for w in sheet.warnings)


def test_blank_rows_inside_are_rows_and_trailing_ones_vanish(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("Name,Email\nDana Whitfield,d@example.com\n,\nRob Stone,r@example.com\n,\n,\n")
    rows = _rows(p)
    assert [(r.number, r.empty) for r in rows] == [(2, False), (3, True), (4, False)]
    assert rows[1].id == "empty-row-3"


def test_xlsx_first_sheet_named_sheet_numbers_and_merged_cells(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["nothing here"])
    data = wb.create_sheet("Applicants")
    data.append(["Candidate ID", "Full Name", "Mobile", "Equipment Address", "Start"])
    data.append(
        ["A-1", "Dana Whitfield", 3125550101, "77 Harbor View Dr Apt 4, Joliet, IL 60431", None]
    )
    data.append(["A-2", "Rob Stone", 3125550102, None, None])
    data.merge_cells("D2:D3")  # one shipping address merged over two applicants
    p = tmp_path / "a.xlsx"
    wb.save(p)
    with pytest.raises(SpreadsheetError, match="no usable identity column"):
        open_sheet(p)  # the first sheet has no applicants
    with pytest.raises(SpreadsheetError, match="sheets: Notes, Applicants"):
        open_sheet(p, sheet="Nope")
    sheet = open_sheet(p, sheet="Applicants")
    rows = list(sheet.rows())
    assert rows[0].fields["phone"] == "3125550101"  # not "3125550101.0"
    assert rows[1].fields["shipping_address"] == "77 Harbor View Dr Apt 4, Joliet, IL 60431"
    assert any("merged" in w for w in sheet.warnings)


def test_rows_are_streamed_not_loaded(tmp_path: Path) -> None:
    """open_sheet reads the header only; rows come one by one from the file."""
    p = tmp_path / "a.csv"
    with p.open("w") as fh:
        fh.write("Name,Phone\n")
        for i in range(5000):
            fh.write(f"Person {i},(312) 555-01{i % 100:02d}\n")
    sheet = open_sheet(p)
    assert sheet.estimated_rows == 5000
    it = sheet.rows()
    assert next(it).fields["name"] == "Person 0"
    assert sum(1 for _ in it) == 4999
