"""File formats of the directory: readers and writers, each a function over plain records.

``READERS`` and ``WRITERS`` map a format name to its function (a registry, not plugins).
"""
