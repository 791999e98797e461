#!/bin/bash
# Random differential testing of the tiny-C compiler at scale (ctest runs 300 fixed seeds):
#   bench/cc_random.sh [COUNT] [FIRST_SEED]     (defaults 1000, 100000)
# Each program from cc_gen_random is run by `m3lab run` at -O0, -O1 and -O2 and built natively with
# the host gcc (-fwrapv -funsigned-char); outputs and exit statuses must agree. Prints each
# mismatch and the totals; exits 1 if there was any. Needs a build in build/.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1000}
first=${2:-100000}
bin=$root/build/bin/m3lab
gen=$root/build/tests/cc/cc_gen_random
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bad=0
for ((seed = first; seed < first + count; seed++)); do
  "$gen" "$seed" > "$work/p.c"
  gcc -w -O0 -fwrapv -funsigned-char -I "$root/compiler/include/m3lab/host" -o "$work/p" "$work/p.c" || { echo "seed $seed: host build failed"; bad=$((bad+1)); continue; }
  "$work/p" > "$work/host.out"; hs=$?
  for lvl in 0 1 2; do
    "$bin" cc "$work/p.c" -O$lvl -o "$work/p.elf" 2> "$work/cc.err"
    "$bin" run --max-steps 200000000 "$work/p.elf" > "$work/m3.out" 2>> "$work/cc.err"; ms=$?
    if ! cmp -s "$work/host.out" "$work/m3.out" || [ "$hs" != "$ms" ]; then
      echo "seed $seed -O$lvl: MISMATCH (host $hs, m3lab $ms)"; head -3 "$work/cc.err"
      bad=$((bad+1))
    fi
  done
done
echo "$count programs, 3 levels: $bad mismatches"
[ "$bad" = 0 ]
