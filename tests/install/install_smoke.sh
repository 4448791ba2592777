#!/usr/bin/env bash
# install_smoke.sh BUILD_DIR CC "EXTRA_FLAGS" CMAKE — installs the build into a
# temporary prefix, then builds and runs tests/install/smoke.c against the
# installed copy twice: with pkg-config, and as a CMake find_package consumer;
# and the README's example program with pkg-config.
set -euo pipefail
build=$1 cc=$2 flags=$3 cmake=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/moccasin.h"
pc=$(find "$work/prefix" -name moccasin.pc)
test -n "$pc"
lib=$(find "$work/prefix" -name libmoccasin.a)
test -n "$lib"

export PKG_CONFIG_PATH=$(dirname "$pc")
# shellcheck disable=SC2046,SC2086
"$cc" $flags -std=c11 -Wall -Werror "$here/smoke.c" -o "$work/smoke_pc" \
  $(pkg-config --cflags moccasin) $(pkg-config --static --libs moccasin)
"$work/smoke_pc"

# the README's example program, compiled and run against the installed copy
awk '/^```c$/ {inside = 1; next} /^```$/ {inside = 0} inside' "$here/../../README.md" > "$work/readme.c"
test -s "$work/readme.c"
# shellcheck disable=SC2046,SC2086
"$cc" $flags -std=c11 -Wall -Werror "$work/readme.c" -o "$work/readme" \
  $(pkg-config --cflags moccasin) $(pkg-config --static --libs moccasin)
"$work/readme" | grep -qx "optimal, cost 5: 0 1 2 0 3"

"$cmake" -S "$here" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
"$cmake" --build "$work/consumer" >/dev/null
"$work/consumer/smoke"
