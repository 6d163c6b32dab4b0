"""Web: the Flask app factory, HTML views and JSON API (thin), OpenAPI, security, serving.

The top layer under the CLI: it only renders what ``search.service`` returns.
"""
