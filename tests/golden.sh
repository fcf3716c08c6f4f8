#!/bin/sh
# The golden corpus: each directory corpus/scan/CASE holds C files, the
# scan's expected JSON (expected.json, checked by a human) and optionally
# `args` (extra options, one per line) and `operands` (the PATHs, default
# .; no blanks in them). The scan runs inside the case
# directory; its exit status must agree with the JSON (3 with incomplete
# files, else 1 with units, else 0). Each .c must also compile, unless the
# case has a file named `broken` (it tests what spatch cannot parse).
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
top=$PWD
for dir in corpus/scan/*/; do
	case=${dir%/}
	[ -f "$case/expected.json" ] || continue
	set --
	if [ -f "$case/args" ]; then
		while IFS= read -r a; do set -- "$@" "$a"; done <"$case/args"
	fi
	ops=.
	[ -f "$case/operands" ] && ops=$(cat "$case/operands")
	# shellcheck disable=SC2086
	(cd "$case" && "$LOCKPTR" scan --no-cache --format json -j 2 --progress never "$@" $ops) \
		>"$T/got.json" 2>"$T/err"
	RC=$?
	want=0
	grep -q '"member"' "$case/expected.json" && want=1
	grep -q '"reason"' "$case/expected.json" && want=3
	if ! diff -u "$case/expected.json" "$T/got.json" >"$T/diff"; then
		not_ok "golden $case" "$(head -n 40 "$T/diff")"
	elif expect_rc "golden $case (exit status)" "$want"; then
		ok "golden $case"
	fi
	[ -f "$case/broken" ] && continue
	for c in "$case"/*.c "$case"/*/*.c; do
		[ -f "$c" ] || continue
		inc=""
		for d in "$case" "$case"/*/; do inc="$inc -I$d"; done
		# shellcheck disable=SC2086
		if cc -std=c17 -D_GNU_SOURCE -Wall -Werror -fsyntax-only $inc "$c" 2>"$T/cc"; then
			ok "compiles $c"
		else
			not_ok "compiles $c" "$(head -n 5 "$T/cc")"
		fi
	done
done
cd "$top"
summary
