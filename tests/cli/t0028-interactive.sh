#!/bin/sh
# apply --interactive on a pseudo-terminal (script(1) of util-linux):
# each unit's diff, then "apply this unit [y,n,q,?]?"; y applies it, n
# skips it, ? explains the answers, q skips it and the rest; skipped
# units are no failure (exit 0). Without a terminal it refuses.
. "$(dirname "$0")/../lib.sh"
cd "$T"
if ! command -v script >/dev/null 2>&1; then
	not_ok "script(1) from util-linux runs the pseudo-terminal" "not found"
	summary
	exit
fi

# answers FILE DIR ARGS...: lockptr apply --interactive ARGS in DIR on a
# pseudo-terminal fed FILE; the terminal's output in $T/out, CRs dropped.
answers() {
	a=$1 d=$2
	shift 2
	cmd="cd '$d' && '$LOCKPTR' apply --interactive --color never --progress never $*"
	RC=0
	timeout 600 script -qec "$cmd" /dev/null <"$a" >"$T/tty" 2>"$T/err" || RC=$?
	tr -d '\r' <"$T/tty" >"$T/out"
}

cp -r "$ROOT/corpus/rewrite/runs/in" tree
printf 'y\n?\nn\nq\n' >"$T/a1"
answers "$T/a1" "$T/tree" --all .
expect "y, ?, n, q: one unit applied, three skipped, exit 0" 0 \
	'^lockptr: struct queue\.mu \(pthread_mutex_t\), declared at queue\.h:8:2$' \
	'^\+	pthread_mutex_t \*mu;$' 'apply this unit \[y,n,q,\?\]\? ' \
	'^q - quit; do not apply this unit or any of the remaining ones$' \
	"'struct queue\.mu' migrated" "'struct queue\.ready' skipped: skipped at the prompt" \
	"'struct counter\.lock' skipped: quit at the prompt" \
	"'struct registry\.guard' skipped: not asked: quit at the prompt" \
	'lockptr: 1 migrated, 0 rolled back, 0 refused, 0 unchanged, 3 skipped$' \
	'!struct registry\.guard \(pthread_mutex_t\), declared'
if [ "$(grep -c 'apply this unit \[y,n,q,?\]?' "$T/out")" -eq 4 ]; then
	ok "asked three units, the second twice (after ?)"
else
	not_ok "asked three units, the second twice (after ?)" "$(grep -c 'apply this unit' "$T/out")"
fi
cd tree
if grep -q 'pthread_mutex_t \*mu;' queue.h && grep -q 'pthread_cond_t ready;' queue.h &&
   grep -q 'pthread_mutex_t lock;' queue.h && grep -q 'pthread_mutex_t guard;' queue.h; then
	ok "only the unit answered y is migrated"
else
	not_ok "only the unit answered y is migrated" "$(grep pthread_ queue.h)"
fi
cd "$T"

printf 'n\ny\nn\n' >"$T/a2"
answers "$T/a2" "$T/tree" --all .
expect "the next run asks about the units left" 0 \
	'^lockptr: struct queue\.ready \(pthread_cond_t\)' '!^lockptr: struct queue\.mu ' \
	"'struct counter\.lock' migrated" 'lockptr: 1 migrated, 0 rolled back, 0 refused, 0 unchanged, 2 skipped$'

cp -r "$ROOT/corpus/rewrite/runs/in" tree2
cd tree2
run "$LOCKPTR" apply --interactive --all . </dev/null
expect "no terminal: exit 2, one line" 2 \
	'line1:^lockptr: apply: --interactive needs a terminal \(standard input and output\)'
if [ ! -e lockptr_locks.h ] && grep -q 'pthread_mutex_t mu;' queue.h; then
	ok "no terminal: nothing written"
else
	not_ok "no terminal: nothing written"
fi
summary
