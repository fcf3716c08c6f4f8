#!/bin/sh
# Suppressions: a unit kept by value by a comment on its member's line or
# by --keep (the project file's keep) is no finding, is never migrated,
# and is reported as kept with its reason (text, JSON, SARIF); a copy
# site is kept by the comment on its line, or with the units it copies.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/seed" seed
cp -r seed commented
sed -i '12s|$| /* lockptr: keep: shared with the kernel */|' commented/server.h
cp -r commented orig

run "$LOCKPTR" scan commented
expect "scan: a kept unit and the copies of its lock are no findings" 0 \
	"server.h:12:2: note: lock member 'struct server.mutex' \(pthread_mutex_t\) is kept by value on purpose: shared with the kernel" \
	"server.c:34:2: note: .* is accepted: it copies only locks kept by value: 'struct server.mutex', shared with the kernel" \
	"1 kept\), 1 copy site \(1 kept\)" "!warning"
run "$LOCKPTR" scan --format json commented
expect "JSON: kept, with its reason and by what" 0 \
	'"kept": \{' '"reason": "shared with the kernel"' '"by": "comment"' '"by": "unit"'
run "$LOCKPTR" scan --format sarif commented
expect "SARIF: an inSource suppression" 0 '"kind": "inSource"' '"justification": "shared with the kernel"' \
	'"status": "accepted"'
run "$LOCKPTR" verify commented
expect "verify: a kept unit is not pending" 0 \
	"note: 'struct server.mutex' is kept by value on purpose" "0 selected units still embedded by value, 1 kept"
(cd commented && "$LOCKPTR" apply .) >"$T/out" 2>"$T/err"
RC=$?
expect "apply: kept, never migrated" 0 "'struct server.mutex' kept: shared with the kernel" "1 kept$"
if diff -r orig commented | grep -qv lockptr; then
	not_ok "apply changed no file of a kept unit" "$(diff -r orig commented | head)"
else
	ok "apply changed no file of a kept unit"
fi
(cd commented && "$LOCKPTR" diff .) >"$T/out" 2>"$T/err"
RC=$?
expect "diff: nothing to change" 0 "!." "err:kept: shared with the kernel"

run "$LOCKPTR" scan --keep 'struct server.mutex: lives in shared memory' --format sarif seed
expect "--keep: an external suppression" 0 '"kind": "external"' \
	'"justification": "lives in shared memory"'
printf 'keep = struct server.mutex: in the project file\n' >seed/.lockptr.conf
run "$LOCKPTR" scan --format json seed
expect "keep in the project file" 0 '"reason": "in the project file"' '"by": "keep"'
rm seed/.lockptr.conf
run "$LOCKPTR" scan --keep 'struct server.mutex' seed
expect "--keep without a reason" 2 "line1:--keep 'struct server.mutex': expected 'TYPE.MEMBER: REASON'"
run "$LOCKPTR" scan --keep 'struct nosuch.m: old' seed
expect "--keep of no unit: a warning" 1 "err:--keep 'struct nosuch.m: old': no such unit"

# A copy site kept on its own line; the unit stays a finding.
cp -r seed copyline
sed -i '34s|$| // lockptr: keep: a snapshot, never locked|' copyline/server.c
run "$LOCKPTR" scan --format json copyline
expect "a copy kept by its comment; the unit is still a finding" 1 \
	'"reason": "a snapshot, never locked"' '"by": "comment"' '"refused": null'
summary
