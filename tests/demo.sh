#!/bin/sh
# make demo: the seed race, found, migrated and gone.
#  1. build corpus/seed with ThreadSanitizer and run it: a data race;
#  2. lockptr scan and lockptr diff on it;
#  3. lockptr apply on a copy, rebuild, run: no race, the right count.
# Writes only in a private temporary directory.
set -u
cd "$(dirname "$0")/.."
root=$PWD
lockptr=${LOCKPTR:-$root/wrapper/lockptr}
cc=${CC:-cc}
work=$(mktemp -d "${TMPDIR:-/tmp}/lockptr-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r corpus/seed "$work/before"
cp -r corpus/seed "$work/after"

echo "== 1. the seed, built with ThreadSanitizer"
(cd "$work/before" && $cc -fsanitize=thread -g -O1 -o server server.c -lpthread) || exit 2
(cd "$work/before" && TSAN_OPTIONS=exitcode=0 ./server) >"$work/before.out" 2>&1
grep -m1 -A3 'WARNING: ThreadSanitizer' "$work/before.out" || echo "(no report)"
grep '^count:' "$work/before.out"

echo
echo "== 2. lockptr scan, lockptr diff"
(cd "$work/before" && "$lockptr" scan --progress never .)
(cd "$work/before" && "$lockptr" diff --progress never .) >"$work/migration.diff"
cat "$work/migration.diff"

echo
echo "== 3. lockptr apply on a copy, rebuilt"
(cd "$work/after" && "$lockptr" apply --progress never .) || exit 1
(cd "$work/after" && $cc -fsanitize=thread -g -O1 -o server server.c -lpthread) || exit 2
(cd "$work/after" && TSAN_OPTIONS=exitcode=66 ./server) >"$work/after.out" 2>&1
after_rc=$?
cat "$work/after.out"
if grep -q 'WARNING: ThreadSanitizer' "$work/after.out" || [ "$after_rc" -ne 0 ]; then
	echo "lockptr demo: the migrated server still races (status $after_rc)"
	exit 1
fi
grep -q 'WARNING: ThreadSanitizer' "$work/before.out" || {
	echo "lockptr demo: ThreadSanitizer did not see the seed's race"
	exit 1
}
echo "lockptr demo: race before, none after; the count is right"
