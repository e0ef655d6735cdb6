"""Access rules of the workspace's records."""
