# syntax=docker/dockerfile:1
#
# One image for the three Taawun services (intake, grants, reporting).
# The service is picked by the command:  taawun serve intake|grants|reporting
#
#   docker build -t ghcr.io/taawun/taawun:0.1.0 .
#
# No secrets are baked in: TAAWUN_DATABASE_URL and TAAWUN_JWT_SECRET come from
# the runtime (docker compose env / Kubernetes Secrets).

# Both stages must use the same base: the venv copied below points at
# /usr/local/bin/python3.11 of this image.
ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------- build stage
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# Dependencies first, in their own layer: it only rebuilds when the lock changes.
# Every pinned package ships a manylinux wheel (psycopg[binary] bundles libpq),
# so no compiler or -dev packages are needed.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# Then the project itself, without re-resolving dependencies.
COPY pyproject.toml ./
COPY taawun/ taawun/
COPY shared/ shared/
COPY services/ services/
# Fail the build early if the console script did not get installed (does not
# import the app, so it needs no settings).
RUN pip install --no-deps . \
 && test -x /opt/venv/bin/taawun

# -------------------------------------------------------------- runtime stage
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="taawun" \
      org.opencontainers.image.description="Taawun case management services (intake, grants, reporting)" \
      org.opencontainers.image.version="0.1.0"

# Fixed, numeric, non-root UID/GID (> 10000 so it never collides with a host
# user). Numeric USER lets Kubernetes verify runAsNonRoot without a passwd lookup.
RUN groupadd --system --gid 10001 taawun \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /home/taawun \
            --shell /usr/sbin/nologin taawun

COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TAAWUN_HTTP_HOST=0.0.0.0 \
    TAAWUN_HTTP_PORT=8000 \
    TAAWUN_LOG_JSON=true

WORKDIR /home/taawun
USER 10001:10001

EXPOSE 8000

# Liveness only (process up). Readiness (/health/ready: DB + Kafka) is checked by
# the orchestrator: docker compose healthchecks and Kubernetes readinessProbe.
# urlopen raises on connection errors and non-2xx answers -> exit code 1.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=4)"]

ENTRYPOINT ["taawun"]
# No default service on purpose: compose / Kubernetes always pass
# `serve intake`, `serve grants` or `serve reporting`.
CMD ["--help"]
