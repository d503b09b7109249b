"""Which payment-order and delivery-order events go out, and as which integration contract."""

from __future__ import annotations

from typing import Any

from services.grants.domain.delivery_order import DeliveryOrder
from services.grants.domain.order import PaymentOrder
from shared.contracts.amounts import Amount
from shared.contracts.grants_orders import (
    ORDERS_TOPIC,
    DeliveryConfirmedV1,
    DeliveryFailedV1,
    DeliveryOrderIssuedV1,
    DeliveryRetriedV1,
    PaymentConfirmedV1,
    PaymentFailedV1,
    PaymentOrderIssuedV1,
    PaymentRetriedV1,
    PaymentReversedV1,
    PaymentSentV1,
)
from shared.messaging.publishing import KEPT_IN, Translators
from shared.messaging.relay import Publication


def _payment_order_issued(event: PaymentOrder.Issued) -> Publication:
    return Publication(
        ORDERS_TOPIC,
        PaymentOrderIssuedV1(
            order_id=event.originator_id,
            decision_id=event.decision_id,
            programme_id=event.programme_id,
            cycle=event.cycle,
            component=event.component,
            subject_id=event.subject_id,
            province_code=event.province_code,
            payment_list_id=event.payment_list_id,
            amount=Amount.of_centimes(sum(event.instalments)),
            instalments=[Amount.of_centimes(c) for c in event.instalments],
            actor=event.actor,
            reason=event.reason,
        ),
    )


def _instalment(contract: Any, event: PaymentOrder.InstalmentEvent, **fields: Any) -> Publication:
    return Publication(
        ORDERS_TOPIC,
        contract(
            order_id=event.originator_id,
            instalment=event.instalment,
            actor=event.actor,
            reason=event.reason,
            **fields,
        ),
    )


def _sent(event: PaymentOrder.Sent) -> Publication:
    return _instalment(PaymentSentV1, event, provider_reference=event.provider_reference)


def _confirmed(event: PaymentOrder.Confirmed) -> Publication:
    return _instalment(PaymentConfirmedV1, event, provider_reference=event.provider_reference)


PAYMENT_ORDER_EVENTS: Translators = {
    PaymentOrder.Issued: _payment_order_issued,
    PaymentOrder.Created: KEPT_IN,  # never stored: `__init__` is decorated with `Issued`
    PaymentOrder.Sent: _sent,
    PaymentOrder.Confirmed: _confirmed,
    PaymentOrder.Failed: lambda e: _instalment(PaymentFailedV1, e),
    PaymentOrder.Retried: lambda e: _instalment(PaymentRetriedV1, e),
    PaymentOrder.Reversed: lambda e: _instalment(PaymentReversedV1, e),
}


def _delivery_order_issued(event: DeliveryOrder.Issued) -> Publication:
    return Publication(
        ORDERS_TOPIC,
        DeliveryOrderIssuedV1(
            order_id=event.originator_id,
            decision_id=event.decision_id,
            programme_id=event.programme_id,
            cycle=event.cycle,
            component=event.component,
            subject_id=event.subject_id,
            province_code=event.province_code,
            items=list(event.items),
            actor=event.actor,
            reason=event.reason,
        ),
    )


def _delivery(contract: Any, event: DeliveryOrder.Step) -> Publication:
    return Publication(
        ORDERS_TOPIC,
        contract(order_id=event.originator_id, actor=event.actor, reason=event.reason),
    )


DELIVERY_ORDER_EVENTS: Translators = {
    DeliveryOrder.Issued: _delivery_order_issued,
    DeliveryOrder.Created: KEPT_IN,  # never stored: `__init__` is decorated with `Issued`
    DeliveryOrder.DeliveryConfirmed: lambda e: _delivery(DeliveryConfirmedV1, e),
    DeliveryOrder.DeliveryFailed: lambda e: _delivery(DeliveryFailedV1, e),
    DeliveryOrder.DeliveryRetried: lambda e: _delivery(DeliveryRetriedV1, e),
}
