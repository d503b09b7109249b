"""Reporting's projections, one module each, and the reports declared over them."""
