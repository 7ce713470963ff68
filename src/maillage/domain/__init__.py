"""The domain: territories and zonings, in plain Python (no web, no database)."""
