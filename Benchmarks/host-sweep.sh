#!/usr/bin/env bash
# Benchmark: a full live `paicha host` sweep of a machine with ~1,000 processes holding ~10,000 TCP sockets.
#
# Starts PROCESSES `sleep` processes, each holding CONNECTIONS TCP connections to a listener on 127.0.0.1
# (a port that is not a pool port), so /proc/net/tcp has PROCESSES * CONNECTIONS * 2 rows (both ends),
# then times the sweep. Target: under 1 s for the whole sweep (including its CPU sample wait).
#
#   Benchmarks/host-sweep.sh                 # 1000 processes x 5 connections = 10,000 sockets
#   PROCESSES=200 CONNECTIONS=10 Benchmarks/host-sweep.sh
#   SCRATCH=/work/.build-x CONFIGURATION=release Benchmarks/host-sweep.sh
#   Benchmarks/host-sweep.sh --hold          # only start the load and keep it until interrupted
#
# It uses `paicha host -f json` when the built CLI has that command; until then it runs the
# environment-gated benchmark test (LiveSweepTests/benchmark), which sweeps three times and prints timings.
# Everything it starts is stopped on exit. Nothing on the host is changed.
set -euo pipefail

PROCESSES=${PROCESSES:-1000}
CONNECTIONS=${CONNECTIONS:-5}
CONFIGURATION=${CONFIGURATION:-release}
PACKAGE=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-$PACKAGE/.build}

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ready=$(mktemp)
python3 - "$PROCESSES" "$CONNECTIONS" "$ready" <<'PY' &
import os, signal, socket, sys, threading, time
processes, connections, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pool_ports = {3333, 3334, 3336, 3357, 1800, 4444, 5555, 7777, 8888, 9999, 9000, 9050, 10343, 14433, 14444,
              45700, 45560, 20535, 20580, 2142, 34254}
while True:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    if listener.getsockname()[1] not in pool_ports:
        break
    listener.close()
listener.listen(4096)
port = listener.getsockname()[1]
accepted = []
def accept_all():
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        accepted.append(connection)
threading.Thread(target=accept_all, daemon=True).start()
children = []
def stop(*_):
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    os._exit(0)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
for _ in range(processes):
    pid = os.fork()
    if pid == 0:
        held = []
        for _ in range(connections):
            s = socket.create_connection(("127.0.0.1", port))
            s.set_inheritable(True)
            held.append(s)
        os.execv("/bin/sleep", ["sleep", "3600"])
    children.append(pid)
deadline = time.time() + 60
while len(accepted) < processes * connections and time.time() < deadline:
    time.sleep(0.05)
with open(ready, "w") as f:
    f.write(f"{len(children)} processes, {len(accepted)} connections accepted on 127.0.0.1:{port}\n")
while True:
    time.sleep(1)
PY
helper=$!
cleanup() {
    kill -TERM "$helper" 2>/dev/null || true
    wait "$helper" 2>/dev/null || true
    rm -f "$ready"
}
trap cleanup EXIT
trap "exit 130" INT TERM

for _ in $(seq 1 1200); do
    [ -s "$ready" ] && break
    sleep 0.1
done
[ -s "$ready" ] || { echo "the helper did not get ready" >&2; exit 1; }
echo "load: $(cat "$ready")"
echo "machine: $(ls /proc | grep -c '^[0-9]') processes, $(($(wc -l < /proc/net/tcp) - 1)) tcp rows, $(($(wc -l < /proc/net/tcp6) - 1)) tcp6 rows"

if [ "${1:-}" = "--hold" ]; then
    echo "holding the load until interrupted (for profiling)"
    while true; do sleep 1; done
fi

swift build -c "$CONFIGURATION" --package-path "$PACKAGE" --scratch-path "$SCRATCH" --product paicha >/dev/null
paicha=$SCRATCH/$CONFIGURATION/paicha
if [ -x "$paicha" ] && "$paicha" --help 2>&1 | grep -qE "^ +host( |$)"; then
    for round in 1 2 3; do
        start=$(date +%s.%N)
        /usr/bin/time -f "  (user %U s, sys %S s, max RSS %M KB)" "$paicha" host -f json >/dev/null
        end=$(date +%s.%N)
        echo "paicha host round $round: $(echo "$end - $start" | bc) s"
    done
else
    echo "(no 'paicha host' command yet: running the benchmark test, $CONFIGURATION build)"
    extra=()
    [ "$CONFIGURATION" = release ] && extra=(-c release -Xswiftc -enable-testing)
    cd "$PACKAGE"
    PAICHA_HOST_BENCHMARK=1 swift test --scratch-path "$SCRATCH" "${extra[@]}" \
        --filter 'LiveSweepTests/benchmark' 2>&1 | grep -E 'host-sweep|error|failed' || true
fi
