"""API schemas of the workspace."""
