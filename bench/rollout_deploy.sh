#!/usr/bin/env bash
# The deploy target of the rollout benchmark (bench/rollout.py), shared by both sides: the
# scripted pipeline (bench/rollout_baseline.sh) and shipgate's `target.exec` commands.
#
# Usage: rollout_deploy.sh start|promote|stop VERSION
#
#   start    start a fresh `shipgate-demo` as the canary on CANARY_ADDR, reporting VERSION,
#            failing CANARY_ERROR_RATE of its requests; waits until it is ready. A canary
#            already running is replaced (running it twice does what running it once does).
#   promote  nothing to do in the benchmark: it measures the canary phase, and the stable
#            servers keep serving the stable version afterwards.
#   stop     stop the canary (nothing to do when none runs).
#
# Environment (set by bench/rollout.py): SHIPGATE_DEMO, CANARY_ADDR, CANARY_ERROR_RATE,
# CANARY_SEED, STATE_DIR (pid file and logs).
set -euo pipefail

action=${1:?usage: rollout_deploy.sh start|promote|stop VERSION}
version=${2:?usage: rollout_deploy.sh start|promote|stop VERSION}
pid_file="$STATE_DIR/canary.pid"

stop_canary() {
    [ -f "$pid_file" ] || return 0
    local pid
    pid=$(cat "$pid_file")
    if kill -TERM "$pid" 2>/dev/null; then
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
}

case "$action" in
start)
    stop_canary
    # a session of its own: the rollout stops whatever a command leaves in its process group
    setsid "$SHIPGATE_DEMO" --listen "$CANARY_ADDR" --version "$version" \
        --error-rate "$CANARY_ERROR_RATE" --seed "${CANARY_SEED:-1}" \
        </dev/null >>"$STATE_DIR/canary.log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 100); do
        if curl -fs -o /dev/null "http://$CANARY_ADDR/health/ready"; then
            echo "canary $version up on $CANARY_ADDR"
            exit 0
        fi
        sleep 0.1
    done
    echo "canary $version did not become ready on $CANARY_ADDR" >&2
    exit 1
    ;;
promote)
    echo "promote $version: nothing to do in the benchmark"
    ;;
stop)
    stop_canary
    echo "canary $version stopped"
    ;;
*)
    echo "unknown action: $action" >&2
    exit 2
    ;;
esac
