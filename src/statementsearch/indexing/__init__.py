"""Indexing: statements and organisations -> a build directory, published by atomic swap.

Schema, posting formats, segment writing, the record store, corpus hashes, the build lock,
releases (publish, prune, stale cleanup), rebuild, update (planned in ``update_plan``).
Never imports
``search`` or ``web``; tokens come only from ``text.analysis``.
"""
