"""Demo content for the public site, one module per section (merged into load_demo's SITE)."""
