#!/usr/bin/env bash
# Measures the dev runtime: time from JVM start to READY (as logged by the runtime, which reads
# the JVM's own uptime) and resident memory (VmRSS) once READY and after 10 s of idle.
# Usage: docs/bench/boot-ready.sh [runs]   (build first: mvn -B -DskipTests install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$root/runtime-assembly/dev/target/ccl-dev
runs=${1:-5}
port=${CCL_PORT:-18080}
printf 'run\tready_ms\trss_ready_mb\trss_idle_mb\n'
for i in $(seq 1 "$runs"); do
  rm -rf "$dist/data/felix-cache"
  log=$(mktemp)
  CCL_PORT=$port CCL_SHELL_PORT=$((port + 1)) CCL_CONSOLE=0 "$dist/bin/ccl-runtime" < /dev/null > "$log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 300); do
    ready=$(grep -o 'READY .* \([0-9]*\) ms after JVM start' "$log" | grep -o '[0-9]* ms' | head -1 | cut -d' ' -f1 || true)
    [ -n "$ready" ] && break
    sleep 0.1
  done
  rss_ready=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  sleep 10
  rss_idle=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  printf '%s\t%s\t%s\t%s\n' "$i" "${ready:-timeout}" "$rss_ready" "$rss_idle"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$log"
done
