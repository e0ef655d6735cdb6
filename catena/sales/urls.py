from django.urls import path
from django.views.generic import RedirectView

from catena.sales.views import board, leads, pricing, quotes, steps, terms

app_name = "sales"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sales:opportunity_board"), name="home"),
    path("leads/", leads.lead_list, name="lead_list"),
    path("leads/new/", leads.lead_create, name="lead_create"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", leads.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/qualify/", leads.lead_qualify, name="lead_qualify"),
    path("leads/<int:pk>/disqualify/", leads.lead_disqualify, name="lead_disqualify"),
    path("leads/<int:pk>/work/", leads.lead_work, name="lead_work"),
    path("leads/<int:pk>/convert/", leads.lead_convert, name="lead_convert"),
    path("opportunities/", board.opportunity_board, name="opportunity_board"),
    path("opportunities/new/", board.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", board.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", board.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/move/", board.opportunity_move, name="opportunity_move"),
    path("pipeline/", board.pipeline_summary, name="pipeline"),
    path("quotes/", quotes.quote_list, name="quote_list"),
    path("quotes/new/", quotes.quote_create, name="quote_create"),
    path("quotes/<int:pk>/", quotes.quote_detail, name="quote_detail"),
    path("quotes/<int:pk>/edit/", quotes.quote_edit, name="quote_edit"),
    path("quotes/<int:pk>/print/", quotes.quote_print, name="quote_print"),
    path("quotes/<int:pk>/lines/", quotes.quote_line_add, name="quote_line_add"),
    path(
        "quotes/<int:pk>/lines/<int:line_id>/delete/",
        quotes.quote_line_delete,
        name="quote_line_delete",
    ),
    path("quotes/<int:pk>/send/", quotes.quote_send, name="quote_send"),
    path("quotes/<int:pk>/revise/", quotes.quote_revise, name="quote_revise"),
    path("quotes/<int:pk>/reject/", quotes.quote_reject, name="quote_reject"),
    # quotes/<pk>/accept/ places an order: fulfilment serves it (catena/urls.py, "quote_accept")
    path("price-lists/", pricing.price_list_list, name="price_list_list"),
    path("price-lists/new/", pricing.price_list_create, name="price_list_create"),
    path("price-lists/<int:pk>/", pricing.price_list_detail, name="price_list_detail"),
    path("price-lists/<int:pk>/edit/", pricing.price_list_edit, name="price_list_edit"),
    path("price-lists/<int:pk>/delete/", pricing.price_list_delete, name="price_list_delete"),
    path("price-lists/<int:pk>/prices/", pricing.price_add, name="price_add"),
    path("price-lists/<int:pk>/prices/<int:item_id>/edit/", pricing.price_edit, name="price_edit"),
    path("price-lists/<int:pk>/prices/<int:item_id>/delete/", pricing.price_delete, name="price_delete"),
    path("customers/<int:party_id>/terms/", terms.party_terms, name="party_terms"),
    path("customers/<int:party_id>/terms/edit/", terms.party_terms_edit, name="party_terms_edit"),
    path("customers/<int:party_id>/price-check/", terms.party_price_check, name="party_price_check"),
]

# Mounted under /settings/ by ``catena/urls.py`` (namespace ``settings_sales``).
settings_urlpatterns = [
    path("stages/", steps.step_list, name="step_list"),
    path("stages/<int:pk>/", steps.step_edit, name="step_edit"),
    path("stages/<int:pk>/move/", steps.step_move, name="step_move"),
]
