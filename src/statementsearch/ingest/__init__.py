"""Ingest: corpus files -> ``Statement`` (bytes to text, dates, title, body, signatory lists).

Reads one file at a time and knows nothing of identity, indexes or the web: never imports
``identity``, ``indexing``, ``search`` or ``web``.
"""
