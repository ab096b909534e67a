"""The instructor guide's generated pages and the reading site, built from the course's sources.

Generated, never copied by hand: lesson timings and objectives come from each notebook's header,
exercises and misconceptions from the catalog, common wrong attempts from the test banks.
"""
