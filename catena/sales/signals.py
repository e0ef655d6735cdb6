"""Signals sent by sales services inside their transaction.

Higher layers (fulfilment) connect to them to do their part of the same use case atomically,
for instance start the order's flow the moment the order exists, without sales importing them.
"""

from django.dispatch import Signal

# sent with ``order`` (SalesOrder) and ``actor`` (User | None) after the order and its lines are saved
order_placed = Signal()
