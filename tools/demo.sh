#!/usr/bin/env bash
# Installs what is missing, builds m3lab, and runs the bundled demo program on the functional
# simulator and then on the pipeline, printing what the program prints and each run's statistics.
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
[[ $status -eq 0 ]] || exit "$status"

# The same program on the five-stage pipeline, checked in lock-step against the ISS, with a
# Kanata trace for the Konata viewer (docs/pipeline.md).
echo "== m3lab run workloads/asm/demo.s --engine pipeline --check"
build/bin/m3lab run workloads/asm/demo.s --engine pipeline --check \
  --trace-kanata out/demo.kanata --stats-json out/demo-pipeline-stats.json || status=$?
echo "== exit status: $status"
echo "== out/demo-pipeline-stats.json (trace: out/demo.kanata)"
cat out/demo-pipeline-stats.json
exit "$status"
