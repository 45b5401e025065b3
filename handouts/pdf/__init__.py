"""PDFs with WeasyPrint, the only package that imports it: the sandboxed fetcher, the worker pool, the cache."""
