"""`ReadModelInBulk` in reporting's database: each kind of change for a whole run of messages in
one statement, where `SqlReadModel` takes one or two per message (an INSERT per enrolment or
proposal, a SELECT ... FOR UPDATE and an UPDATE per decision step).

On PostgreSQL the rows travel as one array per column (unnest), as `shared/upsert.py` does for
inserts; SQLite, embedded, takes an executemany, which stays in its C loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from sqlalchemy import bindparam, select, text, update

from services.reporting.application.ports import NewBeneficiary, NewDecision
from services.reporting.domain.decisions import DecisionProgress, DecisionStatus
from services.reporting.persistence.sql import SqlReadModel
from services.reporting.persistence.tables import beneficiaries, categories_column, decisions
from shared.upsert import insert_rows_unless_present

# PostgreSQL: the decisions' new progress as arrays, one statement for the run.
_SET_PROGRESSES = text(
    "UPDATE decisions AS t SET status = v.status, approvals = v.approvals, "
    "approvals_needed = v.approvals_needed "
    "FROM unnest(CAST(:ids AS UUID[]), CAST(:statuses AS VARCHAR[]), "
    "CAST(:approvals AS INTEGER[]), CAST(:needed AS INTEGER[])) "
    "AS v(decision_id, status, approvals, approvals_needed) "
    "WHERE t.decision_id = v.decision_id"
)

# SQLite: the same, an executemany of the one-row UPDATE.
_SET_PROGRESS = (
    update(decisions)
    .where(decisions.c.decision_id == bindparam("id"))
    .values(
        status=bindparam("new_status"),
        approvals=bindparam("new_approvals"),
        approvals_needed=bindparam("new_needed"),
    )
)


class SqlReadModelInBulk(SqlReadModel):
    def add_beneficiaries(self, added: Sequence[NewBeneficiary]) -> None:
        first: dict[UUID, NewBeneficiary] = {}
        for b in added:
            first.setdefault(b.beneficiary_id, b)  # a statement meets each row once
        rows = [
            {
                "beneficiary_id": b.beneficiary_id,
                "province_code": b.province_code,
                "status": b.status,
                "categories": categories_column(b.categories),
                "merged": False,
            }
            for b in first.values()
        ]
        insert_rows_unless_present(self._unit_of_work.session(), beneficiaries, rows)

    def add_decisions(self, added: Sequence[NewDecision]) -> None:
        first: dict[UUID, NewDecision] = {}
        for d in added:
            first.setdefault(d.decision_id, d)
        rows = [
            {
                "decision_id": d.decision_id,
                "programme_id": d.programme_id,
                "province_code": d.province_code,
                "status": str(d.progress.status),
                "approvals": d.progress.approvals,
                "approvals_needed": d.progress.approvals_needed,
            }
            for d in first.values()
        ]
        insert_rows_unless_present(self._unit_of_work.session(), decisions, rows)

    def decision_progresses(self, decision_ids: Sequence[UUID]) -> dict[UUID, DecisionProgress]:
        wanted = sorted(set(decision_ids))
        if not wanted:
            return {}
        d = decisions.c
        query = (
            select(d.decision_id, d.status, d.approvals, d.approvals_needed)
            .where(d.decision_id.in_(wanted))
            .order_by(d.decision_id)  # the rows locked in one order, whoever locks them
            .with_for_update()
        )
        return {
            row.decision_id: DecisionProgress(
                DecisionStatus(row.status), row.approvals, row.approvals_needed
            )
            for row in self._unit_of_work.session().execute(query)
        }

    def set_decision_progresses(self, progresses: Mapping[UUID, DecisionProgress]) -> None:
        if not progresses:
            return
        session = self._unit_of_work.session()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                _SET_PROGRESSES,
                {
                    "ids": list(progresses),
                    "statuses": [str(p.status) for p in progresses.values()],
                    "approvals": [p.approvals for p in progresses.values()],
                    "needed": [p.approvals_needed for p in progresses.values()],
                },
            )
            return
        session.execute(
            _SET_PROGRESS,
            [
                {
                    "id": decision_id,
                    "new_status": str(p.status),
                    "new_approvals": p.approvals,
                    "new_needed": p.approvals_needed,
                }
                for decision_id, p in progresses.items()
            ],
        )
