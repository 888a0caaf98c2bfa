"""The certificate as a PDF file: an A4 landscape page with a QR code, the same bytes every time.

Libraries: fpdf2 writes the PDF and segno computes the QR code. Both are maintained, pure
Python and small (fpdf2 needs only fontTools, Pillow and defusedxml; segno nothing), which
keeps the install light on the organizers' servers. fpdf2 embeds a subset of a TrueType font
with its Unicode map, so Vietnamese text is drawn from precomposed glyphs and extracts back
with its diacritics; it lets the creation date and the file identifier be fixed. The QR code
is drawn as vector squares from segno's module matrix, so no image library is involved.

The font is DejaVu Sans (static/fonts, free to redistribute, full Vietnamese coverage). The
text is Vietnamese whatever the reader's language: a certificate is an official document.

Deterministic: the creation date is the stored issue time, the file identifier is derived
from the code and that time, and everything drawn comes from the certificate row, so
generating a certificate again gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path

import segno
from fpdf import FPDF

from contest.certificates.codes import display
from contest.certificates.models import Certificate, CertificateKind

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONT = "DejaVuSans"
RED = (163, 21, 21)
INK = (27, 31, 36)
MUTED = (87, 96, 106)
PAGE_W, PAGE_H = 297, 210


class CertificatePdf(FPDF):
    """fpdf2 with a file identifier fixed by the certificate (fpdf2 would hash the output)."""

    def __init__(self, file_id: str):
        super().__init__(orientation="L", unit="mm", format="A4")
        self._file_id = file_id

    def file_id(self) -> str:
        return self._file_id


def render(certificate: Certificate, signature: bytes | None = None) -> bytes:
    """The certificate's PDF file."""
    pdf = _new_document(certificate)
    _frame(pdf)
    _header(pdf, certificate)
    _body(pdf, certificate)
    _signature_block(pdf, certificate, signature)
    _verification(pdf, certificate)
    return bytes(pdf.output())


def _text(value: str) -> str:
    """NFC, so that every Vietnamese letter is one precomposed glyph of the font."""
    return unicodedata.normalize("NFC", value or "")


def _new_document(certificate: Certificate) -> CertificatePdf:
    seed = f"{certificate.code}|{certificate.issued_at.isoformat()}".encode()
    digest = hashlib.md5(seed, usedforsecurity=False).hexdigest().upper()
    pdf = CertificatePdf(f"<{digest}><{digest}>")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_creation_date(certificate.issued_at)
    pdf.set_title(_text(f"Giấy chứng nhận {display(certificate.code)}"))
    pdf.set_author(_text(certificate.issuer))
    pdf.set_subject(_text(f"{certificate.contest_title} — {certificate.round_name}"))
    pdf.set_creator("ThiLuat")
    pdf.set_producer("ThiLuat")
    pdf.set_lang("vi-VN")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 15, 20)
    pdf.add_page()
    return pdf


def _frame(pdf: CertificatePdf) -> None:
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_W - 22, PAGE_H - 22)


def _line(
    pdf: CertificatePdf,
    y: float,
    text: str,
    size: float,
    *,
    bold=False,
    color=INK,
    x=20.0,
    w=None,
    align="C",
):
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.set_xy(x, y)
    pdf.multi_cell(w or PAGE_W - 2 * x, size * 0.45, _text(text), align=align)
    return pdf.get_y()


def _header(pdf: CertificatePdf, certificate: Certificate) -> None:
    _line(pdf, 18, certificate.issuer.upper(), 10.5, bold=True, x=16, w=120)
    _line(pdf, 18, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10.5, bold=True, x=150, w=130)
    bottom = _line(
        pdf, pdf.get_y() + 1, "Độc lập - Tự do - Hạnh phúc", 10.5, bold=True, x=150, w=130
    )
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(193, bottom + 1, 237, bottom + 1)


def _body(pdf: CertificatePdf, certificate: Certificate) -> None:
    y = _line(pdf, 48, "GIẤY CHỨNG NHẬN", 30, bold=True, color=RED)
    y = _line(pdf, y + 6, "Chứng nhận", 14)
    y = _line(pdf, y + 3, certificate.full_name.upper(), 22, bold=True)
    if certificate.kind == CertificateKind.PRIZE:
        y = _line(pdf, y + 5, f"Đã đạt {certificate.result}", 16, bold=True, color=RED)
        y = _line(pdf, y + 3, f"{certificate.round_name} — {certificate.contest_title}", 13)
    else:
        y = _line(pdf, y + 5, f"Đã tham gia {certificate.round_name}", 14)
        y = _line(pdf, y + 2, certificate.contest_title, 13, bold=True)
        _line(pdf, y + 3, f"Kết quả: {certificate.result}", 13)


def _signature_block(pdf: CertificatePdf, certificate: Certificate, signature: bytes | None):
    day = certificate.issued_on
    x, w = 170.0, 110.0
    y = _line(pdf, 138, f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", 11, x=x, w=w)
    if certificate.signer_title:
        y = _line(pdf, y + 1, certificate.signer_title.upper(), 11, bold=True, x=x, w=w)
    if signature:
        pdf.image(
            io.BytesIO(signature), x=x + w / 2 - 25, y=y + 1, w=50, h=22, keep_aspect_ratio=True
        )
    if certificate.signer_name:
        _line(pdf, y + 25, certificate.signer_name, 12, bold=True, x=x, w=w)


def _verification(pdf: CertificatePdf, certificate: Certificate) -> None:
    size, x, y = 32.0, 20.0, 156.0
    _qr(pdf, certificate.verify_url, x, y, size)
    _line(
        pdf,
        y + 2,
        f"Mã xác thực: {display(certificate.code)}",
        10.5,
        bold=True,
        x=x + size + 4,
        w=110,
        align="L",
    )
    _line(
        pdf,
        pdf.get_y() + 1,
        "Quét mã QR hoặc mở địa chỉ sau để kiểm tra:",
        9,
        color=MUTED,
        x=x + size + 4,
        w=110,
        align="L",
    )
    _line(
        pdf,
        pdf.get_y() + 0.5,
        certificate.verify_url,
        9,
        color=MUTED,
        x=x + size + 4,
        w=110,
        align="L",
    )


def _qr(pdf: CertificatePdf, data: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares, one rectangle per run of dark modules in a row."""
    rows = list(segno.make(data, error="m", micro=False).matrix_iter(scale=1, border=2))
    module = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        start = None
        for c, dark in enumerate([*row, False]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                pdf.rect(
                    x + start * module, y + r * module, (c - start) * module, module, style="F"
                )
                start = None
