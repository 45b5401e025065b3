"""The interface's words in each language: gettext catalogs (catalog) and the browser's keyed words (words)."""
