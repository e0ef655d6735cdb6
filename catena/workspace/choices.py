"""The workspace's vocabulary."""
