"""Text: Unicode normalisation (Zawgyi -> Unicode, NFC), folding and ICU tokenisation.

The bottom layer, shared by every other: ``analysis`` is the only place text becomes tokens,
and the only importer of ICU. Never imports any other statementsearch subpackage.
"""
