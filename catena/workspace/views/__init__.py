"""Pages of the workspace.

Topics: ``files`` (the files panel, uploads, downloads), ``comments`` (the comments panel and
the @mention look-up), ``search`` (search everywhere: the palette's JSON and the results page)."""
