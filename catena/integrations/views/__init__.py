"""Pages of integrations, one module per topic: ``imports`` (the import wizard and the export
downloads) and ``webhooks`` (subscriptions, deliveries and carriers' keys)."""
