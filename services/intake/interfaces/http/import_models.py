"""What the imports API answers: the submitted job and its status with outcomes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel


class Submitted(BaseModel):
    job_id: UUID
    status: str
    total_rows: int
    status_url: str


class Counts(BaseModel):
    accepted: int
    duplicates: int
    rejected: int


class AcceptedRow(BaseModel):
    row: int
    beneficiary_id: UUID


class DuplicateRow(BaseModel):
    row: int
    existing_id: UUID


class RejectedRow(BaseModel):
    row: int
    reasons: list[str]


class JobView(BaseModel):
    job_id: UUID
    kind: str
    status: str
    submitted_by: str
    total_rows: int
    processed_rows: int
    progress: float
    counts: Counts
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    # Filled once the job is done, each list in row order, `limit` entries from `offset`.
    accepted: list[AcceptedRow] | None = None
    duplicates: list[DuplicateRow] | None = None
    rejected: list[RejectedRow] | None = None
