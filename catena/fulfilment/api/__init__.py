"""REST endpoints of the order flow, one module per topic: ``orders`` (sales orders and placing
an order from a quote), ``purchasing`` (purchase and work orders), ``shipping`` (shipments) and
``templates`` (flow templates). ``catena/api.py`` mounts their routers.
"""
