"""What the analyst calls: the processed tables loaded (tables) and the portfolio of one period (portfolio)."""
