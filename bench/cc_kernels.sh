#!/bin/bash
# The tiny-C compiler against arm-none-eabi-gcc on the bundled image kernels (issue 4):
#   bench/cc_kernels.sh [KERNEL.c ...]      (default: workloads/kernels/*.c)
# Each kernel is compiled to assembly by m3lab cc -O0, -O1, -O2 and by arm-none-eabi-gcc -O2
# (-mcpu=cortex-m3 -mthumb), then assembled and linked with GNU as/ld (tests/cc/board.ld) next to
# the same driver (bench/cc_kernels/driver.c, m3lab cc -O2: a 32x32 image, one kernel call, a
# checksum printed by semihosting). Every ELF runs on the ISS and on the pipeline (default
# machine); the table shows the kernel's own dynamic instructions and pipeline cycles, i.e. the
# run's minus the baseline's (the same driver with an empty kernel), and each build's checksum.
# Exits 1 if the checksums of a kernel disagree. Needs build/ and the arm-none-eabi toolchain.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/bin/m3lab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels=("$@")
[ ${#kernels[@]} -eq 0 ] && kernels=("$root"/workloads/kernels/*.c)
for t in arm-none-eabi-gcc arm-none-eabi-as arm-none-eabi-ld; do
  command -v $t > /dev/null || { echo "cc_kernels.sh: $t not found (apt install gcc-arm-none-eabi)"; exit 2; }
done

"$bin" cc "$root/bench/cc_kernels/driver.c" -O2 -S -o "$work/driver.s" || exit 2
arm-none-eabi-as -mcpu=cortex-m3 -mthumb -o "$work/driver.o" "$work/driver.s" || exit 2

json() { sed -n "s/^  \"$2\": \\([0-9]*\\),*$/\\1/p" "$1" | head -1; }

# build NAME CONFIG SRC: an ELF in $work/NAME-CONFIG.elf
build() {
  local name=$1 cfg=$2 src=$3 s=$work/$1-$2.s o=$work/$1-$2.o
  case $cfg in
    gcc) arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb -O2 -ffreestanding -fno-tree-loop-distribute-patterns -S -o "$s" "$src" || return 1 ;;
    *) "$bin" cc "$src" -"$cfg" -S -o "$s" || return 1 ;;
  esac
  arm-none-eabi-as -mcpu=cortex-m3 -mthumb -o "$o" "$s" || return 1
  arm-none-eabi-ld -T "$root/tests/cc/board.ld" -o "$work/$1-$2.elf" "$work/driver.o" "$o" || return 1
}

# measure ELF: sets insns, cycles, out
measure() {
  out=$("$bin" run "$1" --stats-json "$work/iss.json" 2> /dev/null)
  insns=$(json "$work/iss.json" instructions)
  "$bin" run "$1" --engine pipeline --stats-json "$work/pipe.json" > /dev/null 2>&1
  cycles=$(json "$work/pipe.json" cycles)
}

configs=(O0 O1 O2 gcc)
declare -A base_i base_c
for cfg in "${configs[@]}"; do
  build empty "$cfg" "$root/bench/cc_kernels/empty.c" || exit 2
  measure "$work/empty-$cfg.elf"
  base_i[$cfg]=$insns
  base_c[$cfg]=$cycles
done

bad=0
printf '%-10s %-9s %10s %10s %8s %8s  %s\n' kernel build instrs cycles "x gcc(i)" "x gcc(c)" checksum
for k in "${kernels[@]}"; do
  name=$(basename "$k" .c)
  declare -A ki kc ks
  for cfg in gcc O0 O1 O2; do
    if ! build "$name" "$cfg" "$k"; then
      echo "$name $cfg: build failed"; bad=1; continue
    fi
    measure "$work/$name-$cfg.elf"
    ki[$cfg]=$((insns - base_i[$cfg]))
    kc[$cfg]=$((cycles - base_c[$cfg]))
    ks[$cfg]=$out
  done
  for cfg in "${configs[@]}"; do
    label=$([ "$cfg" = gcc ] && echo "gcc -O2" || echo "m3lab -${cfg}")
    ri=$(awk -v a="${ki[$cfg]:-0}" -v b="${ki[gcc]:-1}" 'BEGIN { printf "%.2f", a / b }')
    rc=$(awk -v a="${kc[$cfg]:-0}" -v b="${kc[gcc]:-1}" 'BEGIN { printf "%.2f", a / b }')
    printf '%-10s %-9s %10s %10s %8s %8s  %s\n' "$name" "$label" "${ki[$cfg]:-?}" "${kc[$cfg]:-?}" "$ri" "$rc" "${ks[$cfg]:-?}"
    if [ "${ks[$cfg]:-x}" != "${ks[gcc]:-y}" ]; then echo "$name: checksum of $label differs from gcc's"; bad=1; fi
  done
  unset ki kc ks
done
echo "kernel-only figures: each run minus the same driver with an empty kernel (ISS instructions, pipeline cycles)"
exit $bad
