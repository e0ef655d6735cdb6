"""Reads of the workspace's records for pages and the API."""
