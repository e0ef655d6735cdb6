"""REST endpoints of sales, one module per topic: ``pipeline`` (leads, opportunities and the
pipeline's columns), ``quotes`` and ``pricing`` (price lists and customer terms).
``catena/api.py`` mounts their routers.
"""
