"""The knowledge base's entry points and reads: search (``search``: the documents, ranked
matching on both databases), who reads what (``policies``), the shared reads (``selectors``),
the staff pages (``views``, ``forms``), the API (``api``, ``schemas``) and search everywhere's
provider (``finder``). Its records are in ``service.models.knowledge``, its use cases in
``service.services.knowledge``."""
