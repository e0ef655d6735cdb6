"""The home dashboard and the flow analytics pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from catena.accounts import roles
from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.views import acting_user, internal_page
from catena.core import access, gate
from catena.insights import services
from catena.insights.choices import FlowDimension, RunStatus
from catena.insights.forms import StuckFilterForm
from catena.insights.models import FlowMetricRun
from catena.insights.selectors import dashboard as selectors
from catena.insights.selectors import flow as flow_selectors
from catena.insights.selectors import work


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Counts, the party mix, the interaction trend, recent activity and who to call next.

    A portal user who opens the site's address is sent to the portal, where their records are."""
    if roles.is_portal(request.user):
        return redirect("portal:home")
    return _dashboard(request)


@internal_page
def _dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    weeks = selectors.interactions_per_week(user)
    for week in weeks:
        week["partial"] = work.week_is_partial(date.fromisoformat(week["week"]))
    return render(
        request,
        "insights/home.html",
        {
            "counts": selectors.dashboard_counts(user),
            "chart_data": {
                "roles": selectors.parties_by_role(user),
                "weeks": weeks,
                "labels": {
                    "parties": _("Parties"),
                    "interactions": _("Interactions"),
                    "so_far": _("so far"),
                },
            },
            "recent": selectors.recent_interactions(user),
            "follow_up": selectors.parties_to_follow_up(user),
            "follow_up_days": selectors.FOLLOW_UP_AFTER_DAYS,
            **_role_panels(user),
        },
    )


def _money_series(rows: list[dict[str, Any]] | list[Any], *, key: str = "amounts") -> list[dict[str, Any]]:
    """One series per currency over the rows, for stacked bars."""
    amounts = [r[key] if isinstance(r, dict) else getattr(r, key) for r in rows]
    currencies = sorted({c for a in amounts for c in a})
    return [{"name": c, "data": [float(a.get(c, 0)) for a in amounts]} for c in currencies]


def _role_panels(user: Any) -> dict[str, Any]:
    """The panels of the user's role and the data of their charts, each bar with the link to the
    list behind it."""
    panels = work.panels_for(user)
    context: dict[str, Any] = {"panels": panels}
    data: dict[str, Any] = {
        "labels": {
            "count": _("Count"),
            "late": _("Late"),
            "waiting": _("Waiting, on time"),
            "on_time": _("On time"),
            "so_far": _("so far"),
            "open_list": _("Click a bar to open the list behind it."),
        }
    }
    if panels.sales:
        board = reverse("sales:opportunity_board")
        stages = work.pipeline_by_stage(user)
        forecast = work.weighted_forecast(user)
        context["stages"] = stages
        context["quotes_count"], context["quotes"] = work.quotes_awaiting_answer(user)
        context["risk_count"], context["at_risk"] = work.orders_at_risk(user)
        context["risk_url"] = reverse("fulfilment:order_list") + f"?owner={user.pk}&late=1"
        context["has_pipeline"] = any(s.count for s in stages)
        context["has_forecast"] = any(m["count"] for m in forecast)
        data["pipeline"] = {
            "categories": [s.label for s in stages],
            "counts": [s.count for s in stages],
            "series": _money_series(stages),
            "urls": [f"{board}?stage={s.code}" for s in stages],
        }
        data["forecast"] = {
            "categories": [m["month"] for m in forecast],
            "counts": [m["count"] for m in forecast],
            "series": _money_series(forecast),
            "urls": [reverse("sales:pipeline")] * len(forecast),
        }
    if panels.operations:
        departments = work.stages_by_department(user)
        stuck = reverse("insights:flow_stuck")
        context["departments"] = departments
        context["late_po_count"], suppliers = work.late_supplier_promises(user)
        context["exception_count"], carriers = work.carrier_exceptions(user)
        context["late_po_url"] = reverse("fulfilment:po_list") + "?overdue=1"
        context["exceptions_url"] = reverse("fulfilment:shipment_list") + "?status=exception"
        data["departments"] = {
            "categories": [d["label"] for d in departments],
            "waiting": [d["waiting"] for d in departments],
            "late": [d["late"] for d in departments],
            "urls": [f"{stuck}?department={d['code']}" for d in departments],
            "late_urls": [f"{stuck}?department={d['code']}&late=on" for d in departments],
        }
        data["suppliers"] = {
            "categories": [r["label"] for r in suppliers],
            "counts": [r["value"] for r in suppliers],
            "urls": [f"{context['late_po_url']}&supplier={r['id']}" for r in suppliers],
        }
        data["carriers"] = {
            "categories": [r["label"] for r in carriers],
            "counts": [r["value"] for r in carriers],
            "urls": [f"{context['exceptions_url']}&carrier={r['id']}" for r in carriers],
        }
    if panels.management:
        revenue = work.revenue_by_month(user)
        on_time = work.on_time_by_month(user)
        orders = reverse("fulfilment:order_list")
        context["has_revenue"] = any(m["count"] for m in revenue)
        context["has_on_time"] = bool(on_time)
        data["revenue"] = {
            "categories": [m["month"] for m in revenue],
            "counts": [m["count"] for m in revenue],
            "partial": [m["partial"] for m in revenue],
            "series": _money_series(revenue),
            "urls": [orders] * len(revenue),
        }
        data["on_time"] = {
            "categories": [m["month"] for m in on_time],
            "rates": [m["rate"] for m in on_time],
            "counts": [m["count"] for m in on_time],
            "urls": [reverse("insights:flow")] * len(on_time),
        }
    context["work_data"] = data
    return context


# --- flow analytics ----------------------------------------------------------------------------

PARTNERS_ON_PAGE = 15
PARTNERS_PER_PAGE = 50
STUCK_PER_PAGE = 50
SUPPLIER_COLUMNS = [
    ("label", gettext_lazy("Supplier"), False),
    ("count", gettext_lazy("Received POs"), True),
    ("median_hours", gettext_lazy("Median"), True),
    ("p90_hours", gettext_lazy("90th pct."), True),
    ("on_time_rate", gettext_lazy("On time"), True),
    ("promise_kept_rate", gettext_lazy("Promises kept"), True),
]
CARRIER_COLUMNS = [
    ("label", gettext_lazy("Carrier"), False),
    ("count", pgettext_lazy("carrier table column", "Deliveries"), True),
    ("median_hours", gettext_lazy("Median"), True),
    ("p90_hours", gettext_lazy("90th pct."), True),
    ("on_time_rate", gettext_lazy("On time"), True),
    ("pickup_on_time_rate", gettext_lazy("Picked up on time"), True),
]
PARTNER_TABLES: dict[str, list[tuple[str, Any, bool]]] = {
    FlowDimension.SUPPLIER: SUPPLIER_COLUMNS,
    FlowDimension.CARRIER: CARRIER_COLUMNS,
}


def _ensure_may_view(request: HttpRequest) -> None:
    if not access.can(request.user, access.VIEW, FlowMetricRun):
        raise PermissionDenied


def _sort_columns(request: HttpRequest, param: str, columns: list[Any], current: str) -> list[dict[str, Any]]:
    """Header links that sort a table by a column (again: the other way round)."""
    headers = []
    for key, label, numeric in columns:
        query = request.GET.copy()
        query[param] = f"-{key}" if current == key else key
        query.pop("page", None)
        state = "asc" if current == key else "desc" if current == f"-{key}" else ""
        headers.append({"label": label, "url": f"?{query.urlencode()}", "state": state, "numeric": numeric})
    return headers


def _partner_sort(request: HttpRequest, param: str) -> str:
    sort = request.GET.get(param, "")
    return sort if sort.lstrip("-") in flow_selectors.PARTNER_SORTS else flow_selectors.DEFAULT_PARTNER_SORT


def _partner_rows(metrics: Any) -> list[dict[str, Any]]:
    return [{"metric": m, "label": m.label or m.key, "url": _party_url(m.party_id)} for m in metrics]


def _party_url(party_id: int | None) -> str | None:
    return reverse("parties:party_detail", args=[party_id]) if party_id else None


def order_url_builder() -> Callable[[int], str | None]:
    """Links to order pages when the fulfilment app has them (``fulfilment:order_detail``);
    until then the order's number is shown without a link."""
    try:
        reverse("fulfilment:order_detail", args=[1])
    except NoReverseMatch:
        return lambda pk: None
    return lambda pk: reverse("fulfilment:order_detail", args=[pk])


def _chart_series(metrics: list[Any], *, per: float = 1.0) -> list[dict[str, Any]]:
    def scaled(value: float | None) -> float | None:
        return None if value is None else round(value / per, 2)

    return [
        {
            "label": flow_selectors.display_label(m),
            "key": m.key,
            "count": m.count,
            "median": scaled(m.median_hours),
            "p90": scaled(m.p90_hours),
            "on_time": m.on_time_rate,
        }
        for m in metrics
    ]


def _run_context(
    request: HttpRequest, run: FlowMetricRun | None = None, *, latest: FlowMetricRun | None = None
) -> dict[str, Any]:
    return {
        "latest": latest or flow_selectors.latest_run(),
        "running": run if run is not None and run.is_running else flow_selectors.run_in_progress(),
        "shown_run": run,
        "can_recompute": access.can(request.user, access.ADD, FlowMetricRun),
        # the stored error names database internals: administrators read it, others are told
        "sees_errors": roles.role_of(request.user) == Role.ADMINISTRATOR,
    }


@internal_page
def flow(request: HttpRequest) -> HttpResponse:
    """Flow analytics: order-to-delivery trend, cycle time per stage and department, suppliers
    and carriers (from the latest snapshot), and where orders are waiting now (live)."""
    _ensure_may_view(request)
    stage_order = flow_selectors.stage_sequence()  # both the figures and the board list stages in it
    overview = flow_selectors.flow_overview(stage_order=stage_order)
    context: dict[str, Any] = {
        "overview": overview,
        "board": flow_selectors.stuck_board(stage_order=stage_order),
        **_run_context(request, latest=overview.run),
    }
    for dimension, param in (
        (FlowDimension.SUPPLIER, "supplier_sort"),
        (FlowDimension.CARRIER, "carrier_sort"),
    ):
        sort = _partner_sort(request, param)
        metrics = flow_selectors.partner_metrics(overview.run, dimension, sort=sort)[:PARTNERS_ON_PAGE]
        context[f"{dimension}_rows"] = _partner_rows(metrics)
        context[f"{dimension}_headers"] = _sort_columns(request, param, PARTNER_TABLES[dimension], sort)
    context["chart_data"] = {
        "weeks": [
            {**row, "week": metric.key, "start": metric.week_start.isoformat() if metric.week_start else ""}
            for row, metric in zip(_chart_series(overview.weeks, per=24), overview.weeks, strict=True)
        ],
        "stages": _chart_series(overview.stages),
        "departments": _chart_series(overview.departments),
        "labels": {
            "median": _("Median"),
            "p90": _("90th percentile"),
            "days": _("days"),
            "hours": _("hours"),
            "orders": _("Delivered orders"),
        },
    }
    return render(request, "insights/flow.html", context)


@internal_page
@require_POST
def flow_recompute(request: HttpRequest) -> HttpResponse:
    """Ask for fresh figures; the page then polls the run until it is done."""
    try:
        run = services.request_recompute(actor=acting_user(request))
    except access.PermissionDenied as exc:
        raise PermissionDenied from exc
    if request.htmx:  # type: ignore[attr-defined]
        return flow_run(request, run.pk)
    return redirect("insights:flow")


@internal_page
def flow_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """The status panel of one run (polled while it computes). Once it is done, an htmx request
    is answered with a refresh so the page shows the new figures."""
    _ensure_may_view(request)
    run = gate.visible_or_404(request.user, FlowMetricRun, run_id)
    if request.htmx and run.status == RunStatus.DONE:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "insights/flow.html#run-status", _run_context(request, run))


@internal_page
def flow_partners(request: HttpRequest, kind: str) -> HttpResponse:
    """Every supplier's or carrier's figures of the latest snapshot, sortable, a page at a time."""
    _ensure_may_view(request)
    if kind not in PARTNER_TABLES:
        raise Http404
    run = flow_selectors.latest_run()
    sort = _partner_sort(request, "sort")
    page_obj = Paginator(flow_selectors.partner_metrics(run, kind, sort=sort), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "kind": kind,
        "kind_label": FlowDimension(kind).label,
        "run": run,
        "page_obj": page_obj,
        "rows": _partner_rows(page_obj.object_list),
        "headers": _sort_columns(request, "sort", PARTNER_TABLES[kind], sort),
    }
    if request.htmx and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "insights/flow_partners.html#table", context)
    return render(request, "insights/flow_partners.html", context)


@internal_page
def flow_stuck(request: HttpRequest) -> HttpResponse:
    """The orders behind one cell of the "where orders are now" board, most overdue first."""
    _ensure_may_view(request)
    form = StuckFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request, "insights/flow_stuck.html", {"form": form, "rows": [], "page_obj": None}, status=400
        )
    stage, department, late = (form.cleaned_data[k] for k in ("stage", "department", "late"))
    page_obj = Paginator(
        flow_selectors.stuck_orders(stage=stage, department=department, late_only=late), STUCK_PER_PAGE
    ).get_page(request.GET.get("page"))
    order_url = order_url_builder()
    now = timezone.now()
    rows = [
        {"stage": s, "order_url": order_url(s.order_id), "is_late": s.due_at is not None and s.due_at < now}
        for s in page_obj.object_list
    ]
    title = (
        DepartmentCode(department).label
        if department
        else next((_(s.name) for s in page_obj.object_list), stage)
        if stage
        else _("All active stages")
    )
    return render(
        request,
        "insights/flow_stuck.html",
        {"form": form, "rows": rows, "page_obj": page_obj, "title": title, "late": late, "stage": stage},
    )
