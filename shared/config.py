"""Settings from environment variables (prefix TAAWUN_), one object per process."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ServiceName = Literal["intake", "grants", "reporting"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TAAWUN_", extra="ignore")

    # Where state lives. With no database URL a service uses SQLite under data_dir.
    database_url: str | None = None
    data_dir: Path = Path("var")
    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_partitions: int = Field(default=6, ge=1)
    kafka_namespace: str = ""
    # How long a consumer waits on topics with nothing new (shared/messaging/kafka.py says
    # what the defaults bought). Neither bounds a batch: under load a batch takes whatever was
    # fetched meanwhile, up to 500 records.
    kafka_fetch_max_wait_ms: int = Field(default=50, ge=1)
    kafka_batch_wait_ms: int = Field(default=10, ge=1)

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # HTTP worker processes for `taawun serve` (uvicorn workers sharing the port). With more
    # than one, the relay runs in a process of its own (`taawun relay`) unless run_relay is off.
    http_workers: int = Field(default=1, ge=1)

    jwt_secret: SecretStr = SecretStr("taawun-local-development-secret-change-me")
    jwt_issuer: str = "taawun"
    jwt_audience: str = "taawun-api"
    jwt_ttl_seconds: int = 8 * 3600

    # Encrypts intake's stored events at rest (base64 AES key); empty leaves them plain.
    intake_cipher_key: SecretStr | None = None
    # Keys the hashes that find a person by national ID without storing it (HMAC-SHA256).
    intake_lookup_secret: SecretStr = SecretStr("taawun-local-lookup-secret-change-me")
    # The SMS gateway sends it in X-Gateway-Secret with every relief claim.
    intake_sms_gateway_secret: SecretStr = SecretStr("taawun-local-sms-gateway-secret-change-me")

    # The simulated payment provider (until a bank's file exchange is configured): its share
    # of failed payments, and whether orders go through pain.001 / camt.054 files.
    simulated_failure_rate: float = Field(default=0.05, ge=0, le=1)
    simulated_provider_files: bool = True

    # Where reporting asks intake for a person's name, with the caller's own token, when a
    # screen shows one (reporting stores none).
    intake_url: str = "http://127.0.0.1:8001"
    # Where reporting's dashboard finds Chart.js (npm ci's node_modules); None: the checkout's.
    node_modules: Path | None = None

    log_level: str = "INFO"
    log_json: bool = False
    otel_exporter: Literal["none", "console"] = "none"

    # Off for HTTP replicas when one relay process per service publishes (`taawun relay`).
    run_relay: bool = True
    relay_batch_size: int = Field(default=500, ge=1)
    relay_poll_seconds: float = Field(default=0.2, gt=0)
    # On PostgreSQL the relay LISTENs for its store's commits and publishes at once; the poll
    # is then only a fallback (shared/messaging/commit_wakes.py).
    relay_listen: bool = True
    # /health/ready fails when the relay's last heartbeat is older than this, or when events
    # wait and its position has not moved for this long; the relay beats five times as often.
    relay_stall_seconds: float = Field(default=15.0, gt=0)
    # `serve` starts a dead relay process again after this, doubling while it keeps dying.
    relay_restart_seconds: float = Field(default=1.0, gt=0)

    def database_url_for(self, service: ServiceName) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / f'{service}.sqlite').resolve()}"
