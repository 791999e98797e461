#!/bin/bash
# Fuzzes the tiny-C compiler with libFuzzer under ASan and UBSan.
#   bench/cc_fuzz.sh [SECONDS]   (default 600)
# Builds build-fuzz/fuzz_cc with clang from compiler/src, isa/src/diag.cpp and isa/src/check.cpp, seeds the corpus
# with tests/cc/programs and tests/cc/errors (a leading byte selects -O0/-O1/-O2), and runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
out=$root/build-fuzz
mkdir -p "$out/corpus"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I "$root/compiler/include" -I "$root/isa/include" \
  "$root"/compiler/src/*.cpp "$root/isa/src/diag.cpp" "$root/isa/src/check.cpp" "$root/tests/cc/fuzz_cc.cpp" -o "$out/fuzz_cc"
for f in "$root"/tests/cc/programs/*.c "$root"/tests/cc/errors/*.c; do
  for lvl in 0 1 2; do
    { printf "\\x0$lvl"; cat "$f"; } > "$out/corpus/$(basename "$f" .c)-$lvl"
  done
done
cd "$out"
./fuzz_cc -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 corpus
