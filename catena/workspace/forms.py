"""Forms of the workspace's pages."""
