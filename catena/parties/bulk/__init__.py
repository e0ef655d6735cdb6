"""The bulk write path of parties: imports write thousands of parties a chunk, with their
roles, tags, contacts, contact points and addresses, their field history and search text, under
the same rules as the one-at-a-time services (docs/adr/0004-bulk-import-path.md,
docs/adr/0006-party-list-speed.md).

The importer (``integrations``) reads files, maps columns and checks each row with this app's
cleaners into a :class:`PartyRow`; only this package writes them:

- :func:`prepare_import` (nothing written but the chunk's tags): a new party has nothing stored
  yet, so each of its rows is known from the file alone. They are built as ``{column: value}``
  rows with ids reserved up front and written through ``core.db``'s batches (COPY on PostgreSQL)
  together with their simple-history "created" records; no model instance is built. The values
  are those ``bulk_create_with_history`` of the same objects would write: search text and
  province/city are computed as ``parties.services.derived`` computes them, the role mask as the
  database's triggers would set it.
- :func:`write_import` writes a prepared chunk and the updates of stored parties, and announces
  the chunk (``party.imported``). Building and writing are two steps, so that a chunk can be
  built while the one before is written (on another connection).

One module per topic: ``rows`` (the rows the importer hands over and the values derived from
them), ``new_parties`` (new parties as plain rows), ``updates`` (stored parties an import
changes) and ``chunks`` (:func:`prepare_import` and :func:`write_import`, which use the other
two). The importer's names are importable from here.
"""

from catena.parties.bulk.chunks import Prepared, prepare_import, write_import
from catena.parties.bulk.rows import ADDRESS_KEYS, Existing, PartyRow, primary_address

__all__ = [
    "ADDRESS_KEYS",
    "Existing",
    "PartyRow",
    "Prepared",
    "prepare_import",
    "primary_address",
    "write_import",
]
