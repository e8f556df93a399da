#!/usr/bin/env bash
# One measured end-to-end case with thread CPU, for A/B comparisons of server builds (issue 7): starts a server
# from ENGINE_JAR (default: this checkout's), warms it up with the simulator, then runs the simulator again and
# prints req/s, latency and the server's CPU per request split by thread (from /proc). JFR=FILE also records a
# JFR profile of the server over the measured run. Alternate two jars back to back: on a shared machine only
# interleaved comparisons mean anything.
# Usage: benchmarks/profile-run.sh [MODE=keepalive] [KKMS=256] [DURATION=15s] [DURABILITY=sync] [WARM=10s]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-keepalive}"; KKMS="${2:-256}"; DUR="${3:-15s}"; DURA="${4:-sync}"; WARM="${5:-10s}"
"$ROOT/ofd" --help >/dev/null 2>&1 || true   # builds if needed
JAR="${ENGINE_JAR:-$ROOT/engine/target/ofd-engine-0.1.0-SNAPSHOT.jar}"
SIM="$ROOT/simulator/target/ofd-simulator-0.1.0-SNAPSHOT.jar:$ROOT/simulator/target/lib/*"
FLAGS="$(grep -v '^#' "$ROOT/engine/target/classes/ofd-jvm.args" | tr '\n' ' ')"
D="$(mktemp -d)"
# shellcheck disable=SC2086
java $FLAGS -Dofd.durability="$DURA" ${OFD_JAVA_OPTS:-} -cp "$JAR:$ROOT/engine/target/lib/*" kz.ofd.engine.launcher.Main \
    server --data "$D/data" --port 0 --http-port 0 >"$D/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$D"' EXIT
until grep -q 'ofd server listening' "$D/server.log"; do
    kill -0 "$PID" 2>/dev/null || { cat "$D/server.log" >&2; exit 1; }
    sleep 0.2
done
LINE="$(grep 'ofd server listening' "$D/server.log")"
KP="$(sed -E 's/.*kkm port ([0-9]+).*/\1/' <<<"$LINE")"
HP="$(sed -E 's/.*http port ([0-9]+).*/\1/' <<<"$LINE")"
simulate() {
    # shellcheck disable=SC2086
    java $FLAGS -cp "$SIM" kz.ofd.simulator.SimulatorMain --target "127.0.0.1:$KP" --manage "http://127.0.0.1:$HP" \
        --mode "$MODE" --kkms "$KKMS" "$@"
}
simulate --duration "$WARM" --seed 7 >"$D/warm.log" 2>&1 || true
thread_cpu() {
    for t in /proc/"$PID"/task/*; do
        stat="$(cat "$t/stat" 2>/dev/null)" || continue
        name="${stat#*(}"; name="${name%)*}"; rest="${stat##*) }"
        read -r -a f <<<"$rest"
        echo "${t##*/} ${name// /_} $((f[11] + f[12]))"
    done
}
[[ -n "${JFR:-}" ]] && jcmd "$PID" JFR.start name=run settings=profile filename="$JFR" >/dev/null
thread_cpu >"$D/cpu0"
simulate --duration "$DUR" --json "$D/s.json" >"$D/sim.log" 2>&1 || true
thread_cpu >"$D/cpu1"
[[ -n "${JFR:-}" ]] && jcmd "$PID" JFR.stop name=run >/dev/null
python3 - "$D/s.json" "$D/cpu0" "$D/cpu1" "$(getconf CLK_TCK)" "$MODE" "$KKMS" "$DURA" "$JAR" <<'PY'
import collections, json, re, sys
s = json.load(open(sys.argv[1])); lat = s["latency_ms"]; hz = int(sys.argv[4])
print(f'{sys.argv[8]}\n{sys.argv[5]} kkms={sys.argv[6]} {sys.argv[7]}: req/s={s["throughput_rps"]:.1f} p50={lat["p50"]:.2f} '
      f'p99={lat["p99"]:.2f} p99.9={lat["p99_9"]:.2f} ms errors={s["errors_total"]}')
def read(p):
    return {tid: (name, int(v)) for tid, name, v in (line.split() for line in open(p))}
a, b = read(sys.argv[2]), read(sys.argv[3]); per = collections.Counter()
for tid, (name, v) in b.items():
    per[re.sub(r'-\d+$', '-N', name)] += v - a.get(tid, (name, 0))[1]
reqs = max(s["requests"], 1); total = sum(per.values())
print(f'server CPU {total / hz:.1f} s = {1e6 * total / hz / reqs:.1f} us/request; per thread (us/request): '
      + ', '.join(f'{n} {1e6 * v / hz / reqs:.1f}' for n, v in per.most_common(8)))
PY
