"""Forms of integrations, one module per topic: ``imports`` (the import wizard) and
``webhooks`` (subscriptions and carriers' keys)."""
