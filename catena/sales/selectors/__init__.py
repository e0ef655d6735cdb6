"""Reads of sales shared by pages and API, one module per topic: ``pipeline`` (leads,
opportunities, the board, the weighted pipeline, quotes) and ``pricing`` (price lists, terms)."""
