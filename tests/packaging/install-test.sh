#!/usr/bin/env bash
# Builds the Debian package from a built tree, unpacks it into a throw-away root and runs the
# installed weft from there.
#
#   install-test.sh BUILD_DIR VERSION
#
# Checks, in order:
#   1. `cpack -G DEB` produces weft_<VERSION>_<arch>.deb (written to a temporary folder; the
#      build tree's own package is left alone);
#   2. the control data: name, version, section, maintainer, and Depends holding both what
#      dpkg-shlibdeps found (libqt6…) and the run-time modules listed by hand (qml6-module-…,
#      libqt6sql6-sqlite, qt6-qpa-plugins);
#   3. the payload is exactly the expected file list (no tests, benchmarks or static libraries);
#   4. the unpacked .desktop, metainfo and icon sit where desktop environments look and pass
#      their validators; the executable is stripped;
#   5. `weft --version` and a headless `weft --db … dispatch` of a project.create line run from
#      the unpacked files;
#   6. the unpacked GUI starts offscreen with a QML import path holding only the QML modules of
#      the packages named in Depends, so a QML import without its package in Depends fails here.
set -euo pipefail

build_dir=$(cd "${1:?usage: install-test.sh BUILD_DIR VERSION}" && pwd)
version=${2:?usage: install-test.sh BUILD_DIR VERSION}
app_id=org.weft.Weft

# Every file (not directory) the package may hold, relative to /. Add new installed files here.
expected_files=(
    usr/bin/weft
    "usr/share/applications/${app_id}.desktop"
    "usr/share/metainfo/${app_id}.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/${app_id}.svg"
    usr/share/doc/weft/copyright
)
# Run-time packages dpkg-shlibdeps cannot see; they must be in Depends.
expected_manual_depends=(
    qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtquick-controls
    qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-dialogs
    qml6-module-qt-labs-folderlistmodel qml6-module-qtqml-workerscript libqt6sql6-sqlite
    qt6-qpa-plugins
)
# Libraries dpkg-shlibdeps must have found.
expected_shlib_depends=(libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6qml6 libqt6sql6)

fail() {
    echo "install-test: FAIL: $*" >&2
    exit 1
}
step() { echo "install-test: $*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/weft-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. Build the package into the temporary folder.
step "cpack -G DEB in $build_dir"
[ -f "$build_dir/CPackConfig.cmake" ] || fail "no CPackConfig.cmake in $build_dir (configure first)"
(cd "$build_dir" && cpack -G DEB -B "$work/out" --config "$build_dir/CPackConfig.cmake") \
    >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
arch=$(dpkg --print-architecture)
deb="$work/out/weft_${version}_${arch}.deb"
[ -f "$deb" ] || { ls -l "$work/out" >&2; fail "cpack did not write $(basename "$deb")"; }
step "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# 2. Control data.
dpkg-deb -I "$deb" >"$work/info" || fail "dpkg-deb -I failed"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = weft ] || fail "Package is '$(field Package)', not weft"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Section)" = devel ] || fail "Section is '$(field Section)', not devel"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
[ -n "$depends" ] || fail "no Depends"
# One package name per line, version constraints and alternatives dropped.
dep_names=$(tr ',|' '\n' <<<"$depends" | sed -E 's/\(.*\)//; s/:any//; s/^[[:space:]]+//; s/[[:space:]]+$//' | sort -u)
for p in "${expected_manual_depends[@]}" "${expected_shlib_depends[@]}"; do
    grep -qx -- "$p" <<<"$dep_names" || { echo "Depends: $depends" >&2; fail "Depends lacks $p"; }
done
grep -q 'libqt6core6 (>=' <<<"$depends" || fail "Depends has no versioned libqt6core6 (shlibdeps off?)"
step "Depends: $depends"

# 3. Payload: exactly the expected files.
dpkg-deb -c "$deb" >"$work/contents" || fail "dpkg-deb -c failed"
awk '$1 !~ /^d/ { print $NF }' "$work/contents" | sed 's|^\./||' | sort >"$work/files.actual"
printf '%s\n' "${expected_files[@]}" | sort >"$work/files.expected"
if ! diff -u "$work/files.expected" "$work/files.actual" >"$work/files.diff"; then
    cat "$work/files.diff" >&2
    fail "the package's file list differs from the expected one (+ unexpected, - missing)"
fi
if awk '{ print $2 }' "$work/contents" | grep -qv '^root/root$'; then
    fail "files not owned by root/root"
fi

# 4. Unpack into a throw-away root; check the desktop integration files.
root="$work/root"
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x failed"
weft="$root/usr/bin/weft"
[ -x "$weft" ] || fail "usr/bin/weft is not executable"
file -b "$weft" | grep -q '^ELF' || fail "usr/bin/weft is not an ELF executable: $(file -b "$weft")"
file -b "$weft" | grep -q ', stripped' || fail "usr/bin/weft is not stripped: $(file -b "$weft")"
desktop-file-validate "$root/usr/share/applications/${app_id}.desktop" || fail "installed .desktop is invalid"
grep -qx 'Exec=weft' "$root/usr/share/applications/${app_id}.desktop" || fail ".desktop does not run weft"
grep -qx "Icon=${app_id}" "$root/usr/share/applications/${app_id}.desktop" || fail ".desktop icon is not ${app_id}"
appstreamcli validate --no-net --strict "$root/usr/share/metainfo/${app_id}.metainfo.xml" >"$work/as.log" 2>&1 \
    || { cat "$work/as.log" >&2; fail "installed metainfo is invalid"; }
head -c 512 "$root/usr/share/icons/hicolor/scalable/apps/${app_id}.svg" | grep -q '<svg' \
    || fail "icon is not an SVG"

# 5. Run the unpacked binary: no display, no user data touched.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
export XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen
unset QML_IMPORT_PATH QML2_IMPORT_PATH QT_PLUGIN_PATH
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

out=$("$weft" --version) || fail "weft --version exited $?"
[ "$out" = "weft $version" ] || fail "weft --version printed '$out', not 'weft $version'"
step "weft --version: $out"

set +e
out=$(printf '%s\n' \
    '{"type":"project.create","commandId":"pkg-c1","projectId":"pkg-p1","title":"Packaged","workspaceRoot":"/tmp/weft-packaged"}' \
    | "$weft" --db "$work/x.sqlite" dispatch 2>"$work/dispatch.err")
rc=$?
set -e
[ "$rc" -eq 0 ] || { cat "$work/dispatch.err" >&2; fail "weft dispatch exited $rc: $out"; }
grep -q '"type":"project.created"' <<<"$out" || fail "weft dispatch printed no project.created event: $out"
[ -f "$work/x.sqlite" ] || fail "weft dispatch wrote no database"
step "weft dispatch: $(head -c 160 <<<"$out")…"

# 6. The GUI from the unpacked files, offscreen, seeing only the QML modules of the packages in
#    Depends (a qt.conf next to the unpacked binary points Qt's QML import path at them).
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
qml_system=$(qtpaths6 --query QT_INSTALL_QML 2>/dev/null || echo "/usr/lib/$multiarch/qt6/qml")
plugins_system=$(qtpaths6 --query QT_INSTALL_PLUGINS 2>/dev/null || echo "/usr/lib/$multiarch/qt6/plugins")
qml_allowed="$work/qml"
mkdir -p "$qml_allowed"
installed_deps=()
for p in $dep_names; do
    dpkg-query -W "$p" >/dev/null 2>&1 && installed_deps+=("$p")
done
dpkg-query -L "${installed_deps[@]}" | sed -n "s|^$qml_system/||p" | sort -u >"$work/qml-files"
(cd "$qml_system" && while IFS= read -r f; do [ -f "$f" ] && printf '%s\0' "$f"; done <"$work/qml-files" \
    | xargs -0 -r cp --parents -t "$qml_allowed")
cat >"$root/usr/bin/qt.conf" <<EOF
[Paths]
Prefix=/usr
Plugins=$plugins_system
QmlImports=$qml_allowed
EOF
set +e
timeout -s TERM 6 "$weft" --db "$work/gui.sqlite" >"$work/gui.out" 2>"$work/gui.err"
rc=$?
set -e
if [ "$rc" -ne 124 ] || grep -Eq 'is not installed|failed to load component|is not a type|unavailable|plugin .* not found' "$work/gui.err"; then
    cat "$work/gui.err" >&2
    fail "the unpacked GUI did not start (exit $rc) with only the QML modules of Depends"
fi
step "the unpacked GUI ran offscreen for 6 s with only the QML modules of Depends"

step "PASS"
