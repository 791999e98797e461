#!/usr/bin/env bash
# Installs what is missing, builds m3lab, and runs the bundled default batch
# (workloads/batch/default.yaml, docs/batch.md): a Sobel edge detector and a 5x5 Gaussian blur on
# a 128x128 photo, on the five-stage pipeline with forwarding on and off and two D-cache sizes,
# each job's output compared with the same kernel built by the host C compiler. It prints the
# results table and leaves the output images, the full results and charts in out/default/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target m3lab
echo "== m3lab batch workloads/batch/default.yaml --out out/default --plot"
status=0
build/bin/m3lab batch workloads/batch/default.yaml --out out/default --plot || status=$?
echo "== output images: out/default/images/   every statistic: out/default/results.csv"
echo "== exit status: $status"
exit "$status"
