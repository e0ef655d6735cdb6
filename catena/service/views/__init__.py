"""The service desk's pages: cases (``cases``) and the tasks they give partners (``partners``)."""
