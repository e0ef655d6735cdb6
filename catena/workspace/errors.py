"""Error codes of the workspace (see ``catena.core.errors``)."""
