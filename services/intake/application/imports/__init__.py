"""Bulk imports from CSV files: beneficiaries (a flood census, a partner's list) and households.

- csv_format: reading an upload (UTF-8, header, one dict per row) whatever its kind.
- beneficiary_rows, household_rows: each kind's columns, and checking one row on its own.
- jobs, job_store, job_runs: import jobs, their outcomes in intake's database, and the
  batch-by-batch run both kinds share.
- beneficiary_import, household_import: the use cases; household_run groups a census's rows
  by household and household_records writes what they say.

The file formats are in beneficiary_rows.py, household_import.py and docs/imports.md.
"""
