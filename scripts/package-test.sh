#!/usr/bin/env bash
# package-test.sh installs the Linux desktop package (dist/Custodia.tar.xz,
# made by "make package") into a temporary prefix with the package's own
# Makefile, checks the .desktop entry against cmd/custodia/FyneApp.toml
# (name, comment, categories, icon) and starts the installed app under
# Xvfb: the test passes when its window "Custodia" appears. Nothing
# outside the temporary folder is touched; the app's data goes to a
# temporary home.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=dist/Custodia.tar.xz
[ -f "$pkg" ] || { echo "package-test: $pkg missing; run make package" >&2; exit 1; }
for tool in Xvfb xdotool xz make; do
	command -v "$tool" >/dev/null || { echo "package-test: $tool missing; run scripts/setup.sh --gui-tools" >&2; exit 1; }
done

tmp=$(mktemp -d)
xpid="" apid=""
cleanup() {
	[ -n "$apid" ] && kill "$apid" 2>/dev/null || true
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

# 1. install with the package's Makefile into a temporary prefix
mkdir -p "$tmp/src" "$tmp/root"
tar -xJf "$pkg" -C "$tmp/src"
src=$(find "$tmp/src" -name Makefile -printf '%h\n' | head -n1)
[ -n "$src" ] || fail "no Makefile in $pkg"
make -s -C "$src" install DESTDIR="$tmp/root" PREFIX=/usr

prefix="$tmp/root/usr"
desktop="$prefix/share/applications/org.custodia.desktop.desktop"
[ -f "$desktop" ] || fail "no desktop entry at ${desktop#"$tmp"/}"
[ -x "$prefix/bin/custodia" ] || fail "no executable bin/custodia"

# 2. the desktop entry carries FyneApp.toml's details
toml=cmd/custodia/FyneApp.toml
want_comment=$(sed -n 's/^ *Comment = "\(.*\)"$/\1/p' "$toml")
want_generic=$(sed -n 's/^ *GenericName = "\(.*\)"$/\1/p' "$toml")
check() { grep -qxF "$1" "$desktop" || fail "desktop entry lacks '$1':
$(cat "$desktop")"; }
check "Name=Custodia"
check "GenericName=$want_generic"
check "Comment=$want_comment"
check "Categories=Office;MedicalSoftware;"
check "Icon=org.custodia.desktop"
check "Exec=custodia"
[ -f "$prefix/share/pixmaps/org.custodia.desktop.png" ] || fail "icon not installed"
cmp -s "$prefix/share/pixmaps/org.custodia.desktop.png" assets/icon.png || fail "installed icon differs from assets/icon.png"
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$desktop" || fail "desktop-file-validate"
fi
echo "package-test: desktop entry and icon OK"

# 3. start the installed app under Xvfb and wait for its window
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xpid=$!
sleep 1
mkdir -p "$tmp/home"
DISPLAY="$display" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" LC_ALL=C.UTF-8 \
	"$prefix/bin/custodia" >"$tmp/app.log" 2>&1 &
apid=$!
for _ in $(seq 1 60); do
	if DISPLAY="$display" xdotool search --name '^Custodia$' >/dev/null 2>&1; then
		kill -0 "$apid" 2>/dev/null || fail "the app exited: $(cat "$tmp/app.log")"
		echo "package-test: the installed app opened its window under Xvfb"
		echo "1 passed, 0 failed"
		exit 0
	fi
	kill -0 "$apid" 2>/dev/null || fail "the app exited: $(cat "$tmp/app.log")"
	sleep 1
done
fail "no Custodia window within 60 s: $(cat "$tmp/app.log")"
