"""REST endpoints of the service desk: cases (``cases``) and partner tasks (``partner_tasks``)."""
