"""The workspace's records. They attach to records of any app by content type and id, so the
domain apps above may use them without the workspace knowing those apps."""
