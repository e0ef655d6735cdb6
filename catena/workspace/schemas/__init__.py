"""API schemas of the workspace.

Topics: ``files`` (attachments), ``comments``, ``search``."""
