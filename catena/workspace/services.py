"""Use cases of the workspace (each takes ``actor=``)."""
