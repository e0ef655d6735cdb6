"""Service desk models, one module per topic."""
