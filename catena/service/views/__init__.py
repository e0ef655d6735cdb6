"""The service desk's pages, one module per topic: ``cases`` (the queue, a new case, a case's page
and its actions), ``partners`` (the tasks cases give responsible partners) and ``promises``
(making, keeping and cancelling promises, the promise ledger)."""
