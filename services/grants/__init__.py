"""Grants: programmes decide and pay grants and aid from annual budgets."""
