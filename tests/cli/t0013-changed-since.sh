#!/bin/sh
# --changed-since REV (for CI): only what the changed files copy or define.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan/multi" repo
cd repo
git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm base

run "$LOCKPTR" scan --changed-since HEAD --format json .
expect "nothing changed: clean" 0 '"units": \[\]' '"copies": \[\]'

printf '#include "api.h"\nvoid more(conn_t c);\nvoid more2(conn_t *c) { more(*c); }\n' >src/new.c
run "$LOCKPTR" scan --changed-since HEAD --format json .
expect "a new file's copy and the unit it copies" 1 '"file": "src/new.c"' '"member": "wlock"' \
	'!"file": "src/server.c"'

run "$LOCKPTR" scan --changed-since no-such-rev .
expect "a bad revision is a usage error" 2 "line1:--changed-since no-such-rev: git diff failed"
summary
