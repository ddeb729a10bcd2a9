"""The public pages: views, URLs, filters and choices, pagination, path converters, sitemaps."""
