#!/usr/bin/env bash
# The pipeline shipgate's rollout replaces, as teams write it in CI YAML: deploy the canary,
# send it all the traffic, sleep, read one Prometheus sample, compare it in bash, promote or
# "roll back". Kept faithful to that glue on purpose, flaws included:
#
#   - 100% of the traffic moves to the canary at once; there is no smaller first step;
#   - the upstream file is rewritten in place and nginx reloaded without `nginx -t`;
#   - a fixed `sleep` of the whole step, during which nothing looks at the canary;
#   - ONE instant sample at the end, `jq -r '.data.result[0].value[1] // "0"'`: an empty
#     result (no data, a typo in the query, a canary that served nothing) reads as 0, a pass;
#   - a float compared with `bc`; Prometheus unreachable gives an empty string and a bc
#     error, and the script carries on;
#   - rollback rewrites the upstream to the stable servers and stops the canary, the way the
#     pipeline's `undo` job does; no record of what happened, no resume after a cancelled job.
#
# Usage: rollout_baseline.sh VERSION
# Environment (set by bench/rollout.py): PROM_URL, UPSTREAM_FILE, STABLE_ADDR, CANARY_ADDR,
# NGINX, NGINX_PREFIX, NGINX_CONF, STEP_SECONDS, THRESHOLD, DEPLOY (the deploy script).
# Prints `promoted` or `rolled_back` as its last line; exits 0 or 1 accordingly.
set -uo pipefail

VERSION=$1
QUERY="sum(rate(http_requests_total{version=\"$VERSION\",path=\"/api/work\",code=~\"5..\"}[1m])) / sum(rate(http_requests_total{version=\"$VERSION\",path=\"/api/work\"}[1m]))"

"$DEPLOY" start "$VERSION" || exit 1

# all traffic to the canary
printf 'upstream web {\n    server %s;\n}\n' "$CANARY_ADDR" >"$UPSTREAM_FILE"
"$NGINX" -p "$NGINX_PREFIX" -c "$NGINX_CONF" -s reload

sleep "$STEP_SECONDS"

ERROR_RATIO=$(curl -s "$PROM_URL/api/v1/query" --data-urlencode "query=$QUERY" \
    | jq -r '.data.result[0].value[1] // "0"')
echo "error ratio of $VERSION: $ERROR_RATIO (threshold $THRESHOLD)"

if [ "$(echo "$ERROR_RATIO < $THRESHOLD" | bc -l)" = "1" ]; then
    "$DEPLOY" promote "$VERSION"
    # the stable servers run the new version now
    printf 'upstream web {\n    server %s;\n}\n' "$STABLE_ADDR" >"$UPSTREAM_FILE"
    "$NGINX" -p "$NGINX_PREFIX" -c "$NGINX_CONF" -s reload
    echo promoted
    exit 0
fi

# "rollback": the undo job
printf 'upstream web {\n    server %s;\n}\n' "$STABLE_ADDR" >"$UPSTREAM_FILE"
"$NGINX" -p "$NGINX_PREFIX" -c "$NGINX_CONF" -s reload
"$DEPLOY" stop "$VERSION"
echo rolled_back
exit 1
