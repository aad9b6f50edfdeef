#!/usr/bin/env bash
# Builds the image tar twice from scratch (staging, jlink and Jib each time) and compares the image
# digests. Usage (from the repository root, after runtime-assembly/prod is built):
#   deploy/kubernetes/src/image/check-reproducible.sh [extra mvn args, e.g. -o]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
target=$root/deploy/kubernetes/target
build() {
  rm -rf "$target/image-root" "$target"/jib-image.*
  (cd "$root" && mvn -B -q -Pimage package -pl deploy/kubernetes -DskipTests "$@") >&2
  cat "$target/jib-image.digest"
}
first=$(build "$@")
sleep 2   # a different wall clock must not change anything
second=$(build "$@")
size=$(stat -c %s "$target/jib-image.tar")
echo "first:  $first"
echo "second: $second"
echo "tar size: $size bytes"
[ "$first" = "$second" ] || { echo "NOT reproducible" >&2; exit 1; }
echo "reproducible"
