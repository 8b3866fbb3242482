"""Pre-publish checklist: a pure, deterministic, offline engine (stdlib only)."""
