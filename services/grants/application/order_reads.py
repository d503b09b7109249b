"""Orders and reconciliation exceptions as people read and resolve them.

Lists walk the records created so far (orders by their Issued events) and filter them: fine
for the demo's thousands; a projection table is the step after this one for the surge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from services.grants.application.disbursement_ports import DisbursementRecords
from services.grants.application.disbursements import NoOrder, Order
from services.grants.domain.actors import Actor
from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.order import PaymentOrder
from services.grants.domain.statement_records import StatementException

PAGE = 1000
Found = TypeVar("Found", bound=Aggregate)


class NoStatementException(LookupError):
    pass


@dataclass(frozen=True)
class OrderFilter:
    programme_id: UUID | None = None
    cycle: str | None = None
    provinces: frozenset[str] | None = None  # None: every province
    status: str | None = None

    def admits(self, order: Order) -> bool:
        return (
            (self.programme_id is None or order.programme_id == self.programme_id)
            and (self.cycle is None or order.cycle == self.cycle)
            and (self.provinces is None or order.province_code in self.provinces)
            and (self.status is None or order.status == self.status)
        )


class OrderReads:
    def __init__(self, records: DisbursementRecords) -> None:
        self._records = records

    def order(self, order_id: UUID) -> Order:
        found = self._records.get(order_id)
        if not isinstance(found, PaymentOrder | DeliveryOrder):
            raise NoOrder(order_id)
        return found

    def history(self, record_id: UUID) -> list[Aggregate.Event]:
        return list(self._records.history(record_id))

    def orders(self, where: OrderFilter, *, limit: int, offset: int) -> tuple[list[Order], int]:
        found = [
            o
            for o in self._all(self.order, PaymentOrder.Issued, DeliveryOrder.Issued)
            if where.admits(o)
        ]
        return found[offset : offset + limit], len(found)

    def exception(self, exception_id: UUID) -> StatementException:
        found = self._records.get(exception_id)
        if not isinstance(found, StatementException):
            raise NoStatementException(exception_id)
        return found

    def exceptions(
        self, *, status: str | None, provinces: frozenset[str] | None, limit: int, offset: int
    ) -> tuple[list[StatementException], int]:
        found = [
            e
            for e in self._all(self.exception, StatementException.Raised)
            if (status is None or e.status == status)
            and (provinces is None or e.province_code is None or e.province_code in provinces)
        ]
        return found[offset : offset + limit], len(found)

    def resolve(self, exception_id: UUID, actor: Actor, *, reason: str) -> StatementException:
        found = self.exception(exception_id)
        found.resolve(actor, reason=reason)
        self._records.save(found)
        return found

    def _all(
        self, load: Callable[[UUID], Found], *kinds: type[Aggregate.Created]
    ) -> Iterator[Found]:
        after = 0
        while page := self._records.created(*kinds, after=after, limit=PAGE):
            for position, record_id in page:
                after = position
                yield load(record_id)
