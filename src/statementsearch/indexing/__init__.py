"""Indexing: statements and organisations -> a build directory, published by atomic swap.

Schema, posting formats, segment writing, the record store, rebuild, update. Never imports
``search`` or ``web``; tokens come only from ``text.analysis``.
"""
