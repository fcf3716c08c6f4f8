#!/bin/sh
# --only narrows the report to units and the copies that copy them; the
# result does not depend on -j or on the order processes end.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan/closure" closure
cp -r "$ROOT/corpus/scan/copies" copies
cp -r "$ROOT/corpus/scan/multi" multi

run "$LOCKPTR" scan --format json --only 'struct stats.rw' closure copies
expect "--only keeps its unit and its copies" 1 '"member": "rw"' '!"member": "mutex"' \
	'"type": "struct pool"' '!"type": "struct server"'

run "$LOCKPTR" scan --format json --only 'struct server.mutex' --only 'struct stats.rw' closure copies
expect "--only is repeatable" 1 '"member": "rw"' '"member": "mutex"'

"$LOCKPTR" scan --format json -j 1 . >j1.json 2>/dev/null
"$LOCKPTR" scan --format json -j 2 . >j2.json 2>/dev/null
"$LOCKPTR" scan --format json -j 8 . >j8.json 2>/dev/null
if cmp -s j1.json j2.json && cmp -s j1.json j8.json && grep -q '"units"' j1.json; then
	ok "-j 1, 2 and 8 give the same bytes"
else
	not_ok "-j 1, 2 and 8 give the same bytes" "$(diff j1.json j2.json | head)"
fi
summary
