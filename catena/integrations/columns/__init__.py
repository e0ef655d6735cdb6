"""The columns of each import/export kind, the header names that map to them (English and Chinese)
and the Chinese words accepted for coded values (客户 → customer). One module per topic: ``kinds``
(the columns of each kind), ``headers`` (matching a file's headers to them) and ``values`` (coded
values, yes/no words and lists in a cell). Every name is importable from here as well
(``from catena.integrations import columns``).
"""

from catena.integrations.columns.headers import (
    apply_overrides,
    check_mapping,
    column_keys,
    columns_for,
    normalise_header,
    suggest_mapping,
    template_example,
    template_headers,
)
from catena.integrations.columns.kinds import (
    COLUMNS,
    EXTERNAL_ID_WORDS,
    INTERACTION_COLUMNS,
    ONE_OF_REQUIRED,
    PARTY_COLUMNS,
    PRODUCT_COLUMNS,
    USCC_WORDS,
    Column,
)
from catena.integrations.columns.values import (
    BOOLEAN_WORDS,
    LIST_SEPARATORS,
    VALUE_WORDS,
    boolean_value,
    chinese_word,
    coded_list,
    coded_value,
    codes_of,
    split_list,
)

__all__ = [
    "BOOLEAN_WORDS",
    "COLUMNS",
    "EXTERNAL_ID_WORDS",
    "INTERACTION_COLUMNS",
    "LIST_SEPARATORS",
    "ONE_OF_REQUIRED",
    "PARTY_COLUMNS",
    "PRODUCT_COLUMNS",
    "USCC_WORDS",
    "VALUE_WORDS",
    "Column",
    "apply_overrides",
    "boolean_value",
    "check_mapping",
    "chinese_word",
    "coded_list",
    "coded_value",
    "codes_of",
    "column_keys",
    "columns_for",
    "normalise_header",
    "split_list",
    "suggest_mapping",
    "template_example",
    "template_headers",
]
