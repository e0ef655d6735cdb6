"""A file of ten thousand rows imports completely, with history, in chunks."""

from __future__ import annotations

import pytest

from catena.integrations.choices import ImportStatus
from catena.integrations.tests.factories import party_row
from catena.parties.models import Address, Contact, ContactPoint, Party, PartyRole

pytestmark = pytest.mark.django_db

ROWS = 10_000


def test_ten_thousand_row_file_imports_completely_with_history(run_import, party_file, manager):
    data = party_file([party_row(n) for n in range(1, ROWS + 1)])

    job = run_import(data, actor=manager)

    assert job.status == ImportStatus.DONE
    assert (job.total_rows, job.processed_rows, job.created_count, job.rejected_count) == (
        ROWS,
        ROWS,
        ROWS,
        0,
    )
    assert Party.objects.count() == ROWS and Contact.objects.count() == ROWS
    assert PartyRole.objects.count() == 2 * ROWS and Address.objects.count() == ROWS
    assert ContactPoint.objects.count() == 2 * ROWS
    # simple-history misses plain bulk writes: the importer records history itself
    assert Party.history.filter(history_type="+").count() == ROWS
    assert Contact.history.count() == ROWS and Address.history.count() == ROWS
    assert ContactPoint.history.count() == 2 * ROWS
    assert not Party.objects.filter(search_text="").exists()
    assert not Party.objects.filter(province="").exists()
