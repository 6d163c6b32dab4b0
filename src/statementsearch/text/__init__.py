"""Text: Unicode normalisation (Zawgyi -> Unicode, NFC), folding and ICU tokenisation.

The bottom layer, shared by every other: ``analysis`` is the only place text becomes tokens,
``collation`` gives ICU sort keys; with ``normalise`` (Zawgyi) they are the only
importers of ICU. Never imports any other statementsearch subpackage.
"""
