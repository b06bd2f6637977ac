"""Cleaning: each column's text read as values (numbers, steps), what is checked (checks), what was changed
(log) and which project a row is (identity)."""
