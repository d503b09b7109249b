"""Territory reference data: anyone signed in reads it, admins add communes."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.territory import (
    Commune,
    CommuneKind,
    Province,
    ProvinceKind,
    Region,
)
from services.intake.interfaces.http.access import Admin, Reader
from services.intake.interfaces.http.dependencies import Reference

router = APIRouter(prefix="/reference", tags=["reference data"])


class RegionView(BaseModel):
    code: str
    name_lat: str
    name_ar: str


class ProvinceView(BaseModel):
    code: str
    name_lat: str
    name_ar: str
    kind: ProvinceKind
    region_code: str


class CommuneView(BaseModel):
    code: str
    name_lat: str
    name_ar: str
    kind: CommuneKind
    province_code: str


class NewCommune(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(max_length=16, examples=["LAR-021"], description="<PROVINCE>-<3 digits>")
    province_code: str = Field(max_length=8, examples=["LAR"])
    name_lat: str = Field(max_length=200, examples=["Khemis Sahel"])
    name_ar: str = Field(max_length=200, examples=["خميس الساحل"])
    kind: CommuneKind
    reason: str | None = Field(default=None, max_length=500)


def _region_view(r: Region) -> RegionView:
    return RegionView(code=r.code, name_lat=r.name_lat, name_ar=r.name_ar)


def _province_view(p: Province) -> ProvinceView:
    return ProvinceView(
        code=p.code, name_lat=p.name_lat, name_ar=p.name_ar, kind=p.kind, region_code=p.region_code
    )


def _commune_view(c: Commune) -> CommuneView:
    return CommuneView(
        code=c.code,
        name_lat=c.name_lat,
        name_ar=c.name_ar,
        kind=c.kind,
        province_code=c.province_code,
    )


@router.get("/regions", response_model=list[RegionView])
def regions(_: Reader, reference: Reference) -> list[RegionView]:
    return [_region_view(r) for r in reference.territory().regions()]


@router.get("/provinces", response_model=list[ProvinceView], responses={404: {}})
def provinces(_: Reader, reference: Reference, region: str | None = None) -> list[ProvinceView]:
    territory = reference.territory()
    if region is not None and territory.region(region) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such region")
    return [_province_view(p) for p in territory.provinces(region)]


@router.get("/provinces/{code}/communes", response_model=list[CommuneView])
def communes(code: str, _: Reader, reference: Reference) -> list[CommuneView]:
    territory = reference.territory()
    if not territory.knows_province(code):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such province")
    return [_commune_view(c) for c in territory.communes(code)]


@router.post("/communes", status_code=status.HTTP_201_CREATED, response_model=CommuneView)
def add_commune(body: NewCommune, principal: Admin, reference: Reference) -> CommuneView:
    reference.add_commune(**body.model_dump(), actor=principal.subject)
    added = reference.territory().commune(body.code)
    assert added is not None
    return _commune_view(added)
