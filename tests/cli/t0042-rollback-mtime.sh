#!/bin/sh
# A rolled-back unit leaves its files as they were, modification time
# included: a second apply whose units all roll back again must not make
# the project's build recompile anything (zstd's zstdmt_compress.c did).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
cp -r corpus/rewrite/rollback/in "$T/w"
touch -d '2020-01-02 03:04:05' "$T/w/macro.c"
before=$(stat -c %Y.%y "$T/w/macro.c")
sum=$(cksum <"$T/w/macro.c")
cd "$T/w"
run "$LOCKPTR" apply --all --progress never --format json .
cd "$ROOT"
if grep -q '"status": "rolled-back"' "$T/out" && [ "$(cksum <"$T/w/macro.c")" = "$sum" ]; then
	ok "the unit rolled back and macro.c holds its bytes"
else
	not_ok "the unit rolled back and macro.c holds its bytes" "$(head -n 20 "$T/out")"
fi
after=$(stat -c %Y.%y "$T/w/macro.c")
if [ "$after" = "$before" ]; then
	ok "macro.c keeps its modification time"
else
	not_ok "macro.c keeps its modification time" "before $before, after $after"
fi
summary
