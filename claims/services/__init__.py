"""Every write to documents and claims, one module per domain; one transaction and one
ClaimEvent per action.

- documents: clean, ingest (text or URL), re-extract
- jobs: the extraction job's life and saving its candidates
- claims: every claim action (workflow, assignment, verdict, evidence, comments, details, bulk)
- notifications: in-app and e-mail notifications
- ratings: the verdict scale
- _shared: the row lock, version bump and ClaimEvent helpers the claim services share

The faces (admin, pages, API, tasks) parse input, call one of these, and render the
result; they import the domain module they use, e.g.
`from claims.services import claims as claim_services`. Input errors raise Django's
ValidationError with the field at fault; workflow refusals raise
`claims.workflow.WorkflowError` (400/403/409 by its `code`).
"""
