"""Web: the Flask app factory, HTML views and JSON API (thin), OpenAPI, security, serving.

The top layer under the CLI, never imported by a lower one. Views and API render what
``search.service`` returns: they never build queries, tokenise or read index files.
"""
