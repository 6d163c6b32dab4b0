"""statementsearch: full-text search over civil-society statements and their signatories."""

__version__ = "0.1.0"
