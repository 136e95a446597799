#!/usr/bin/env bash
# Starts a throwaway Redis (Debian redis-server) on 127.0.0.1 for the queue tests (`start`), or stops it
# (`stop`, by the pid it wrote). `start` prints the URL on its last line. Nothing is persisted.
set -euo pipefail
dir="${CI_REDIS_DIR:-/tmp/rehearse-ci-redis}"
case "${1:-}" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    mkdir -p "$dir"
    if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
    for _ in $(seq 1 50); do
      if redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
      sleep 0.1
    done
    echo "redis://127.0.0.1:${port}"
    ;;
  stop)
    if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -f "$dir/redis.pid"; fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
