"""REST endpoints of the workspace.

Topics: ``files`` (``/api/v1/attachments/``), ``comments`` (``/api/v1/comments/``), ``search`` (``/api/v1/search``)."""
