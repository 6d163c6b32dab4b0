"""The app's handle on the index: one long-lived Library per process, reached per request.

Its own module so that the app factory imports the blueprints and the blueprints reach the
library through ``current_app`` without importing the factory (no import circle).
"""

from __future__ import annotations

from flask import Flask, current_app

from statementsearch.search.library import Library

LIBRARY_KEY = "statementsearch.library"


def init_app(app: Flask) -> None:
    """Open the index directory named by ``INDEX_DIR`` (it follows rebuilds per request)."""
    app.extensions[LIBRARY_KEY] = Library(app.config["INDEX_DIR"])


def get_library() -> Library:
    """The current app's long-lived Library."""
    library: Library = current_app.extensions[LIBRARY_KEY]
    return library
