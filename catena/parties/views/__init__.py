"""Pages of the parties app, split by topic: the list, the detail page, the edit forms, and the
inline forms of contacts, addresses, contact points and relationships."""
