"""Search: the one query layer. Request objects in, result pages out.

Opens builds (``library``), builds queries, evaluates them, makes snippets; views, API and
CLI all call ``service`` (and ``browse`` for the organisation lists, co-signatories and
near-miss suggestions). One deadline covers a request (``deadline``); what a query may ask
for is bounded before it starts (``bounds``). Never imports ``web``.
"""
