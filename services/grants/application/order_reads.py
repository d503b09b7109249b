"""Orders and reconciliation exceptions as people read and resolve them.

Lists are filtered and paged by the order index (kept with the events); only the page's
records are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.disbursement_ports import DisbursementRecords
from services.grants.application.disbursements import NoOrder, Order
from services.grants.application.ports import OrderIndex
from services.grants.domain.actors import Actor
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.order import PaymentOrder
from services.grants.domain.statement_records import StatementException


class NoStatementException(LookupError):
    pass


@dataclass(frozen=True)
class OrderFilter:
    programme_id: UUID | None = None
    cycle: str | None = None
    provinces: frozenset[str] | None = None  # None: every province
    status: str | None = None


class OrderReads:
    def __init__(self, records: DisbursementRecords, index: OrderIndex) -> None:
        self._records = records
        self._index = index

    def order(self, order_id: UUID, *, as_of: datetime | None = None) -> Order:
        found = self._records.get(order_id, as_of=as_of)
        if not isinstance(found, PaymentOrder | DeliveryOrder):
            raise NoOrder(order_id)
        return found

    def history(self, record_id: UUID) -> list[Aggregate.Event]:
        return list(self._records.history(record_id))

    def orders(self, where: OrderFilter, *, limit: int, offset: int) -> tuple[list[Order], int]:
        ids, total = self._index.orders(
            programme_id=where.programme_id,
            cycle=where.cycle,
            provinces=where.provinces,
            status=where.status,
            limit=limit,
            offset=offset,
        )
        found = self._records.get_many(ids)  # the page together, not one read per order
        orders: list[Order] = []
        for i in ids:
            order = found.get(i)
            if not isinstance(order, PaymentOrder | DeliveryOrder):
                raise NoOrder(i)
            orders.append(order)
        return orders, total

    def exception(self, exception_id: UUID, *, as_of: datetime | None = None) -> StatementException:
        found = self._records.get(exception_id, as_of=as_of)
        if not isinstance(found, StatementException):
            raise NoStatementException(exception_id)
        return found

    def exceptions(
        self, *, status: str | None, provinces: frozenset[str] | None, limit: int, offset: int
    ) -> tuple[list[StatementException], int]:
        ids, total = self._index.exceptions(
            status=status, provinces=provinces, limit=limit, offset=offset
        )
        found = self._records.get_many(ids)
        exceptions: list[StatementException] = []
        for i in ids:
            exception = found.get(i)
            if not isinstance(exception, StatementException):
                raise NoStatementException(i)
            exceptions.append(exception)
        return exceptions, total

    def resolve(self, exception_id: UUID, actor: Actor, *, reason: str) -> StatementException:
        found = self.exception(exception_id)
        found.resolve(actor, reason=reason)
        self._records.save(found)
        return found
