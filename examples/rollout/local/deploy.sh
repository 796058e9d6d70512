#!/usr/bin/env bash
# The exec target of the local example: starts and stops `shipgate-demo` instances the way
# a real deploy script would start and stop builds. Each action can run twice with the same
# result (a rollout resumed after its process died asks again for the action it was on).
#
#   deploy.sh start VERSION     the canary: VERSION on CANARY_ADDR (replaces what runs there)
#   deploy.sh promote VERSION   the stable server: VERSION on STABLE_ADDR (replaces it)
#   deploy.sh stop VERSION      stop the canary
#
# Environment (set by run.sh): SHIPGATE_DEMO, STABLE_ADDR, CANARY_ADDR, LOCAL_WORK.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

action=${1:?usage: deploy.sh start|promote|stop VERSION}
version=${2:?usage: deploy.sh start|promote|stop VERSION}

error_rate() {
    local rate
    rate=$(awk -v v="$1" '$1 == v { print $2 }' releases.txt)
    echo "${rate:-0}"
}

# stop the instance whose pid is in $1 (nothing when none runs)
stop_instance() {
    [ -f "$1" ] || return 0
    local pid
    pid=$(cat "$1")
    if kill -TERM "$pid" 2>/dev/null; then
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$1"
}

# start VERSION on ADDR, its pid in PID_FILE; returns once it is ready
start_instance() {
    local version=$1 addr=$2 pid_file=$3
    stop_instance "$pid_file"
    # a session of its own: shipgate stops whatever a command leaves in its process group
    setsid "$SHIPGATE_DEMO" --listen "$addr" --version "$version" \
        --error-rate "$(error_rate "$version")" \
        </dev/null >>"$LOCAL_WORK/demo-$version.log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 100); do
        if curl -fs -o /dev/null "http://$addr/health/ready"; then
            echo "$version is up on $addr"
            return 0
        fi
        sleep 0.1
    done
    echo "$version did not become ready on $addr" >&2
    return 1
}

case "$action" in
start) start_instance "$version" "$CANARY_ADDR" "$LOCAL_WORK/canary.pid" ;;
# the rollout sends all traffic to the canary before it promotes: the stable server can be
# replaced now; traffic comes back to it right after
promote) start_instance "$version" "$STABLE_ADDR" "$LOCAL_WORK/stable.pid" ;;
stop)
    stop_instance "$LOCAL_WORK/canary.pid"
    echo "canary $version stopped"
    ;;
*)
    echo "unknown action: $action" >&2
    exit 2
    ;;
esac
