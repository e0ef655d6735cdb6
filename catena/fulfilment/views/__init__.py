"""Staff pages of the order flow, one module per topic: ``orders`` (the list and the new-order
form), ``order_360`` (one order's page), ``order_actions`` (the actions on it), ``purchasing``
(purchase and work orders), ``shipping`` (shipments), ``templates`` (flow templates) and ``common``
(what they share).
"""
