#!/usr/bin/env bash
# The runnable local rollout example: nginx, Prometheus, two versions of shipgate-demo and
# steady traffic on free loopback ports, then two rollouts:
#
#   v2, a good release (no errors; v1 fails 1%): promoted;
#   v3, a bad one (20% errors, see releases.txt): rolled back, and its incident report printed.
#
# Everything it started is stopped when it ends, also on Ctrl-C or SIGTERM.
#
# Needs: nginx, prometheus (Debian packages `nginx`, `prometheus`), curl, and
#   cargo build --release -p shipgate -p shipgate-demo
# (or `shipgate` and `shipgate-demo` on PATH). KEEP=1 keeps the scratch folder.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
case "$target" in /*) ;; *) target="$repo/$target" ;; esac

find_bin() {
    if [ -x "$target/release/$1" ]; then
        echo "$target/release/$1"
    elif command -v "$1" >/dev/null; then
        command -v "$1"
    else
        echo "$1 not found: run \`cargo build --release -p shipgate -p shipgate-demo\` first" >&2
        return 1
    fi
}
SHIPGATE=$(find_bin shipgate)
SHIPGATE_DEMO=$(find_bin shipgate-demo)
NGINX=$(command -v nginx) || NGINX=/usr/sbin/nginx
[ -x "$NGINX" ] || {
    echo "nginx is not installed (Debian package nginx)" >&2
    exit 1
}
command -v prometheus >/dev/null || {
    echo "prometheus is not installed (Debian package prometheus)" >&2
    exit 1
}
command -v curl >/dev/null || {
    echo "curl is not installed" >&2
    exit 1
}

LOCAL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/shipgate-local-rollout.XXXXXX")
export SHIPGATE_DEMO NGINX LOCAL_WORK

# --- stopping everything it started, however it ends
pids=()
shipgate_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # a rollout still running rolls back on SIGTERM, then exits
    if [ -n "$shipgate_pid" ] && kill -0 "$shipgate_pid" 2>/dev/null; then
        kill -TERM "$shipgate_pid" 2>/dev/null || true
        wait "$shipgate_pid" 2>/dev/null || true
    fi
    for pid_file in "$LOCAL_WORK/canary.pid" "$LOCAL_WORK/stable.pid"; do
        if [ -f "$pid_file" ]; then
            kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
        fi
    done
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    for pid_file in "$LOCAL_WORK/canary.pid" "$LOCAL_WORK/stable.pid"; do
        if [ -f "$pid_file" ]; then
            local pid
            pid=$(cat "$pid_file")
            for _ in $(seq 1 100); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept $LOCAL_WORK" >&2
    else
        rm -rf "$LOCAL_WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n== %s\n' "$*" >&2; }

# a loopback port nothing listens on
used_ports=" "
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        case "$used_ports" in *" $port "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            used_ports+="$port "
            echo "$port"
            return
        fi
    done
}

wait_for() { # URL, what, its log, its pid: up to 120 s (a loaded CI runner starts slowly)
    for _ in $(seq 1 1200); do
        curl -fs -o /dev/null "$1" && return 0
        kill -0 "$4" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$4" 2>/dev/null; then
        echo "$2 did not answer at $1 within 120 s; the end of $3:" >&2
    else
        echo "$2 exited before it answered at $1; the end of $3:" >&2
    fi
    tail -n 20 "$3" >&2
    return 1
}

NGINX_PORT=$(free_port)
PROMETHEUS_PORT=$(free_port)
STABLE_ADDR="127.0.0.1:$(free_port)"
CANARY_ADDR="127.0.0.1:$(free_port)"
PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
export STABLE_ADDR CANARY_ADDR PROMETHEUS_URL

step "v1 is the stable version, on $STABLE_ADDR"
"$here/deploy.sh" promote v1

step "Prometheus on $PROMETHEUS_URL, scraping $STABLE_ADDR and $CANARY_ADDR every second"
cat >"$LOCAL_WORK/prometheus.yml" <<EOF
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: demo
    static_configs:
      - targets: ['$STABLE_ADDR', '$CANARY_ADDR']
EOF
prometheus --config.file="$LOCAL_WORK/prometheus.yml" \
    --storage.tsdb.path="$LOCAL_WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    </dev/null >"$LOCAL_WORK/prometheus.log" 2>&1 &
pids+=($!)
wait_for "$PROMETHEUS_URL/-/ready" Prometheus "$LOCAL_WORK/prometheus.log" "${pids[-1]}"
# it begins to scrape a few seconds after it is ready: wait until it has tried both targets
for _ in $(seq 1 300); do
    curl -fs "$PROMETHEUS_URL/api/v1/query" --data-urlencode 'query=count(up{job="demo"})' \
        | grep -q '"2"\]' && break
    sleep 0.1
done

step "nginx on 127.0.0.1:$NGINX_PORT, routing through $LOCAL_WORK/upstream.conf"
n="$LOCAL_WORK/nginx"
mkdir -p "$n"/{body,proxy,fastcgi,uwsgi,scgi}
printf 'upstream web {\n    server %s;\n}\n' "$STABLE_ADDR" >"$LOCAL_WORK/upstream.conf"
cat >"$n/nginx.conf" <<EOF
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log notice;
daemon off;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $n/body;
  proxy_temp_path $n/proxy;
  fastcgi_temp_path $n/fastcgi;
  uwsgi_temp_path $n/uwsgi;
  scgi_temp_path $n/scgi;
  include $LOCAL_WORK/upstream.conf;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://web; }
  }
}
EOF
"$here/nginx.sh" </dev/null >"$n/stdout.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/health/live" nginx "$n/stdout.log" "${pids[-1]}"

step "steady traffic: 50 requests a second to /api/work through nginx"
curl -s -H 'Connection: close' --rate 50/s \
    "http://127.0.0.1:$NGINX_PORT/api/work?n=[1-1000000]" </dev/null >/dev/null 2>&1 &
pids+=($!)

# run shipgate in the background and wait for it, so that a signal reaches the trap at once
rollout() {
    "$SHIPGATE" --config "$here/shipgate.yaml" rollout start "$@" &
    shipgate_pid=$!
    local code=0
    wait "$shipgate_pid" || code=$?
    shipgate_pid=""
    return "$code"
}

step "a good release: v2 (canary on $CANARY_ADDR, 20% / 50% / 100% of the traffic)"
code=0
rollout --version v2 --stable v1 || code=$?
if [ "$code" != 0 ]; then
    echo "expected v2 to be promoted (exit 0), got exit $code" >&2
    exit 1
fi

step "a bad release: v3 fails one request in five"
code=0
rollout --version v3 || code=$?
if [ "$code" != 1 ]; then
    echo "expected v3 to be rolled back (exit 1), got exit $code" >&2
    exit 1
fi

step "the incident report"
cat "$LOCAL_WORK"/incidents/*.md

step "history"
"$SHIPGATE" --config "$here/shipgate.yaml" history deployments

step "v2 promoted, v3 rolled back; stopping everything"
