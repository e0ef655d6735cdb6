"""Background work of the workspace."""
