"""The analyses of the panel: compare two periods, status, risk, ratings, budget, history and tracks, pivot,
overview. Each takes a :class:`Portfolio` and returns data; the report shows it."""
