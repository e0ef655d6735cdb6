"""The domain events of the workspace (declared here, emitted by ``workspace.services``)."""
