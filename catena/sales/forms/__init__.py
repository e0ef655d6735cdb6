"""Forms of the sales pages, one module per topic: ``pipeline`` (leads, opportunities, quotes)
and ``pricing`` (price lists, prices, customer terms)."""
