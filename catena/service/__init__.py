"""The service desk: cases (tickets) with one owner and a clock, the responsible partner's tasks,
SLA policies on a Chinese working calendar, returns, refunds, surveys and the knowledge base."""
