"""The base of every integration-event payload: a type name and a schema version."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]
