"""Demo data: users with known passwords and a deterministic, realistic supply chain.

``users`` creates the demo staff, ``seed`` generates parties, their network, products and a year
of interactions in bulk. The tables of names and places live in ``names`` and ``places``.
"""
