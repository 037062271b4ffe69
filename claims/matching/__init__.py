"""Matching a claim against claims already fact-checked: pure Python + numpy, no Django.

index = MatchIndex(load_encoder())          # or MatchIndex() for lexical only
index.add([Entry("external:7", "Unemployment fell to 4% in 2019", title="...")])
index.search("the jobless rate dropped to four percent", limit=5)  # -> [Match, ...]
"""

from claims.matching.encoder import (
    Encoder,
    EncoderUnavailable,
    load_encoder,
    vector_from_bytes,
    vector_to_bytes,
)
from claims.matching.index import PROBABLE, RELATED, Entry, Match, MatchIndex, embed_entries
from claims.matching.text import terms

# The words a query is matched on (cleaned, stop words out, stemmed): what a page highlights.
tokens = terms

__all__ = [
    "PROBABLE",
    "RELATED",
    "Encoder",
    "EncoderUnavailable",
    "Entry",
    "Match",
    "MatchIndex",
    "embed_entries",
    "load_encoder",
    "tokens",
    "vector_from_bytes",
    "vector_to_bytes",
]
