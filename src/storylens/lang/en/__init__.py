"""English language data: word lists only, no algorithms."""
