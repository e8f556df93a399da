#!/usr/bin/env bash
# First-cut end-to-end measurement: one server (async durability, fresh data directory) and the simulator
# on the same machine, closed loop, each case DURATION seconds, REPS repetitions; prints one line per run. It keeps
# the first cut's document mix (--mix basic) so its figures stay comparable; ./ofd bench is the full measurement.
# Usage: benchmarks/e2e-simulate.sh [DURATION=20] [REPS=3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-20}"
REPS="${2:-3}"
OUT="$(mktemp -d)"
"$ROOT/ofd" --help >/dev/null 2>&1 || true   # builds if needed
"$ROOT/ofd" server --data "$OUT/data" --port 0 --http-port 0 >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
until grep -q 'ofd server listening' "$OUT/server.log"; do
    kill -0 "$PID" 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
    sleep 0.1
done
LINE="$(grep 'ofd server listening' "$OUT/server.log")"
KKM_PORT="$(sed -E 's/.*kkm port ([0-9]+).*/\1/' <<<"$LINE")"
HTTP_PORT="$(sed -E 's/.*http port ([0-9]+).*/\1/' <<<"$LINE")"
echo "$LINE"
for rep in $(seq "$REPS"); do
    for c in "keepalive 16" "keepalive 256" "per-request 16" "per-request 256"; do
        set -- $c
        json="$OUT/$1-$2-$rep.json"
        log="$OUT/$1-$2-$rep.log"
        "$ROOT/ofd" simulate --target "127.0.0.1:$KKM_PORT" --manage "http://127.0.0.1:$HTTP_PORT" \
            --mode "$1" --kkms "$2" --mix basic --duration "${DURATION}s" --seed "$rep$2" --json "$json" >"$log" 2>&1 || true
        if [[ ! -f "$json" ]]; then
            echo "$1 kkms=$2 rep=$rep: no summary; simulator output:"; tail -20 "$log"; continue
        fi
        python3 - "$json" "$1" "$2" "$rep" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
l = s["latency_ms"]
print(f'{sys.argv[2]:<12} kkms={sys.argv[3]:<4} rep={sys.argv[4]} req/s={s["throughput_rps"]:>9.1f} '
      f'p50={l["p50"]:.3f} p99={l["p99"]:.3f} p99.9={l["p99_9"]:.3f} max={l["max"]:.3f} ms '
      f'errors={s["errors_total"]} requests={s["requests"]}')
PY
    done
done
