"""Reuse of the record: Atom feeds, CSV and JSON-lines exports, the coverage page (/daekning/)."""
