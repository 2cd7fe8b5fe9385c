#!/usr/bin/env bash
# Runs the GUI benchmark under Xvfb (Mesa llvmpipe renders the scene graph in software).
# Needs xvfb and libgl1-mesa-dri, installed by hand (not in .ci/deps).
# Usage: tests/bench/gui/run.sh [BUILD_DIR] [--quick]
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$here/build}
shift || true
ninja -C "$build" bench_gui
xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb "$build/tests/bench/gui/bench_gui" "$@"
