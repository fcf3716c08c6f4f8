#!/bin/sh
# lockptr diff: exits like diff(1), colours only when asked or on a
# terminal, and writes nothing in the tree (not even .lockptr).
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/seed" seed
cp -r seed orig
cd seed

run "$LOCKPTR" diff .
expect "a diff was printed: exit 1" 1 '^--- a/server.h$' '^\+\+\+ b/server.h$' '^--- /dev/null$' '!\[3'
run "$LOCKPTR" diff --color always .
expect "--color always" 1 "$(printf '\033')\[32m\+"
run "$LOCKPTR" diff --color sometimes .
expect "--color with a bad value" 2 "line1:--color 'sometimes'"
if diff -r "$T/orig" . >/dev/null && [ ! -e .lockptr ]; then
	ok "diff wrote nothing in the tree"
else
	not_ok "diff wrote nothing in the tree" "$(ls -a)"
fi
"$LOCKPTR" apply -q . >/dev/null 2>&1
run "$LOCKPTR" diff .
expect "nothing left to change: exit 0" 0 '!.'
summary
