#!/bin/sh
# Installs what lockptr builds and tests with, if it is missing (Debian).
# Packages: coccinelle (spatch, with python3 scripting), libjansson-dev,
# libcmocka-dev, libinih-dev (the project file's reader), libssl-dev (SHA-256 for the fact cache), pkg-config, gcc,
# g++ (the helper headers are checked as C++),
# make, git, util-linux (prlimit),
# python3 (spatch's script rules), mandoc (the man page lint), diffutils.
set -eu

missing=""
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }

need_cmd pkg-config pkg-config
need_cmd spatch coccinelle
need_cmd cc gcc
need_cmd g++ g++
need_cmd make make
need_cmd git git
need_cmd prlimit util-linux
need_cmd python3 python3
need_cmd mandoc mandoc
need_cmd diff diffutils
need_cmd bc bc
need_cmd parallel parallel
need_pc jansson libjansson-dev
need_pc cmocka libcmocka-dev
need_pc inih libinih-dev
need_pc libcrypto libssl-dev

# The SARIF validator (Microsoft's SARIF Multitool, from the npm
# registry), kept in tests/.node; skipped where there is no npm.
sarif_validator() {
	here=$(cd "$(dirname "$0")" && pwd)
	if command -v npm >/dev/null 2>&1 && [ ! -x "$here/.node/node_modules/.bin/sarif-multitool" ]; then
		echo "lockptr: installing @microsoft/sarif-multitool into tests/.node" >&2
		npm install --silent --no-audit --no-fund --prefix "$here/.node" \
			@microsoft/sarif-multitool >/dev/null 2>&1 ||
			echo "lockptr: could not install the SARIF validator" >&2
	fi
	return 0
}

if [ -z "$missing" ]; then
	sarif_validator
	exit 0
fi
echo "lockptr: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "lockptr: missing packages:$missing (run as root or install them)" >&2
	exit 2
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
sarif_validator
