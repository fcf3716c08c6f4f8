#!/bin/sh
# SARIF that Microsoft's SARIF Multitool accepts with no error and no
# warning, for findings, for no findings, and for an incomplete run.
. "$(dirname "$0")/../lib.sh"
v=$ROOT/tests/.node/node_modules/.bin/sarif-multitool
if [ ! -x "$v" ]; then
	if command -v npm >/dev/null 2>&1; then
		not_ok "SARIF validator installed by make deps" "missing: $v"
	else
		echo "skip: no npm, no SARIF validator"
	fi
	grep -q '"suppressions"' "$T/kept.sarif" && grep -q '"kind": "external"' "$T/keptopt.sarif" &&
	ok "the kept reports have suppressions" || not_ok "the kept reports have suppressions"
summary
	exit $?
fi
cd "$T"
cp -r "$ROOT/corpus/scan/copies" copies
cp -r "$ROOT/corpus/scan/incomplete" broken
mkdir clean && printf 'int f(void) { return 0; }\n' >clean/f.c
# Kept units and copies carry suppressions (inSource and external).
cp -r "$ROOT/corpus/seed" kept
sed -i '12s|$| /* lockptr: keep: shared with the kernel */|' kept/server.h
cp -r "$ROOT/corpus/scan/copies" keptopt
printf 'keep = struct server.mutex: in shared memory\n' >keptopt/.lockptr.conf
for case in copies broken clean kept keptopt; do
	(cd "$case" && "$LOCKPTR" scan --no-cache --format sarif . >"$T/$case.sarif" 2>/dev/null)
	run "$v" validate "$T/$case.sarif" -o "$T/$case.val.sarif"
	# The validator's own report: no result of level error or warning.
	bad=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for r in d["runs"][0].get("results", []) if r.get("level", "warning") in ("error", "warning")))' "$T/$case.val.sarif" 2>&1)
	if [ "$RC" -eq 0 ] && [ "$bad" = 0 ]; then
		ok "SARIF Multitool validates the $case report"
	else
		not_ok "SARIF Multitool validates the $case report" "status $RC, $bad problems: $(head -c 800 "$T/out")"
	fi
done
grep -q '"suppressions"' "$T/kept.sarif" && grep -q '"kind": "external"' "$T/keptopt.sarif" &&
	ok "the kept reports have suppressions" || not_ok "the kept reports have suppressions"
summary
