"""Reporting's read-model tables: counts the board and the auditors look at."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

metadata = MetaData()

enrolments_by_province = Table(
    "enrolments_by_province",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("category", String(40), primary_key=True),
    Column("enrolled", Integer, nullable=False),
)

reviews_by_province = Table(
    "reviews_by_province",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("opened", Integer, nullable=False),
)
