"""What the analyst calls: the processed tables loaded (tables), all of one build (snapshot), and the
portfolio of one period (portfolio)."""
