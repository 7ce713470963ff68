"""Analyses on territories: pure computations over plain data (no web, no database)."""
