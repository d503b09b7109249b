"""Reporting's pure domain: how the read model's rows add up to the counts the board sees."""
