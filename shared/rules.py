"""Business rules as small classes named as sentences; aggregates check them before acting."""

from __future__ import annotations

from abc import ABC, abstractmethod


class BusinessRuleBroken(ValueError):
    def __init__(self, rule: BusinessRule) -> None:
        super().__init__(rule.message)
        self.rule = rule
        self.field = rule.field
        self.conflict = rule.conflict


class BusinessRule(ABC):
    message: str = "business rule broken"
    field: str | None = None
    # True when a well-formed request is refused because of the record's state (not enough
    # money left, already done): HTTP answers 409 rather than 422.
    conflict: bool = False

    @abstractmethod
    def is_broken(self) -> bool: ...


def check(*rules: BusinessRule) -> None:
    for rule in rules:
        if rule.is_broken():
            raise BusinessRuleBroken(rule)
