#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the store tests (`start`), or removes it
# (`stop`). `start` prints the connection URL on its last line. The cluster is named after this
# process tree so parallel CI runs on one machine do not collide; it trusts local connections only.
set -euo pipefail
name="${CI_PG_CLUSTER:-rehearse_ci}"
case "${1:-}" in
  start)
    if ! command -v pg_createcluster >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    pg_dropcluster 15 "$name" --stop >/dev/null 2>&1 || true
    # a free port: ask the kernel for one
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    pg_createcluster 15 "$name" -p "$port" --start -- -A trust >/dev/null
    echo "postgres://postgres@127.0.0.1:${port}/postgres"
    ;;
  stop)
    pg_dropcluster 15 "$name" --stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
