"""Pages of the workspace.

Topics: ``activities`` ("my day", activities, follows and the activity panel), ``notifications``
(the list and the e-mail preference), ``files`` (the files panel, uploads, downloads),
``comments`` (the comments panel and the @mention look-up), ``search`` (search everywhere: the
palette's JSON and the results page)."""
