#!/usr/bin/env bash
# setup.sh installs what building and testing Custodia needs on a Debian or
# Ubuntu machine: the C headers Fyne's cgo build links against, and (for
# screenshots and GUI checks) Xvfb. It installs only what is missing, and
# only when it can (root, or sudo without a password); otherwise it says
# which command to run.
set -euo pipefail

want=(gcc libc6-dev pkg-config libx11-dev libgl1-mesa-dev libxcursor-dev
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
for arg in "$@"; do
	case $arg in
	--gui-tools) want+=(xvfb xauth imagemagick xdotool poppler-utils) ;; # screenshots under Xvfb; pdftotext/pdftoppm for the printdoc tests
	--bench) want+=(time) ;;                               # /usr/bin/time for peak memory
	*)
		echo "setup: unknown option $arg (use --gui-tools or --bench)" >&2
		exit 2
		;;
	esac
done

missing=()
for p in "${want[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "setup: missing system packages ${missing[*]}; this is not a Debian/Ubuntu machine, install their equivalents by hand" >&2
		exit 1
	fi
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if sudo -n true 2>/dev/null; then
			sudo="sudo"
		else
			echo "setup: missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
			exit 1
		fi
	fi
	echo "setup: installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Go: the module asks for Go 1.26. A Go at /usr/local/go (the official
# tarball's place) is used when go is not on PATH.
if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
	echo "setup: Go 1.26 or newer is needed (https://go.dev/doc/install); none found on PATH or in /usr/local/go" >&2
	exit 1
fi
