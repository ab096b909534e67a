"""pytest plugin (registered through the pytest11 entry point): the course's fixtures."""
