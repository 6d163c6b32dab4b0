"""Web: the Flask app factory, HTML views and JSON API (thin), OpenAPI, security, serving,
Atom feeds (``feeds``), the year chart (``charts``), the organisation pages' extras
(``browse``) and the interface languages (``i18n``, catalogues in ``translations/``).

The top layer under the CLI, never imported by a lower one. Views and API render what
``search.service`` returns: they never build queries, tokenise or read index files.
"""
