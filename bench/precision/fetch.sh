#!/usr/bin/env bash
# Downloads the pinned packages of corpus.toml and extracts each documentation tree.
#   bench/precision/fetch.sh            # into $SHIPGATE_PRECISION_CACHE (default ~/.cache/shipgate-precision)
# Each archive's sha256 is checked against corpus.toml; a tree already extracted is kept.
# The cache is outside the repository on purpose: the trees must not be read as part of it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${SHIPGATE_PRECISION_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shipgate-precision}"
mkdir -p "$cache/archives" "$cache/trees"

python3 - "$here/corpus.toml" <<'PY' > "$cache/corpus.tsv"
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    for t in tomllib.load(f)["tree"]:
        print("\t".join([t["name"], t["registry"], t["package"], t["version"], t["sha256"]]))
PY

while IFS=$'\t' read -r name registry package version sha; do
  tree="$cache/trees/$name"
  if [[ -d "$tree" ]]; then echo "$name: $tree (kept)"; continue; fi
  dl="$cache/archives/$name-$version"
  mkdir -p "$dl"
  if ! ls "$dl"/* >/dev/null 2>&1; then
    case "$registry" in
      pypi) pip download --quiet --no-deps --no-binary :all: \
              --dest "$dl" "$package==$version" ;;
      npm)  (cd "$dl" && npm pack --silent "$package@$version" >/dev/null) ;;
      crates) curl -fsSL -o "$dl/$package-$version.crate" \
              "https://crates.io/api/v1/crates/$package/$version/download" ;;
      *) echo "$name: unknown registry $registry" >&2; exit 1 ;;
    esac
  fi
  archive="$(ls "$dl"/* | head -n 1)"
  got="$(sha256sum "$archive" | cut -d' ' -f1)"
  if [[ "$got" != "$sha" ]]; then
    echo "$name: sha256 $got, corpus.toml pins $sha" >&2; exit 1
  fi
  tmp="$cache/trees/.$name.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp"
  tar -xzf "$archive" -C "$tmp" --strip-components=1
  mv "$tmp" "$tree"
  echo "$name: $tree"
done < "$cache/corpus.tsv"
