#!/usr/bin/env bash
# Takes docs/images/main-window.png, docs/images/main-window-dark.png, docs/images/thread.png,
# docs/images/turn-diff.png and docs/images/task-inspector.png under Xvfb.
#
# Needs, besides the build dependencies of .ci/deps: xvfb (for xvfb-run) and Mesa's GL
# (libgl1-mesa-dri) — installed by hand, not part of CI. ImageMagick is not needed: the driver
# grabs its own window (`import -window root` would capture the same pixels plus the bare root).
#
# Usage: tests/gui/screenshot.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
out=${2:-$here/docs/images}
ninja -C "$build" weft_screenshot
xvfb-run -a -s "-screen 0 1400x900x24" \
    env QT_QPA_PLATFORM=xcb QT_QUICK_CONTROLS_STYLE="${QT_QUICK_CONTROLS_STYLE:-Fusion}" \
    "$build/tests/gui/weft_screenshot" "$out"
