"""Outflow, the warm handover and the two-year follow-up; the models arrive with the issue
that builds this app (DESIGN §3–4)."""
