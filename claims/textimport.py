"""Turning uploaded or fetched files into plain text for ingest."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ALLOWED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "tr",
    "table",
    "pre",
    "figcaption",
    "hr",
}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "form"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED_TAGS and self._skip_depth:
            self._skip_depth -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)


def text_from_html(html: str, *, field: str = "file") -> tuple[str, str]:
    """The readable text of an HTML page and its <title>. The text's control characters
    are dropped at ingest (normalize_text); a NUL byte in the title (which PostgreSQL cannot
    store) is a ValidationError naming `field`: the file or page is damaged."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    if "\x00" in collector.title:
        raise ValidationError(
            {field: "The page's <title> contains a NUL byte: is this a binary or damaged file?"}
        )
    text = "".join(collector.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip(), " ".join(collector.title.split())


def decode_text(data: bytes, *, field: str = "file") -> str:
    """UTF-8 text (with or without BOM), or a ValidationError naming `field`."""
    if b"\x00" in data[:8192]:
        raise ValidationError({field: "This looks like a binary file; upload plain text or HTML."})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {field: f"The file is not UTF-8 text (invalid byte at position {error.start})."}
        ) from None


def text_from_file(name: str, data: bytes, *, field: str = "file") -> tuple[str, str]:
    """(text, title) from an uploaded .txt, .md or .html file."""
    lower = name.lower()
    if not lower.endswith(ALLOWED_SUFFIXES):
        raise ValidationError({field: "Upload a .txt, .md or .html file."})
    text = decode_text(data, field=field)
    if lower.endswith(HTML_SUFFIXES):
        return text_from_html(text, field=field)
    return text, ""
