"""Repositories: one abstract interface, three implementations (in-memory, sqlite3, SQLAlchemy).

Import the one you need from its module; importing this package loads nothing heavy.
"""
