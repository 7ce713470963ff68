"""Application services: use cases that join the domain, the analyses and the store.

The CLI and the web layer call these functions and nothing below them.
"""
