"""Real reference data shipped with maillage, each file with its provenance."""
