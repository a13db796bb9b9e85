#!/usr/bin/env bash
# Start time A/B (issue 2): alternates the ways of starting the packaged server, each with a fresh data
# directory, and prints the time until /login answers 200 plus Spring's own "Started ... in" figure.
# Usage: src/bench/startup-ab.sh [rounds]   (after ./mvnw -B -DskipTests package, on an otherwise
# idle machine; note `uptime`). Variants:
#   plain      java -Dspring.aot.enabled=false -jar target/tandem.jar   (how the server started before AOT and CDS)
#   aot        java -jar target/tandem.jar                               (the jar switches AOT on by itself)
#   aot+cds    the README's command: extracted jar with the CDS archive built by the package step
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${1:-3}
port=${BENCH_PORT:-8291}
work=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

ms() { date +%s%3N; }

start() { # name, command...
  local name=$1; shift
  local home="$work/$name-$RANDOM"
  mkdir -p "$home"
  local t0; t0=$(ms)
  TANDEM_HOME="$home" TANDEM_ADMIN_PASSWORD=bench-admin-password PORT=$port "$@" >"$home/server.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://localhost:$port/login"; do
    kill -0 "$pid" 2>/dev/null || { cat "$home/server.log" >&2; exit 1; }
    sleep 0.05
  done
  local wall=$(( $(ms) - t0 ))
  if grep -q 'Unable to use shared archive' "$home/server.log"; then
    echo "$name: the CDS archive was not used" >&2
  fi
  local spring; spring=$(grep -o 'Started TandemApplication in [0-9.]* seconds' "$home/server.log" | grep -o '[0-9.]*' | head -1)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
  printf '| %s | %.2f s | %s s |\n' "$name" "$(echo "$wall / 1000" | bc -l)" "$spring"
}

echo "| variant | start to first served page | Spring reports |"
echo "|---|---|---|"
for _ in $(seq "$rounds"); do
  start plain java -Dspring.aot.enabled=false -jar target/tandem.jar
  start aot java -jar target/tandem.jar
  start aot+cds java -XX:SharedArchiveFile=target/tandem/tandem.jsa -jar target/tandem/tandem.jar
done
