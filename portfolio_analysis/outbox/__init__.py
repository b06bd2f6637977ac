"""What the office sends to the organisations and keeps of the period beyond the board's pages: the
pre-filled forms for the coming period and the receipts for the submissions that came in. It formats what
the layers before it found, in the profile's language; it computes nothing of its own."""
