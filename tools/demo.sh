#!/usr/bin/env bash
# Installs what is missing, builds m3lab, and runs the bundled demo program on the functional
# simulator, printing what the program prints and then the run's statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target m3lab
mkdir -p out
echo "== m3lab run workloads/asm/demo.s"
status=0
build/bin/m3lab run workloads/asm/demo.s --stats-json out/demo-stats.json || status=$?
echo "== exit status: $status"
echo "== out/demo-stats.json"
cat out/demo-stats.json
exit "$status"
