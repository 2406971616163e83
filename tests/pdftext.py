"""The text of a generated PDF, for tests that look for words in it.

Read with PDFium (pypdfium2, already installed as a dependency of pdfplumber): about 50
times less CPU than pdfplumber's pure-Python text extraction (0.3 s against 15.6 s for the
demo LAKIN), with the same words. pdfplumber stays where a test needs its geometry (the
review of printed reports). PDFium marks a word hyphenated at a line end with U+0002;
it is read back as the hyphen it prints.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def pdf_pages(source: bytes | Path | str) -> list[str]:
    """The text of each page, in page order."""
    data = Path(source).read_bytes() if isinstance(source, (Path, str)) else source
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            page.close()
            pages.append(text.replace("\x02", "-").replace("\r\n", "\n").replace("\r", "\n"))
        return pages
    finally:
        document.close()


def pdf_text(source: bytes | Path | str) -> str:
    """The whole text, pages separated by a newline."""
    return "\n".join(pdf_pages(source))
