"""Identity: organisation names -> keys -> organisations with stable ids, curation, review,
and the name forms a withheld organisation's redaction covers (``withholding``).

Decides which signatures are the same organisation; never imports ``indexing``, ``search``
or ``web`` (it may read statements from ``ingest`` and keys from ``text``).
"""
