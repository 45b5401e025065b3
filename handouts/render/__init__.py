"""Values to HTML and SVG: Markdown, Jinja, figures, the clinic's colours, the CSP, QR codes."""
