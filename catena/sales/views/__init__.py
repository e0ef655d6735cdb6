"""Pages of sales, one module per topic: ``leads``, ``board`` (opportunities on the pipeline
board), ``quotes``, ``pricing`` (price lists) and ``terms`` (customer terms and the price check).
"""
