#!/usr/bin/env bash
# build.sh [SECONDS] — builds the libFuzzer target for the JSON reader with
# clang (-fsanitize=fuzzer,address,undefined) into fuzz/out/, seeds a corpus
# with the bundled graphs and small hand-written inputs, and runs it for
# SECONDS (default 120).  Any crash leaves a crash-* file in fuzz/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out
seconds=${1:-120}
mkdir -p "$out/corpus"

shopt -s nullglob
sources=("$root"/engine/*.c "$root"/propagators/*.c "$root"/search/*.c "$root"/model/*.c)
for f in "$root"/cli/*.c; do [ "$(basename "$f")" = main.c ] || sources+=("$f"); done
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root" "$here/fuzz_reader.c" "${sources[@]}" \
  $(pkg-config --cflags --libs libxxhash libcjson) -lm -o "$out/fuzz_reader"

cp "$root"/benchmarks/graphs/fcn8_train.json "$root"/benchmarks/graphs/random_layered_n100.json "$out/corpus/"
cp "$here"/seeds/*.json "$out/corpus/"
cd "$out"
./fuzz_reader -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict="$here/json.dict" \
  -print_final_stats=1 corpus
