"""The read layer: every read a face (pages, API, admin), a task or a command needs, by
domain (claims, documents, speakers, scorer). Each does its select_related/prefetch_related, or
its `.values()`, once, so that a page's or an answer's query count does not grow with its
rows.

`from claims import selectors` and `selectors.triage_queue()` reach every one of them
(the public names of claims, documents and speakers are gathered here); the domain
modules are where they are written. The scorer's and the triage filters'
reads: `from claims.selectors import scorer` (or `triage`).
"""

from claims.selectors.claims import *  # noqa: F403
from claims.selectors.documents import *  # noqa: F403
from claims.selectors.speakers import *  # noqa: F403
