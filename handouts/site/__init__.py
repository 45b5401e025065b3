"""The website: the mkdocs/ProperDocs plugin (the only code that imports the engine), offline files, search, the
clinic starter."""
