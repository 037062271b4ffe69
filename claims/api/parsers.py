"""The API's JSON parser: DRF's, with a nesting limit. Python's decoder recurses once per
level, so a body nested 100,000 deep would exhaust the stack (a 500); no request of this API
needs more than a few levels."""

from __future__ import annotations

import io
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def nesting_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether the arrays and objects in the JSON text `body` nest deeper than `limit`.
    Strings are dropped first (their brackets are text); each pass then removes the
    innermost pairs, so `limit` passes empty any text nested at most `limit` deep. Each pass
    is one regular-expression scan, so a large body costs milliseconds."""
    brackets = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", body))
    for _ in range(limit):
        if not brackets:
            return False
        brackets = _INNERMOST.sub(b"", brackets)
    # Pairs still left are deeper than the limit; brackets without pairs are a malformed
    # body, which the decoder reports.
    return bool(_INNERMOST.search(brackets))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if nesting_depth_exceeds(body, MAX_JSON_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return super().parse(io.BytesIO(body), media_type, parser_context)
