"""maillage — territorial organisation of the Walloon social-health first line."""

__version__ = "0.1.0"
