#!/usr/bin/env bash
# Foundation benchmark (issue 2): cold package time, start time to the first served page, idle
# RSS after start, and load time of the IDE view for a 1,000-file workspace.
# Usage: src/bench/foundation.sh            (from the repository root; takes ~3 minutes)
# Prints a Markdown table row set for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${BENCH_PORT:-8290}
home=$(mktemp -d)
password=bench-admin-password
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$home"' EXIT

ms() { date +%s%3N; }

echo "== cold package (no target/, no node_modules/; Maven repository and npm cache warm)" >&2
rm -rf target node_modules
t0=$(ms)
./mvnw -B -q -DskipTests package >&2
package_ms=$(( $(ms) - t0 ))

echo "== start" >&2
t0=$(ms)
# The README's start command
TANDEM_HOME="$home" TANDEM_ADMIN_PASSWORD=$password PORT=$port \
  java -XX:SharedArchiveFile=target/tandem/tandem.jsa -jar target/tandem/tandem.jar >"$home/server.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://localhost:$port/login"; do
  kill -0 "$pid" 2>/dev/null || { cat "$home/server.log" >&2; exit 1; }
  sleep 0.05
done
start_ms=$(( $(ms) - t0 ))
# A start without the CDS archive would be measured as if it had one: the JVM only warns.
if grep -q 'Unable to use shared archive' "$home/server.log"; then
  grep 'shared archive' "$home/server.log" >&2
  echo "the CDS archive was not used: this is not the README's start" >&2
  exit 1
fi

sleep 10
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

awk -v p="$package_ms" -v s="$start_ms" 'BEGIN {
  printf "| cold package | %.1f s |\n| start to first served page | %.2f s |\n", p / 1000, s / 1000 }'
printf '| idle RSS 10 s after start | %d MB |\n' $(( rss_kb / 1024 ))

echo "== IDE view with 1,000 files" >&2
# Playwright drives Debian's Chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
./mvnw -B -q -P'!production' test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.tandem.bench.IdeLoadBenchmark \
  -Dexec.args="http://localhost:$port admin $password 1000"
