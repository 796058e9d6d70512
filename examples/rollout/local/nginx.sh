#!/usr/bin/env bash
# nginx of the local example (its own prefix in LOCAL_WORK, no root paths): `nginx.sh` starts
# it in the foreground, `nginx.sh -t -q` tests the configuration, `nginx.sh -s reload` reloads.
set -euo pipefail
prefix="$LOCAL_WORK/nginx"
exec "$NGINX" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" "$@"
