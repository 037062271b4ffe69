"""The editor pages and the public fact-check pages, one module per domain.

Views parse input with a form, call one service, and render. Which workflow steps a user
may take comes from `claims.workflow`; a refusal (WorkflowError) or an input error
(ValidationError) from a service is shown on the form, with what the user typed kept.
"""
