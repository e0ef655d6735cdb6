"""Pages of the customer and partner portal, one module per topic: ``home`` (the party's
dashboard and the user's account), ``customer`` (orders), ``supplier`` (purchase orders),
``carrier`` (shipments), ``documents`` (proof-of-delivery files) and ``invite`` (staff inviting
a party's people, and the welcome page)."""
