"""Full-text search over the quote store: a Whoosh index derived from it (index), the query
language (query), facet and timeline counts (facets) and highlighted fragments (highlight)."""
