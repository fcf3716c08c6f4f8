#!/bin/sh
# The rewrite corpus: each corpus/rewrite/CASE holds in/ (the tree before),
# out/ (the tree after `lockptr apply`, checked by a human), expected.json
# (apply's report) and args (options, one per line). For each case:
#   apply gives out/ and the report, with the exit status the report implies;
#   every .c of the result compiles with -Wall -Werror;
#   apply again changes nothing (idempotence);
#   diff, then git apply on a fresh copy, gives out/ byte for byte.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
for dir in corpus/rewrite/*/; do
	case=${dir%/}
	[ -d "$case/in" ] || continue
	set --
	if [ -f "$case/args" ]; then
		while IFS= read -r a; do set -- "$@" "$a"; done <"$case/args"
	fi
	rm -rf "$T/work" "$T/dry"
	cp -r "$case/in" "$T/work"
	cp -r "$case/in" "$T/dry"
	(cd "$T/work" && "$LOCKPTR" apply --format json -j 2 --progress never "$@" .) \
		>"$T/got.json" 2>"$T/err"
	RC=$?
	want=0
	grep -Eq '"status": "(rolled-back|refused)"' "$case/expected.json" && want=1
	if ! diff -u "$case/expected.json" "$T/got.json" >"$T/diff"; then
		not_ok "rewrite $case: report" "$(head -n 40 "$T/diff")"
	elif expect_rc "rewrite $case: exit status" "$want"; then
		ok "rewrite $case: report"
	fi
	if diff -r -x .lockptr "$case/out" "$T/work" >"$T/diff"; then
		ok "rewrite $case: result"
	else
		not_ok "rewrite $case: result" "$(head -n 60 "$T/diff")"
	fi
	for c in $(cd "$T/work" && find . -name '*.c' | sort); do
		inc=""
		for d in $(cd "$T/work" && find . -type d); do inc="$inc -I$T/work/$d"; done
		# shellcheck disable=SC2086
		if cc -std=c17 -D_GNU_SOURCE -Wall -Werror -fsyntax-only $inc "$T/work/$c" 2>"$T/cc"; then
			ok "rewrite $case: $c compiles"
		else
			not_ok "rewrite $case: $c compiles" "$(head -n 5 "$T/cc")"
		fi
	done
	(cd "$T/work" && "$LOCKPTR" apply -q --progress never "$@" .) >/dev/null 2>&1
	if diff -r -x .lockptr "$case/out" "$T/work" >"$T/diff"; then
		ok "rewrite $case: idempotent"
	else
		not_ok "rewrite $case: idempotent" "$(head -n 30 "$T/diff")"
	fi
	(cd "$T/dry" && "$LOCKPTR" diff --progress never "$@" .) >"$T/patch" 2>"$T/err"
	: >"$T/gitapply"
	[ -s "$T/patch" ] && (cd "$T/dry" && git apply "$T/patch") 2>"$T/gitapply"
	if diff -r "$case/out" "$T/dry" >"$T/diff"; then
		ok "rewrite $case: diff + git apply = apply"
	else
		not_ok "rewrite $case: diff + git apply = apply" "$(cat "$T/gitapply"; head -n 30 "$T/diff")"
	fi
done
summary
