"""The quick reading of plain page content agrees with qpdf's parse, or leaves the page to it.

For every content below, and for thousands of random mixtures of their pieces, either
:func:`plain_nesting` declines (None: the check parses the page with qpdf, as before) or qpdf
parses the same content without a warning and measures the same q/Q nesting. The plain content
real producers write (text, tagged text, drawings, TJ arrays, hex strings) takes the quick way.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import pikepdf
import pytest

from evidence_kit.case.pagecontent import page_content, plain_nesting
from evidence_kit.case.pdf import _nesting

Name = pikepdf.Name

PLAIN = [
    b"BT /F1 10 Tf 56 790 Td (Exhibit 3 page 1 line 0 lorem ipsum) Tj ET",
    b"q 1 0 0 1 72 720 cm 0 0 100 50 re f Q q 0.5 g Q",
    b"q q 0 g 10 10 50 50 re f",
    b"Q 0 g 10 10 50 50 re f",
    b"/P <</MCID 0 >>BDC BT /F1 12 Tf [(Hel) -20 (lo) 15.5 (world)] TJ ET EMC",
    b"/Span <</Lang (zh-CN)/MCID 3>> BDC BT /C2_0 1 Tf <0B2C0F3A 12a> Tj ET EMC",
    b"q/GS0 gs Q\x00q\x0bQ\x0cq",
    b"/Artifact <</Attached [/Bottom] /Type /Pagination /BBox [0 0 595 30]>> BDC q 0 g Q EMC",
    b"BT (a\\) \\(q\\) Q) Tj (\\\\) Tj (\\101\\n) Tj ET",
    b"1 0 R Tj [1 -2. +.5 /N (s) <0a>] TJ true false null Tj 1.2.3 Tj --1 Tj /A\x80 Tf",
    b"BI /W 1 Tj EI q Q",
    b"-9223372036854775 Tj 123456789012345678.5 Tj",
    b"",
]
"""Content qpdf parses without a warning; each is read the quick way."""

TRICKY = [
    b"] TJ", b"[ 1 2 TJ", b"(abc Tj", b"abc) Tj", b"/a#zz Tf", b"/a#20b Tf", b"<< /A >> BDC", b"<ZZ> Tj", b"> Tj",
    b"{ } Tj", b"BI /W 1 ID abc", b"q ID Q", b"<< /A 1 /A 2 >> BDC", b"<</A 1 0 R>> BDC", b">> Tj", b"<<>> BDC",
    b"99999999999999999999999999 Tj", b"[99999999999999999999999999] TJ", b"q % a comment (\n Q", b"q %( Q",
    b"(a(b)c) Tj q", b"qq Q", b"q qQ Q", b"Qq", b"q1 Q", b"Qa", b"qr q", b"[[1]] TJ q", b"<< /A << /B 1 >> >> BDC", b"<abc(x)> Tj",
    b"<a(b)c> q", b"[ x ] Q", b"[\x01] Q", b"(a)\x01 Q", b"(a\\) Tj", b"[(a)(b)] TJ Q", b"q [ q ] Q", b"<</A [1]>> BDC q", b"<</A [1] /A [2]>> BDC q", b"<</A [[1]]>> BDC q", b"<</A [q]>> BDC q", b"/ID 3 Tf", b"[<</A 1>>] TJ",
    b"<01\x0b2 3>Tj", b"[1 0 R] TJ", b"[1 Tj] TJ", b"<</A Tj>> q", b"[1.2.3] TJ q", b"(\r\n)(\\\r\n) Tj q", b"<<>>", b"<>>", b"<<a>", b"1 2 3", b"endstream endobj q",
]
"""Content qpdf warns about, or that is easy to misread: either declined or read as qpdf reads it."""

PIECES = [b"q", b"Q", b"qq", b" ", b"\n", b"\x00", b"(", b")", b"\\", b"(a)", b"(q)", b"<", b">", b"<<", b">>",
          b"<0a>", b"[", b"]", b"{", b"}", b"%", b"%c\n", b"/", b"/q", b"/N", b"#", b"ID", b"BI", b"EI", b"1", b"0 R",
          b"12345678901234567890", b"Tj", b"cm", b"x", b".5", b"-", b"\r", b"\v"]


def qpdf_nesting(contents: list[bytes]) -> tuple[int, int] | None:
    """The nesting qpdf's parse measures, or None when it warns or fails."""
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page()
        streams = [pdf.make_stream(c) for c in contents]
        page.obj.Contents = streams[0] if len(streams) == 1 else pikepdf.Array(streams)
        try:
            nesting = _nesting(pikepdf.parse_content_stream(page, "q Q"))
        except (pikepdf.PdfError, ValueError, TypeError):  # TypeError: an operator inside an operand of q or Q
            return None
        return None if pdf.get_warnings() else nesting


def quick_nesting(contents: list[bytes], *, filters: bool = False) -> tuple[int, int] | None:
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page()
        streams = [pdf.make_stream(zlib.compress(c), Filter=Name.FlateDecode) if filters else pdf.make_stream(c)
                   for c in contents]
        page.obj.Contents = streams[0] if len(streams) == 1 else pikepdf.Array(streams)
        data = page_content(page.obj)
        return None if data is None or pdf.get_warnings() else plain_nesting(data)


@pytest.mark.parametrize("content", PLAIN)
def test_plain_content_is_read_quickly_as_qpdf_reads_it(content: bytes) -> None:
    expected = qpdf_nesting([content])
    assert expected is not None
    assert plain_nesting(content) == expected
    assert quick_nesting([content], filters=True) == expected


@pytest.mark.parametrize("content", TRICKY)
def test_tricky_content_is_declined_or_read_as_qpdf_reads_it(content: bytes) -> None:
    quick = plain_nesting(content)
    assert quick is None or quick == qpdf_nesting([content])


def test_content_qpdf_warns_about_is_declined() -> None:
    declined = [c for c in TRICKY if qpdf_nesting([c]) is None]
    assert len(declined) >= 20
    assert [c for c in declined if plain_nesting(c) is not None] == []


def test_streams_of_a_page_are_read_joined_as_qpdf_joins_them() -> None:
    assert quick_nesting([b"q", b"Q"]) == qpdf_nesting([b"q", b"Q"]) == (0, 0)  # not one word "qQ"
    assert quick_nesting([b"(a", b"b) Tj q"]) == qpdf_nesting([b"(a", b"b) Tj q"]) == (0, 1)


def test_content_that_does_not_decode_is_left_to_qpdf() -> None:
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page()
        page.obj.Contents = pdf.make_stream(b"not deflate data " * 8, Filter=Name.FlateDecode)
        assert page_content(page.obj) is None
        cut = zlib.compress(b"q 1 0 0 1 0 0 cm Q " * 100)[:-20]
        page.obj.Contents = pdf.make_stream(cut, Filter=Name.FlateDecode)
        assert page_content(page.obj) is not None
        assert pdf.get_warnings() != []  # decoded with a warning, left for the check to collect: not plain


def test_random_mixtures_are_declined_or_read_as_qpdf_reads_them() -> None:
    rng = random.Random(8)
    quick = 0
    for _ in range(3000):
        content = b" ".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12)))
        if rng.random() < 0.5:
            content = content.replace(b" ", b"")
        read = plain_nesting(content)
        if read is not None:
            quick += 1
            assert read == qpdf_nesting([content]), content
    assert quick > 300  # the comparison is not empty


def test_a_page_whose_content_is_repaired_as_it_is_read_is_still_a_page_error(tmp_path: Path) -> None:
    """libqpdf's warnings while the content is read (here: the object is not where the file says) are kept,
    whichever way the page is then read."""
    from evidence_kit.case.pdf import check_part

    pdf = pikepdf.new()
    for n in range(3):
        pdf.add_blank_page().obj.Contents = pdf.make_stream(b"q 0 g 10 10 50 50 re f Q %d" % n)
    path = tmp_path / "moved.pdf"
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    with pikepdf.open(path) as opened:
        number = opened.pages[1].obj.Contents.objgen[0]
    data = bytearray(path.read_bytes())
    table = data.rindex(b"\nxref") + 1
    lines = data[table:].split(b"\n")
    lines[2 + number] = b"0000000020" + lines[2 + number][10:]  # object `number` said to be at offset 20
    data[table:] = b"\n".join(lines)
    path.write_bytes(bytes(data))
    part = check_part(str(path), None, 1, 3, False)  # not the first task: no structure check of its own
    assert part.nesting == [(0, 0), (0, 0)]
    assert [n for n, _why in part.page_errors] == [2, 2, 2]
    assert any("expected n n obj" in why for _n, why in part.page_errors)
