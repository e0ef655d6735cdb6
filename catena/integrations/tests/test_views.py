"""The import wizard through the test client: upload → map → dry run → commit → done; refusals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catena.accounts.choices import Role
from catena.integrations.choices import ImportStatus
from catena.integrations.models import ImportJob
from catena.integrations.tests.factories import PARTY_HEADERS_ZH, csv_bytes, party_row
from catena.parties.models import Party, PortalAccess

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, *, kind: str = "parties", mode: str = "valid_rows", name: str = "客户.csv"):
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post("/data/imports/new/", {"kind": kind, "mode": mode, "file": upload})


def test_wizard_goes_from_upload_to_a_finished_import(
    logged_in, make_user, django_capture_on_commit_callbacks
):
    client = logged_in(make_user(Role.SALES))
    data = csv_bytes([[*PARTY_HEADERS_ZH, "Spalte"], [*party_row(1), "x"], [*party_row(2, uscc="bad"), "y"]])

    # step 1: upload
    response = _upload(client, data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/data/imports/{job.pk}/mapping/"
    assert job.original_filename == "客户.csv" and job.total_rows == 2

    # step 2: the mapping screen suggests a field for every known header, with sample values
    page = client.get(f"/data/imports/{job.pk}/mapping/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "统一社会信用代码" in html and "深圳市测试1电子有限公司" in html
    assert '<option value="uscc" selected>' in html

    # step 3: confirming the mapping runs the dry run
    mapping = {f"column_{i}": field for i, field in enumerate(job.mapping)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/data/imports/{job.pk}/mapping/", mapping)
    assert response["Location"] == f"/data/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and (job.created_count, job.rejected_count) == (1, 1)
    assert Party.objects.count() == 0
    report = client.get(f"/data/imports/{job.pk}/").content.decode()
    assert "Would create" in report and "Download the error report" in report and "<td>3</td>" in report

    # step 4: commit
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/data/imports/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Party.objects.count() == 1

    # the job page, as htmx polls it, is the fragment only and stops polling once done
    fragment = client.get(f"/data/imports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="import-job"' in fragment and "hx-trigger" not in fragment

    # the error report downloads as CSV
    errors = client.get(f"/data/imports/{job.pk}/errors.csv")
    assert errors.status_code == 200
    assert "统一社会信用代码" in b"".join(errors.streaming_content).decode("utf-8-sig")

    # and the list shows the job
    assert "客户.csv" in client.get("/data/").content.decode()


def test_running_job_page_polls_every_second(logged_in, manager, run_import, party_file):
    job = run_import(party_file([party_row(1)]), actor=manager, commit=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, processed_rows=1, total_rows=4)

    html = logged_in(manager).get(f"/data/imports/{job.pk}/").content.decode()

    assert 'hx-trigger="every 1s"' in html and '<progress value="1" max="4">' in html


def test_mapping_can_be_changed_on_the_screen(logged_in, manager, django_capture_on_commit_callbacks):
    client = logged_in(manager)
    _upload(client, csv_bytes([["Firma", "备注"], ["甲公司", "老客户"]]))
    job = ImportJob.objects.get()
    assert job.mapping == ["", "notes"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/data/imports/{job.pk}/mapping/", {"column_0": "name", "column_1": ""})

    job.refresh_from_db()
    assert job.mapping == ["name", ""] and job.created_count == 1


def test_mapping_without_the_required_field_shows_the_error(logged_in, manager):
    client = logged_in(manager)
    _upload(client, csv_bytes([["Firma"], ["甲公司"]]))
    job = ImportJob.objects.get()

    response = client.post(f"/data/imports/{job.pk}/mapping/", {"column_0": ""})

    assert response.status_code == 200 and "required column" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING


def test_all_or_nothing_job_with_rejected_rows_cannot_be_committed(
    logged_in, manager, run_import, party_file
):
    job = run_import(party_file([party_row(1), party_row(2, uscc="bad")]), actor=manager, commit=False,
                     mode="all_or_nothing")  # fmt: skip
    client = logged_in(manager)

    assert "upload the file again" in client.get(f"/data/imports/{job.pk}/").content.decode()
    client.post(f"/data/imports/{job.pk}/commit/")

    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and Party.objects.count() == 0


def test_unreadable_upload_shows_the_reason(logged_in, manager):
    response = _upload(logged_in(manager), b"not a workbook", name="x.xlsx")

    assert response.status_code == 200 and "not an .xlsx" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_read_only_user_may_not_upload_and_nothing_is_written(logged_in, reader):
    client = logged_in(reader)

    response = _upload(client, csv_bytes([PARTY_HEADERS_ZH, party_row(1)]))

    assert response.status_code == 403
    assert ImportJob.objects.count() == 0 and Party.objects.count() == 0
    assert "neither import nor export" in client.get("/data/").content.decode()


def test_user_may_not_import_a_kind_their_role_does_not_allow(logged_in, make_user):
    response = _upload(
        logged_in(make_user(Role.SALES)), csv_bytes([["SKU", "名称"], ["A", "B"]]), kind="products"
    )

    assert response.status_code == 403 and ImportJob.objects.count() == 0


def test_portal_user_is_refused_every_page(logged_in, make_user, run_import, party_file, manager):
    job = run_import(party_file([party_row(1)]), actor=manager, commit=False)
    portal = make_user(Role.PORTAL_CUSTOMER)
    PortalAccess.objects.create(user=portal, party=Party.objects.create(name="门户客户"))
    client = logged_in(portal)

    pages = ["/data/", f"/data/imports/{job.pk}/", "/data/templates/parties.csv", "/data/export/parties/"]
    assert [client.get(p).status_code for p in pages] == [403, 403, 403, 403]


def test_another_users_job_is_not_found_and_cannot_be_committed(logged_in, make_user, run_import, party_file):
    owner = make_user(Role.SALES)
    job = run_import(party_file([party_row(1)]), actor=owner, commit=False)
    client = logged_in(make_user(Role.SALES))

    assert client.get(f"/data/imports/{job.pk}/").status_code == 404
    assert client.post(f"/data/imports/{job.pk}/commit/").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and Party.objects.count() == 0


def test_templates_download_with_chinese_or_english_headers(logged_in, sales):
    client = logged_in(sales)

    chinese = client.get("/data/templates/parties.csv?lang=zh")
    english = client.get("/data/templates/parties.csv?lang=en")

    assert chinese.content.decode("utf-8-sig").startswith("名称,简称,类型,统一社会信用代码,角色")
    assert english.content.decode("utf-8-sig").startswith("name,short_name,kind,uscc,roles")
    assert "filename*=UTF-8''" in chinese["Content-Disposition"]
    assert client.get("/data/templates/products.csv").status_code == 403


def test_empty_list_invites_the_first_import(logged_in, sales):
    html = logged_in(sales).get("/data/").content.decode()

    assert "No imports yet." in html and "/data/imports/new/" in html
