"""Intake's HTTP interface: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.http.beneficiaries import router as beneficiaries

ROUTERS: list[APIRouter] = [beneficiaries]
