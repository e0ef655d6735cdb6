"""REST endpoints of the workspace.

Topics: ``activities`` (``/api/v1/activities/``), ``notifications`` (``/api/v1/notifications/``),
``follows`` (``/api/v1/follows/``), ``files`` (``/api/v1/attachments/``), ``comments``
(``/api/v1/comments/``), ``search`` (``/api/v1/search``), ``plans`` (``/api/v1/activity-plans/``)."""
