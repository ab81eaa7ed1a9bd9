#!/usr/bin/env bash
# Measurements for issue 13, findings 8 and 9, against a real `istiod-net serve` on loopback.
#   measure-input-limits.sh alias DLL PORT_BASE            RSS peak and /debug/configz size with an alias-amplified file
#   measure-input-limits.sh push  DLL PORT_BASE N [TIMEOUT] seconds from adding N ServiceEntries to the push context built
# PORT_BASE..PORT_BASE+3 are used (xDS, secure, monitoring, webhook).
set -euo pipefail
mode=$1 dll=$2 base=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/config"

start() {
  dotnet "$dll" serve --config-dir "$work/config" --bind 127.0.0.1 --xds-port "$base" --secure-port $((base + 1)) \
    --monitoring-port $((base + 2)) --webhook-port $((base + 3)) --debounce-after-ms 100 >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$((base + 2))/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not become ready"; cat "$work/log"; exit 1
}

case $mode in
alias)
  python3 "$here/gen-alias-amplification.py" "$work/config/amplified.yaml" "${4:-1048576}" "${5:-500}"
  echo "file: $(stat -c %s "$work/config/amplified.yaml") bytes"
  start
  for _ in $(seq 1 300); do grep -q "Push context\|amplified.yaml.*\(invalid\|unreadable\|rejected\)" "$work/log" && break; sleep 0.2; done; sleep 1
  size=$(curl -s "http://127.0.0.1:$((base + 2))/debug/configz" | wc -c)
  echo "configz: $size bytes"
  grep -m1 "VmHWM" /proc/$pid/status
  grep -m1 "VmRSS" /proc/$pid/status
  cut -c1-400 "$work/log" | grep -v "^\s*$" | tail -5
  ;;
push)
  n=$4 timeout=${5:-600}
  python3 "$here/gen-service-entries.py" "$work/entries.yaml" "$n"
  start
  t0=$(date +%s.%N)
  mv "$work/entries.yaml" "$work/config/entries.yaml"
  for _ in $(seq 1 $((timeout * 10))); do
    if grep -q "built from config version .*: $n services" "$work/log"; then
      t1=$(date +%s.%N)
      echo "N=$n: push context with $n services $(echo "$t1 - $t0" | bc) s after the file appeared"
      # The part after parsing: from the store's new version to the push context built on it (change detection, registry).
      grep -E "Config version 1:|Push context 2 built" "$work/log" | awk '{ split($1, t, ":"); s[NR] = t[1] * 3600 + t[2] * 60 + t[3] }
        END { printf "  config version 1 -> push context 2: %.3f s\n", s[2] - s[1] }'
      exit 0
    fi
    sleep 0.1
  done
  echo "N=$n: no push context within ${timeout}s"
  ;;
esac
