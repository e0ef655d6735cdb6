"""REST endpoints of the workspace."""
