"""Full-text search over the quote store: a Whoosh index derived from it (index, written through
codec), its analyzers (analysis), the query language (query), facet and timeline counts (facets),
highlighted fragments (highlight) and 'did you mean' (spelling)."""
