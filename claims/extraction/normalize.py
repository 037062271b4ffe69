"""Text normalization, applied once when a document is ingested.

Claim offsets point into the normalized text, so this must be deterministic and
is never re-applied to stored text.
"""

import re
import unicodedata
from dataclasses import dataclass

# Control characters other than tab and newline (NUL included): PostgreSQL refuses NUL
# in text columns, and the others are invisible noise from copy-paste and bad encodings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, single spaces, at most one blank line.

    Curly quotes, dashes and ellipses are kept: they carry meaning for quote attribution.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


# What extraction sees: the same text with invisible characters dropped, odd spaces made
# plain, and typewriter quotes doubled from apostrophes (''like this'') made one quote mark.
_ODD = re.compile(
    r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+|[\u00a0\u2000-\u200a\u202f\u205f\u3000]|''"
)


@dataclass(frozen=True, slots=True)
class TextView:
    """A normalized copy of a text that maps its positions back to the original."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()  # original (start, end) of each view character

    def start(self, position: int) -> int:
        """Original offset where the view character at ``position`` begins."""
        if not self.spans:
            return position
        return self.spans[position][0] if position < len(self.spans) else self.spans[-1][1]

    def end(self, position: int) -> int:
        """Original offset where a view span ending at ``position`` (exclusive) ends."""
        if not self.spans or position == 0:
            return position
        return self.spans[position - 1][1]


def view_for_extraction(text: str) -> TextView:
    """Normalise once at the start of extraction without losing offsets into ``text``.

    Stored documents are already normalized at ingest (``normalize_text``); this handles the
    rest (text given to ``extract`` directly, and doubled-apostrophe quotes some newspapers use).
    """
    if _ODD.search(text) is None:
        return TextView(text)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _ODD.finditer(text):
        pieces.append(text[position : match.start()])
        spans.extend((i, i + 1) for i in range(position, match.start()))
        found = match.group()
        if found == "''" or found.isspace():
            pieces.append('"' if found == "''" else " ")
            spans.append((match.start(), match.end()))
        position = match.end()  # invisible characters are dropped
    pieces.append(text[position:])
    spans.extend((i, i + 1) for i in range(position, len(text)))
    return TextView("".join(pieces), tuple(spans))
