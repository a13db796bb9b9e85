#!/usr/bin/env bash
# Build service benchmark (issue 7). Not a test: run it by hand and record the output in
# docs/BENCHMARKS.md under "Build service (issue 7)".
#
#   ./mvnw -B -DskipTests package && src/bench/build.sh
#
# 1. Wall time of building the java-maven template through Tandem (queued -> ended, as the server
#    records it) against the same buildspec commands run directly in a shell, both with a warm
#    Maven cache (the same Maven, each with a local repository filled by its own warm-up run),
#    interleaved with alternating order, ROUNDS times; the ratio of the medians.
# 2. Log latency: a build prints a timestamp every 10 ms; a client following the log over HTTP
#    measures when each line arrives (p50, p99).
# 3. A 500 MB log through a server with a 256 MB heap while a client follows it.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/tandem.jar}
PORT=${PORT:-8187}
ROUNDS=${ROUNDS:-5}
HEAP=${HEAP:-256m}
LOG_MB=${LOG_MB:-500}
ADMIN_PASSWORD=bench-admin-pass-1
DATA=$(mktemp -d /tmp/tandem-bench-XXXXXX)
chmod 755 "$DATA"
BASE="http://localhost:$PORT"

TANDEM_HOME="$DATA" TANDEM_ADMIN_PASSWORD="$ADMIN_PASSWORD" PORT="$PORT" \
  java "-Xmx$HEAP" -jar "$JAR" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  curl -fsS "$BASE/actuator/health" > /dev/null 2>&1 && break
  sleep 0.5
done

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
TOKEN=$(curl -fsS -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "$BASE/api/v1/tokens" | json 'd["token"]')
AUTH="Authorization: Bearer $TOKEN"
api() { curl -fsS -H "$AUTH" -H 'Content-Type: application/json' "$@"; }

# Starts a build; waits for its end; prints "status seconds id" (queued -> ended, as the server records
# it). It waits by following the log (one idle connection) rather than polling: a poll loop of curl and
# python every 100 ms would take CPU from the build it measures.
build() {
  local ws=$1 body=${2:-'{}'} id
  id=$(api -d "$body" "$BASE/api/v1/workspaces/$ws/builds" | json 'd["id"]')
  curl -fsS -N -H "$AUTH" "$BASE/api/v1/builds/$id/log?follow=true" > /dev/null
  api "$BASE/api/v1/builds/$id" | json '"%s %.2f %d" % (d["status"], (__import__("datetime").datetime.fromisoformat(d["endedAt"].replace("Z","+00:00")) - __import__("datetime").datetime.fromisoformat(d["queuedAt"].replace("Z","+00:00"))).total_seconds(), d["id"])'
}

# The phases of a build with their durations, on one line.
phases() {
  api "$BASE/api/v1/builds/$1" | json '" ".join("%s %.2fs" % (p["name"], (p.get("durationMillis") or 0) / 1000) for p in d["phases"])'
}

echo "== Build service benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr)"

# --- 1. java-maven through Tandem vs directly ---
WS=$(api -d '{"name":"bench-java","template":"java-maven"}' "$BASE/api/v1/workspaces" | json 'd["id"]')
DIRECT=$(mktemp -d /tmp/tandem-bench-direct-XXXXXX)
cp -r workspace-templates/java-maven "$DIRECT/src"
mkdir -p "$DIRECT/home"
direct() {
  ( cd "$DIRECT/src" && export HOME="$DIRECT/home" MAVEN_OPTS="-Duser.home=$DIRECT/home" && set -e
    java -version; mvn -v; mvn -B -ntp clean; mvn -B -ntp verify; java -jar target/demo-0.0.1-SNAPSHOT.jar Tandem ) > "$DIRECT/last.log" 2>&1
}
echo "warming up (fills Tandem's build cache and the shell's ~/.m2)..."
read -r status secs id < <(build "$WS")
echo "  warm-up build: $status ${secs}s"
direct
tandem_times=(); direct_times=()
shell_round() {
  local start end
  start=$(date +%s.%N); direct; end=$(date +%s.%N)
  direct_times+=("$(python3 -c "print('%.2f' % ($end - $start))")")
}
for round in $(seq 1 "$ROUNDS"); do
  # alternate which goes first, so neither always runs right after the other's disk and JIT work
  (( round % 2 == 0 )) && shell_round
  read -r status secs id < <(build "$WS")
  [[ $status == SUCCEEDED ]] || { echo "build $id: $status"; exit 1; }
  tandem_times+=("$secs")
  (( round % 2 == 1 )) && shell_round
  echo "  round $round: tandem ${tandem_times[-1]}s, shell ${direct_times[-1]}s"
  echo "    phases: $(phases "$id")"
done
python3 - "${tandem_times[*]}" "${direct_times[*]}" <<'PY'
import statistics, sys
t = [float(x) for x in sys.argv[1].split()]
d = [float(x) for x in sys.argv[2].split()]
print("java-maven wall time: tandem median %.2fs, shell median %.2fs, ratio %.3f (goal <= 1.05)"
      % (statistics.median(t), statistics.median(d), statistics.median(t) / statistics.median(d)))
print("  median of the per-round ratios (each round's pair ran back to back): %.3f"
      % statistics.median([a / b for a, b in zip(t, d)]))
PY

# --- 2. log latency ---
LWS=$(api -d '{"name":"bench-latency"}' "$BASE/api/v1/workspaces" | json 'd["id"]')
# The build waits 3 s before its first line, so that the client below is connected and waiting: the
# goal is the delay to a connected client, not the client's own start (python and urllib take a few
# hundred milliseconds to start on a loaded machine; lines printed before it connects are a backlog).
SPEC=$'version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 3\n      - |\n        python3 -c \'\n        import time\n        for i in range(1000):\n            print("tick", time.time_ns(), flush=True)\n            time.sleep(0.01)\n        \'\n'
ID=$(api -d "$(python3 -c 'import json,sys; print(json.dumps({"buildspecOverride": sys.argv[1]}))' "$SPEC")" \
  "$BASE/api/v1/workspaces/$LWS/builds" | json 'd["id"]')
python3 - "$BASE/api/v1/builds/$ID/log?follow=true" "$TOKEN" <<'PY'
import sys, time, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
delays = []
with urllib.request.urlopen(req) as r:
    for line in r:
        parts = line.split()
        if len(parts) == 2 and parts[0] == b"tick":
            delays.append((time.time_ns() - int(parts[1])) / 1e6)
def report(label, values):
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    print("log latency over %s (%d lines): p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 <= 100 ms)"
          % (label, len(ordered), pick(0.5), pick(0.99), ordered[-1]))
report("all lines", delays)
# The first lines also meet a cold server path (the JIT has not compiled it yet).
report("lines 101-1000, after warm-up", delays[100:])
worst = sorted(range(len(delays)), key=lambda i: -delays[i])[:10]
print("  the 10 slowest lines (index: ms): " + ", ".join("%d: %.0f" % (i, delays[i]) for i in sorted(worst)))
PY

# --- 3. a 500 MB log with a bounded heap ---
BWS=$(api -d '{"name":"bench-biglog"}' "$BASE/api/v1/workspaces" | json 'd["id"]')
SPEC="version: 0.2
phases:
  build:
    commands:
      - yes 'a line of build output, about eighty characters long, repeated for the log test' | head -c $((LOG_MB * 1024 * 1024))"
start=$(date +%s.%N)
ID=$(api -d "$(python3 -c 'import json,sys; print(json.dumps({"buildspecOverride": sys.argv[1]}))' "$SPEC")" \
  "$BASE/api/v1/workspaces/$BWS/builds" | json 'd["id"]')
RECEIVED=$(curl -fsS -H "$AUTH" "$BASE/api/v1/builds/$ID/log?follow=true" | wc -c)
end=$(date +%s.%N)
STATUS=$(api "$BASE/api/v1/builds/$ID" | json 'd["status"]')
HWM=$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$SERVER/status)
HEAPINFO=$(jcmd $SERVER GC.heap_info 2>/dev/null | grep -m1 -iE 'total|heap' | sed 's/^ *//' || true)
python3 -c "print('500 MB log: build %s, %d bytes followed in %.1fs; server -Xmx$HEAP, peak RSS $HWM; heap: $HEAPINFO' % ('$STATUS', $RECEIVED, $end - $start))"
TAIL=$(curl -fsS -o /dev/null -w '%{time_total}' -H "$AUTH" "$BASE/api/v1/builds/$ID/log?tail=65536")
echo "tail of the 500 MB log (64 KB) served in ${TAIL}s"
