"""Sales orders and their lines; leads, pipeline steps, opportunities and quotes lead up to them;
customers' terms price them. One module per topic; every model is importable from here."""

from catena.sales.models.orders import (
    OrderInvoice,
    PricedLine,
    SalesOrder,
    SalesOrderLine,
    SalesOrderQuerySet,
)
from catena.sales.models.pipeline import (
    Lead,
    Opportunity,
    OpportunityQuerySet,
    PipelineStep,
)
from catena.sales.models.quotes import (
    Quote,
    QuoteLine,
    QuoteQuerySet,
)
from catena.sales.models.terms import (
    CustomerTerms,
)

__all__ = [
    "CustomerTerms",
    "Lead",
    "Opportunity",
    "OpportunityQuerySet",
    "OrderInvoice",
    "PipelineStep",
    "PricedLine",
    "Quote",
    "QuoteLine",
    "QuoteQuerySet",
    "SalesOrder",
    "SalesOrderLine",
    "SalesOrderQuerySet",
]
