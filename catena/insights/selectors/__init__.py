"""Reads of insights, one module per topic: ``dashboard`` (the home page's counts and series)
and ``flow`` (the flow analytics page and API: the snapshot and the live board)."""
