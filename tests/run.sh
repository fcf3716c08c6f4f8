#!/bin/sh
# Runs every shell test against one lockptr binary and prints the total:
#   tests/run.sh [wrapper/lockptr-san [tests/unit/run-unit]]
# The golden corpus (tests/golden.sh) and the CLI tests (tests/cli/t*.sh)
# each print "N passed, N failed"; this adds them up.
set -u
cd "$(dirname "$0")/.."
bin=${1:-wrapper/lockptr}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
export LOCKPTR="$bin"
# Leaks are bugs too; spatch's own children are not sanitized.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
pass=0 fail=0
unit=${2:-}
if [ -n "$unit" ]; then
	echo "== $unit"
	# The unit binary is not next to cocci/: it is told where the tree is.
	urc=0
	out=$(LOCKPTR_DATADIR=$PWD "$unit" 2>&1) || urc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
	f=$(printf '%s\n' "$out" | grep -c '^\[  FAILED  \] [a-z_]')
	if printf '%s\n' "$out" | grep -q 'Sanitizer'; then f=$((f + 1)); fi
	# A run that stopped early (exit, abort) failed, whatever it printed.
	if [ "$urc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $unit: exit status $urc"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
fi
for t in tests/lint-cocci.sh tests/golden.sh tests/golden-rewrite.sh tests/cli/t*.sh; do
	echo "== $t"
	out=$(sh "$t" 2>&1)
	printf '%s\n' "$out"
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "FAIL $t: did not finish"
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + p)) fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
