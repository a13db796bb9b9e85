#!/usr/bin/env bash
# Live-collaboration benchmark (issue 4): real Yjs clients in Node.js against Tandem and against
# Hocuspocus 4 (in memory), same machine, same run. Tandem is measured twice: through its single port
# (`tandem`: the IDE server passes the sockets on) and at the document server's direct listener
# (`tandem-direct`: as behind a reverse proxy that routes /collab/ there, tandem.collab.direct-listen).
# Prints JSON lines: each round, then per load the pooled rounds of each server and the goals' ratios.
# Needs the jar: ./mvnw -B -DskipTests package   Usage: src/bench/collab.sh [seconds-per-round] (10)
# Each load runs BENCH_ROUNDS rounds per server (6), alternating; the rounds' latencies are pooled, and a
# last line per load and Tandem server gives the ratios Tandem / Hocuspocus of pooled p99 and of RSS.
# Many short rounds rather than a few long ones: this shared machine's speed swings over minutes (p50
# doubles), and a pooled p99 of three 20 s rounds followed whichever server drew the slowest minutes.
# Options (environment): BENCH_LOADS (JSON list of [clients, rooms, edits/s]), BENCH_JAVA_OPTS,
# BENCH_JAR (another jar, for A/B runs; default target/tandem/tandem.jar, started as the README starts it), BENCH_WORKERS (client threads, 2),
# BENCH_SERVERS (e.g. '["tandem"]' for profiling runs, '["tandem","hocuspocus"]' with a BENCH_JAR from before the direct listener), BENCH_WARMUP_LOAD ([clients, rooms, edits/s],
# default [20,4,10]) and BENCH_WARMUP_SECONDS (10): the unmeasured load each server runs first; BENCH_DUMP (a path
# prefix: every measured delivery's send time and latency to <prefix>-<server>-<clients>.txt, for setting slow
# deliveries against a server's log of its pauses).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_ROUND=${1:-10}
PORT=${BENCH_PORT:-18188}
HP_PORT=${BENCH_HOCUSPOCUS_PORT:-18189}
DIRECT_PORT=${BENCH_DIRECT_PORT:-18190}
HOME_DIR=$(mktemp -d /tmp/tandem-collab-bench.XXXXXX)
PASSWORD=bench-admin-pass
[ -d src/test/js/node_modules ] || npm ci --prefix src/test/js --no-audit --no-fund

TANDEM_HOME=$HOME_DIR TANDEM_ADMIN_PASSWORD=$PASSWORD PORT=$PORT \
  java -Xmx512m ${BENCH_JAVA_OPTS:-} -XX:SharedArchiveFile=target/tandem/tandem.jsa -jar ${BENCH_JAR:-target/tandem/tandem.jar} \
  --tandem.collab.direct-listen=127.0.0.1:$DIRECT_PORT > "$HOME_DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill -9 $SERVER 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 0.5
done

API="http://127.0.0.1:$PORT/api/v1"
TOKEN=$(curl -fs -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$API/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
WS=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$API/workspaces" | sed 's/.*"id":\([0-9]*\).*/\1/')
curl -fs -X PUT -H "Authorization: Bearer $TOKEN" --data-binary '' "$API/workspaces/$WS/files/bench/start.txt" > /dev/null
# The documents live in the document server. With direct-listen it starts with the IDE server; a BENCH_JAR
# from before that starts it on first use, which one socket request makes. Its RSS and CPU are the
# collaboration server's; the IDE server's are reported apart.
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/collab/$WS/bench%2Fstart.txt" || true
DOCS=""
for _ in $(seq 1 120); do
  DOCS=$(pgrep -P "$SERVER" -f dev.tandem.collab.DocumentServer || true)
  [ -n "$DOCS" ] && break
  sleep 0.5
done
[ -n "$DOCS" ] || { echo "the document server did not start" >&2; exit 1; }

node src/test/js/collab-bench.mjs "{\"tandem\":{\"base\":\"ws://127.0.0.1:$PORT/collab/$WS\",\"directBase\":\"ws://127.0.0.1:$DIRECT_PORT/collab/$WS\",\"api\":\"$API\",\"token\":\"$TOKEN\",\"workspace\":$WS,\"pid\":$DOCS,\"frontPid\":$SERVER},
  \"hocuspocusPort\":$HP_PORT,\"seconds\":$SECONDS_PER_ROUND,\"rounds\":${BENCH_ROUNDS:-6},\"dump\":\"${BENCH_DUMP:-}\",\"workers\":${BENCH_WORKERS:-2},\"servers\":${BENCH_SERVERS:-null},\"warmupLoad\":${BENCH_WARMUP_LOAD:-null},\"warmupSeconds\":${BENCH_WARMUP_SECONDS:-10},\"loads\":${BENCH_LOADS:-[[2,1,20],[50,10,10],[200,50,5]]}}"
