"""Reads of the workspace's records for pages and the API.

Topics: ``files`` (attachments of a record), ``comments`` (comments and mention candidates)."""
