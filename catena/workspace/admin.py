"""The workspace's records in the operators' admin."""
