"""One patient's sheet (handout command) and what the browser sheet builder and personal page read."""
