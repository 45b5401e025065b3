"""Reading and checking content files and the clinic's configuration, with path:line for every problem."""
