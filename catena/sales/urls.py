from django.urls import path
from django.views.generic import RedirectView

from catena.sales import views_board, views_leads, views_pricing, views_quotes, views_terms

app_name = "sales"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sales:opportunity_board"), name="home"),
    path("leads/", views_leads.lead_list, name="lead_list"),
    path("leads/new/", views_leads.lead_create, name="lead_create"),
    path("leads/<int:pk>/", views_leads.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views_leads.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/qualify/", views_leads.lead_qualify, name="lead_qualify"),
    path("leads/<int:pk>/disqualify/", views_leads.lead_disqualify, name="lead_disqualify"),
    path("leads/<int:pk>/work/", views_leads.lead_work, name="lead_work"),
    path("leads/<int:pk>/convert/", views_leads.lead_convert, name="lead_convert"),
    path("opportunities/", views_board.opportunity_board, name="opportunity_board"),
    path("opportunities/new/", views_board.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views_board.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", views_board.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/move/", views_board.opportunity_move, name="opportunity_move"),
    path("pipeline/", views_board.pipeline_summary, name="pipeline"),
    path("quotes/", views_quotes.quote_list, name="quote_list"),
    path("quotes/new/", views_quotes.quote_create, name="quote_create"),
    path("quotes/<int:pk>/", views_quotes.quote_detail, name="quote_detail"),
    path("quotes/<int:pk>/edit/", views_quotes.quote_edit, name="quote_edit"),
    path("quotes/<int:pk>/print/", views_quotes.quote_print, name="quote_print"),
    path("quotes/<int:pk>/lines/", views_quotes.quote_line_add, name="quote_line_add"),
    path(
        "quotes/<int:pk>/lines/<int:line_id>/delete/",
        views_quotes.quote_line_delete,
        name="quote_line_delete",
    ),
    path("quotes/<int:pk>/send/", views_quotes.quote_send, name="quote_send"),
    path("quotes/<int:pk>/revise/", views_quotes.quote_revise, name="quote_revise"),
    path("quotes/<int:pk>/reject/", views_quotes.quote_reject, name="quote_reject"),
    # quotes/<pk>/accept/ places an order: fulfilment serves it (catena/urls.py, "quote_accept")
    path("price-lists/", views_pricing.price_list_list, name="price_list_list"),
    path("price-lists/new/", views_pricing.price_list_create, name="price_list_create"),
    path("price-lists/<int:pk>/", views_pricing.price_list_detail, name="price_list_detail"),
    path("price-lists/<int:pk>/edit/", views_pricing.price_list_edit, name="price_list_edit"),
    path("price-lists/<int:pk>/delete/", views_pricing.price_list_delete, name="price_list_delete"),
    path("price-lists/<int:pk>/prices/", views_pricing.price_add, name="price_add"),
    path("price-lists/<int:pk>/prices/<int:item_id>/edit/", views_pricing.price_edit, name="price_edit"),
    path(
        "price-lists/<int:pk>/prices/<int:item_id>/delete/", views_pricing.price_delete, name="price_delete"
    ),
    path("customers/<int:party_id>/terms/", views_terms.party_terms, name="party_terms"),
    path("customers/<int:party_id>/terms/edit/", views_terms.party_terms_edit, name="party_terms_edit"),
    path("customers/<int:party_id>/price-check/", views_terms.party_price_check, name="party_price_check"),
]
