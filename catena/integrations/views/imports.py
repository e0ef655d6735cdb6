"""Pages of the import wizard (upload → mapping → dry-run report → commit → progress) and the
export downloads. Thin: look the job up within the user's scope, call one service, render."""

from __future__ import annotations

import csv
import io
import tempfile
from itertools import islice
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catena.accounts.views import internal_page
from catena.core import access, gate
from catena.integrations import columns, exporters, services
from catena.integrations.choices import ExportFormat, ImportKind, ImportStatus
from catena.integrations.forms.imports import ImportMappingForm, ImportUploadForm
from catena.integrations.models import ImportJob, WebhookSubscription
from catena.integrations.readers import ImportFileError, open_table

SAMPLE_ROWS = 3
RECENT_JOBS = 50


def _require_import(request: HttpRequest, kind: str) -> None:
    if not services.may_import(request.user, kind):
        raise PermissionDenied


def _chinese(request: HttpRequest) -> bool:
    lang = request.GET.get("lang") or get_language() or ""
    return lang.lower().startswith("zh")


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@internal_page
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    """Recent import jobs, and what the user may import or export."""
    user = request.user
    jobs = ImportJob.objects.select_related("created_by").for_user(user)
    kinds = [
        {
            "value": value,
            "label": label,
            "can_import": services.may_import(user, value),
            "can_export": services.may_export(user, value),
        }
        for value, label in ImportKind.choices
    ]
    return render(
        request,
        "integrations/import_list.html",
        {
            "jobs": jobs[:RECENT_JOBS],
            "kinds": kinds,
            "can_import": any(k["can_import"] for k in kinds),
            "can_export": any(k["can_export"] for k in kinds),
            "can_manage_webhooks": access.can(user, access.VIEW, WebhookSubscription),
        },
    )


@internal_page
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the kind, the file and the mode."""
    kinds = [k for k in ImportKind.values if services.may_import(request.user, k)]
    if not kinds:
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("kind") and request.POST["kind"] not in kinds:
            raise PermissionDenied
        form = ImportUploadForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.create_import_job(
                    actor=request.user,  # type: ignore[arg-type]
                    kind=form.cleaned_data["kind"],
                    file=upload,
                    filename=upload.name,
                    mode=form.cleaned_data["mode"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except access.PermissionDenied as exc:
                raise PermissionDenied from exc
            else:
                return redirect("integrations:import_mapping", pk=job.pk)
    else:
        form = ImportUploadForm(initial={"kind": request.GET.get("kind")}, kinds=kinds)
    return render(request, "integrations/import_start.html", {"form": form})


def _samples(job: ImportJob) -> list[list[str]]:
    """The first few rows under each header, to help choose the fields."""
    try:
        with services.local_path(job.file) as path:
            rows = [
                cells
                for _number, cells in islice(open_table(path, job.original_filename).rows(), SAMPLE_ROWS)
            ]
    except (ImportFileError, OSError):
        return [[] for _header in job.headers]
    return [[row[i] if i < len(row) else "" for row in rows] for i in range(len(job.headers))]


@internal_page
@require_http_methods(["GET", "POST"])
@gate.record(ImportJob.objects.select_related("created_by"))
def import_mapping(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """Step 2: which field each column holds; then the dry run starts."""
    _require_import(request, job.kind)
    if job.status not in (ImportStatus.PENDING, ImportStatus.VALIDATED):
        return redirect("integrations:import_detail", pk=job.pk)
    form = ImportMappingForm(request.POST or None, kind=job.kind, headers=job.headers, mapping=job.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_import_mapping(job, actor=request.user, mapping=form.mapping())  # type: ignore[arg-type]
            services.start_import_validation(job, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            _form_errors(form, exc)
        except access.PermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            return redirect("integrations:import_detail", pk=job.pk)
    rows = [
        (header, field, samples) for (header, field), samples in zip(form.rows(), _samples(job), strict=False)
    ]
    return render(
        request,
        "integrations/import_mapping.html",
        {"job": job, "form": form, "rows": rows, "columns": columns.columns_for(job.kind)},
    )


@internal_page
@require_GET
@gate.record(ImportJob.objects.select_related("created_by"))
def import_detail(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """The dry-run report, the commit button, and the progress of a running job (polled)."""
    template = "integrations/import_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#job"
    return render(request, template, {"job": job, "can_import": services.may_import(request.user, job.kind)})


@internal_page
@require_POST
@gate.record(ImportJob.objects.select_related("created_by"))
def import_commit(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """Step 4: write the rows."""
    _require_import(request, job.kind)
    try:
        services.commit_import_job(job, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    return redirect("integrations:import_detail", pk=job.pk)


@internal_page
@require_GET
@gate.record(ImportJob.objects.select_related("created_by"))
def import_errors(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """Every rejected row with its row number, column and reason, as CSV."""
    if not job.error_report:
        raise Http404
    response = FileResponse(job.error_report.open("rb"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = exporters.content_disposition(f"import-{job.pk}-errors.csv")
    return cast(HttpResponse, response)  # internal_page is typed for plain responses


@internal_page
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV with the headers of ``kind`` and one example row, in Chinese (?lang=zh) or English
    (?lang=en)."""
    if kind not in ImportKind.values:
        raise Http404
    _require_import(request, kind)
    chinese = _chinese(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns.template_headers(kind, "zh" if chinese else "en"))
    writer.writerow(columns.template_example(kind, "zh" if chinese else "en"))
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    stem = exporters.FILE_STEMS[kind][1 if chinese else 0]
    suffix = "导入模板" if chinese else "template"
    response["Content-Disposition"] = exporters.content_disposition(f"{stem}-{suffix}.csv")
    return response


@internal_page
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """Download ``kind`` as CSV or XLSX, with the filters of its list (the query string)."""
    if kind not in ImportKind.values:
        raise Http404
    if not services.may_export(request.user, kind):
        raise PermissionDenied
    fmt = request.GET.get("format", ExportFormat.CSV)
    if fmt not in ExportFormat.values:
        fmt = ExportFormat.CSV
    table = exporters.export_table(kind, request.user, request.GET, chinese=_chinese(request))
    if fmt == ExportFormat.CSV:
        response: HttpResponseBase = StreamingHttpResponse(
            exporters.csv_stream(table), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = exporters.content_disposition(table.filename("csv"))
        return cast(HttpResponse, response)  # internal_page is typed for plain responses
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    exporters.write_xlsx(table, spool)
    spool.seek(0)
    response = FileResponse(
        spool, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = exporters.content_disposition(table.filename("xlsx"))
    return cast(HttpResponse, response)
