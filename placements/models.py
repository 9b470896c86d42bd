"""Companies, the work placement (bpv) and its visits; the models arrive with the issue
that builds this app (DESIGN §3–4)."""
