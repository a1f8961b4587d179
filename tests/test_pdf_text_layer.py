"""The PDF text layer as real typesetters leave it: ligatures, PDFium's own spaces, soft hyphens.

The fixtures are made by `fixtures/textlayer/make_textlayer.py` (ligatures.pdf by pdflatex,
the others by fpdf2) and committed, so these tests need neither.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_helpers import raw_one_page_pdf

from extractors.documents import read_pdf
from extractors.documents.pdf import _split_pieces
from extractors.resume import parse_resume

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "textlayer"


def _lines(name: str) -> list[str]:
    return [line.text for line in read_pdf((HERE / name).read_bytes()).lines]


def test_ligatures_of_computer_modern_are_spelled_out_whole() -> None:
    text = "\n".join(_lines("ligatures.pdf"))
    for word in (
        "Jeffrey Wolff",
        "jeffrey.wolff@example.com",
        "Office Manager",
        "Baffin Staffing Affairs",
        "efficient filing, fluffy waffle",
        "official traffic flows",
        "Clifford Offshore Effects",
        "Affiliate",
        "fifty-five official",
    ):
        assert word in text
    for broken in ("Jefrey", "Ofice", "eficient", "Afairs", "Staf "):
        assert broken not in text


def test_ligature_resume_reads_names_and_employers() -> None:
    profile = parse_resume(read_pdf((HERE / "ligatures.pdf").read_bytes()))
    assert profile.name == "Jeffrey Wolff"
    assert profile.emails == ("jeffrey.wolff@example.com",)
    assert [(p.title, p.org) for p in profile.experience] == [
        ("Office Manager", "Baffin Staffing Affairs"),
        ("Staff Engineer", "Clifford Offshore Effects"),
    ]


def test_spaces_drawn_in_the_pdf_are_kept_even_when_narrow() -> None:
    lines = _lines("spacing.pdf")
    assert "University of Bologna 2012 – 2016" in lines
    assert "Brigham Young Example College" in lines


def test_soft_hyphen_drawn_as_a_range_dash_is_a_dash() -> None:
    lines = _lines("soft_hyphen.pdf")
    assert "Data Analyst, Northwind Example Labs    Jan 2019 - Mar 2021" in lines  # 4 spaces: a gap
    profile = parse_resume(read_pdf((HERE / "soft_hyphen.pdf").read_bytes()))
    ranges = [(str(p.range.start), str(p.range.end)) for p in profile.experience if p.range]
    assert ranges == [("2019-01", "2021-03"), ("2017", "2018")]


def _glyph(
    x0: float, x1: float, ch: str
) -> tuple[float, float, float, float, float, float, bool, str, bool]:
    return (100.0, x0, x1, 90.0, 102.0, 10.0, False, ch, False)


def test_shared_boxes_are_divided_between_the_characters() -> None:
    glyphs = [_glyph(0, 5, "O"), _glyph(5, 14, "f"), _glyph(5, 14, "f"), _glyph(5, 14, "i")]
    glyphs += [_glyph(14 + 5 * k, 19 + 5 * k, c) for k, c in enumerate("ce manager")]
    split = _split_pieces(glyphs)
    assert [round(g[1], 1) for g in split[1:4]] == [5.0, 8.0, 11.0]
    assert [round(g[2], 1) for g in split[1:4]] == [8.0, 11.0, 14.0]


@pytest.mark.parametrize("copies", [2, 3])
def test_text_drawn_twice_in_place_is_not_taken_for_ligatures(copies: int) -> None:
    glyphs = [g for k, c in enumerate("Jeffrey") for g in [_glyph(5 * k, 5 * k + 5, c)] * copies]
    assert _split_pieces(glyphs) == glyphs


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Jan 2019 \u00ad Mar 2021", "Jan 2019 - Mar 2021"),
        ("2017\u00ad2018", "2017-2018"),
        ("hy\u00adphen\u00adated", "hyphenated"),
    ],
)
def test_soft_hyphen_outside_a_word_is_a_dash_in_every_format(raw: str, clean: str) -> None:
    from extractors.documents.base import clean_line

    assert clean_line(raw)[0] == clean


# --- the bulk text call -----------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fixture_pdfs() -> list[Path]:
    return sorted(FIXTURES.rglob("*.pdf"))


def test_bulk_text_call_gives_each_characters_code_point_or_declines() -> None:
    """`_chunk_codes` (one FPDFText_GetText per chunk) against FPDFText_GetUnicode per character,
    on every page of every fixture PDF: equal whenever it answers, and it answers for most."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from extractors.documents import pdf

    get_unicode = pdf._bulk_calls()[0]
    answered = declined = 0
    for path in _fixture_pdfs():
        try:
            document = pdfium.PdfDocument(path.read_bytes())
        except pdfium.PdfiumError:
            continue  # (the damaged and encrypted fixtures)
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            tp = textpage.raw
            total = raw.FPDFText_CountChars(tp)
            for start in range(0, total, 1000):
                n = min(1000, total - start)
                codes = pdf._chunk_codes(tp, start, n, pdf._buffers)
                if codes is None:
                    declined += 1
                    continue
                answered += 1
                assert codes == [get_unicode(tp, i) for i in range(start, start + n)], path
            textpage.close()
            page.close()
        document.close()
    assert answered > 10 * declined > 0


def test_reading_without_the_bulk_text_call_gives_the_same_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback (code points character by character) and the bulk path read every fixture
    PDF into the same lines, boxes, sizes and notes."""
    from extractors.documents import pdf
    from extractors.model import ExtractionError

    def read_all() -> list[object]:
        out: list[object] = []
        for path in _fixture_pdfs():
            try:
                text = read_pdf(path.read_bytes())
            except ExtractionError as exc:
                out.append(str(exc))
                continue
            out.append((text.lines, text.notes, text.page_width))
        return out

    fast = read_all()
    monkeypatch.setattr(pdf, "_chunk_codes", lambda *args: None)
    assert read_all() == fast


def test_glyphs_at_absurd_coordinates_are_dropped_and_the_rest_is_read() -> None:
    """Text placed millions of points off the page is not read (nor does it break the layout);
    the same page without it reads as usual."""
    near = b"BT /F1 12 Tf 72 700 Td (Dana Whitfield) Tj ET BT /F1 12 Tf 72 680 Td (Analyst) Tj ET"
    far = b" BT /F1 12 Tf 90000000 700 Td (Hidden) Tj ET"
    assert _lines_of(raw_one_page_pdf(near)) == ["Dana Whitfield", "Analyst"]
    assert _lines_of(raw_one_page_pdf(near + far)) == ["Dana Whitfield", "Analyst"]


def _lines_of(content: bytes) -> list[str]:
    return [line.text for line in read_pdf(content).lines]


def _two_columns(rows: int) -> list[object]:
    from extractors.documents.pdf import _Segment

    out = []
    for row in range(rows):
        sides = ((50.0, 200.0 - row % 7, "left"), (300.0 + row % 5, 500.0, "right"))
        for x0, x1, text in sides[row % 3 == 2 : 1 + (row % 3 != 0)]:  # some rows one side only
            glyph = (12.0 * row, x0, x1, 12.0 * row - 9, 12.0 * row + 2, 10.0, False, "x", 0)
            out.append(_Segment(row, [glyph], x0, x1, text))
    return out


def test_column_gutter_is_found_alike_with_few_and_with_hundreds_of_rows() -> None:
    """Up to 255 segments over a cell the open cells come from a byte translation, past that
    from a comparison per cell: both find the gutter between the two columns."""
    from extractors.documents.pdf import _find_gutter

    few = _find_gutter(_two_columns(40))  # type: ignore[arg-type]
    many = _find_gutter(_two_columns(400))  # type: ignore[arg-type]
    assert few == many
    assert few == (200.0, 300.0)  # from the widest right end of a left segment to the right column
