"""Models arrive with the issue that builds this app (see the README roadmap)."""
