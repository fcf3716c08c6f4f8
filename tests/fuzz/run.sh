#!/bin/sh
# Runs each libFuzzer harness for a bounded time (make fuzz):
#   tests/fuzz/run.sh SECONDS NAME...
# Each starts from its committed seeds (tests/fuzz/corpus/NAME, read only);
# new inputs go to a private temporary corpus. Any finding (a crash, a
# sanitizer report, a leak, a timeout, running out of memory) fails the
# run; the input that caused it is kept in tests/fuzz/findings/ to replay:
#   tests/fuzz/fuzz-NAME tests/fuzz/findings/NAME-crash-...
set -u
cd "$(dirname "$0")"
secs=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/lockptr-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p findings
status=0
for name in "$@"; do
	mkdir "$work/$name"
	echo "== fuzz-$name: $secs s"
	rc=0
	./fuzz-"$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="findings/$name-" \
		"$work/$name" "corpus/$name" >"$work/$name.log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
	if [ "$rc" -ne 0 ]; then
		grep -E -A12 '^==[0-9]+==ERROR|runtime error|^SUMMARY|ERROR: libFuzzer' "$work/$name.log" | head -40
		echo "FAIL fuzz-$name: exit $rc after ${execs:-?} runs; input kept in tests/fuzz/findings/"
		status=1
	else
		echo "ok   fuzz-$name: ${execs:-?} runs, no finding"
	fi
done
exit $status
