-- Run once by the postgres:15 entrypoint, on an empty data volume only
-- (docker compose down -v to re-run). One database per service: each service
-- owns its event store, outbox and read models, and never reads another's.
-- Local development only: production databases are created by CloudNativePG
-- (deploy/k8s/platform/postgres.yaml), each with its own role.
CREATE DATABASE taawun_intake OWNER taawun;
CREATE DATABASE taawun_grants OWNER taawun;
CREATE DATABASE taawun_reporting OWNER taawun;
