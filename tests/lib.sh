# tests/lib.sh: the shared harness of the shell tests (sourced).
# Each test is a function call `t NAME CMD...` with assertions in CMD; a
# private temp dir ($T) is made per script and removed by a trap.
# LOCKPTR is the binary under test (an absolute path).
set -u
# The source tree: the nearest directory above the script with a Makefile.
ROOT=$(cd "$(dirname "$0")" && pwd)
while [ ! -f "$ROOT/Makefile" ] && [ "$ROOT" != / ]; do ROOT=$(dirname "$ROOT"); done
T=$(mktemp -d "${TMPDIR:-/tmp}/lockptr-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); printf 'ok   %s\n' "$1"; }
not_ok() { FAIL=$((FAIL + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; return 0; }

# run CMD...: runs it, keeps stdout in $T/out, stderr in $T/err, status in $RC.
run() {
	RC=0
	"$@" >"$T/out" 2>"$T/err" || RC=$?
}

# expect_rc NAME WANT: the last run's exact exit status. A crash (a signal,
# 128+N) or a sanitizer report never passes.
expect_rc() {
	if [ "$RC" -ne "$2" ]; then
		not_ok "$1" "exit status $RC, expected $2; stderr: $(head -c 600 "$T/err")"
		return 1
	fi
	if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer' "$T/err"; then
		not_ok "$1" "sanitizer report: $(grep -m3 -e ERROR -e 'runtime error' "$T/err")"
		return 1
	fi
	return 0
}

# expect_err NAME REGEX: stderr is exactly one line and matches REGEX.
expect_err() {
	if [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -Eq -- "$2" "$T/err"; then
		not_ok "$1" "stderr does not match /$2/: $(head -c 600 "$T/err")"
		return 1
	fi
	return 0
}

# expect NAME WANT_RC [PATTERN...]: the last run exited WANT_RC with no
# sanitizer report, and every PATTERN holds: a grep -E regex on stdout,
# "err:REGEX" on stderr, "line1:REGEX" for a stderr of exactly one
# matching line; a leading "!" negates. Prints exactly one ok/FAIL line.
expect() {
	name=$1 want=$2
	shift 2
	expect_rc "$name" "$want" || return 0
	for pat in "$@"; do
		neg=0 file="$T/out"
		case $pat in !*) neg=1 pat=${pat#!} ;; esac
		case $pat in
		err:*) file="$T/err" pat=${pat#err:} ;;
		line1:*) file="$T/err" pat=${pat#line1:}
			if [ "$(wc -l <"$T/err")" -ne 1 ]; then
				not_ok "$name" "stderr is not one line: $(head -c 600 "$T/err")"
				return 0
			fi ;;
		esac
		if grep -Eq -- "$pat" "$file"; then found=1; else found=0; fi
		if [ "$found" -eq "$neg" ]; then
			not_ok "$name" "$( [ $neg -eq 1 ] && echo 'unexpected' || echo 'missing') /$pat/ in $(basename "$file"): $(head -c 800 "$file")"
			return 0
		fi
	done
	ok "$name"
}

# wait_until COND: polls the shell test COND (in the current directory)
# every 40 ms, for at most 40 s; 1 if it never held.
wait_until() {
	w_i=0
	until eval "$1"; do
		w_i=$((w_i + 1))
		[ "$w_i" -lt 1000 ] || return 1
		sleep 0.04
	done
}

summary() {
	printf '%d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
}
