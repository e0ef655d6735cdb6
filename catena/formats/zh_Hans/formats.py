"""Number formats for Simplified Chinese that differ from Django's own.

Django groups nothing in zh-Hans (an empty thousands separator), so 12674000.00 showed
ungrouped on Chinese pages while English pages read 12,674,000.00. Business software in China
groups by thousands with a comma, as English does; the date formats stay Django's.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
