"""The integral plan and the progress meetings; the models arrive with the issue that
builds this app (DESIGN §4, "Integral plan")."""
