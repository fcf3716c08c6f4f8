#!/bin/sh
# Output formats: text lines in the compiler's shape, JSON as DESIGN.md
# says, SARIF 2.1.0 with rules, relative URIs and regions.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan/copies" copies
cd copies

run "$LOCKPTR" scan --progress never .
expect "text: file:line:col: warning: ... [rule]" 1 \
	"^copies.c:10:2: warning: lock member 'struct server.mutex' \(pthread_mutex_t\) is embedded by value and copied \[lock-member\]$" \
	"^copies.c:17:15: warning: 'struct server' passed by value as a parameter in by_value\(\): the copy gets its own lock 'mutex' \[lock-copy\]$" \
	'^lockptr: 1 lock member \(1 copied, 0 refused\), 10 copy sites, 0 incomplete files; 1 of 1 files parsed$'

run "$LOCKPTR" scan -q .
expect "text -q: no summary" 1 '!^lockptr: ' 'lock-copy'

run "$LOCKPTR" scan --format json .
python3 - "$T/out" >"$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["version", "units", "copies", "incomplete"], list(d)
assert d["version"] == 1
u = d["units"][0]
assert list(u) == ["type", "member", "lock", "file", "line", "column", "array", "copied", "refused"], list(u)
c = d["copies"][0]
assert list(c) == ["type", "kind", "path", "file", "line", "column", "function"], list(c)
kinds = sorted({c["kind"] for c in d["copies"]})
assert kinds == ["arg", "assign", "init", "literal", "memcpy", "param", "return"], kinds
print("json ok")
PY
RC=0; grep -q 'json ok' "$T/py" || RC=1
expect "json: DESIGN.md's keys in order, every copy kind" 0
[ "$RC" -eq 0 ] || cat "$T/py"

run "$LOCKPTR" scan --format sarif .
python3 - "$T/out" >"$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0"
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "lockptr" and drv["version"]
ids = [r["id"] for r in drv["rules"]]
assert ids == ["lock-member", "lock-copy"], ids
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["help"]["text"]
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
res = run["results"]
assert len(res) == 11, len(res)
for r in res:
    assert ids[r["ruleIndex"]] == r["ruleId"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "copies.c", "uriBaseId": "%SRCROOT%"}, loc
    assert loc["region"]["startLine"] > 0 and loc["region"]["startColumn"] > 0
assert any("mutex" in r["message"]["text"] for r in res if r["ruleId"] == "lock-copy")
assert run["invocations"][0]["executionSuccessful"] is True
print("sarif ok")
PY
RC=0; grep -q 'sarif ok' "$T/py" || RC=1
expect "sarif: 2.1.0, rules, relative URIs, regions, member path" 0
[ "$RC" -eq 0 ] || cat "$T/py"

mkdir "$T/sp" && printf '#include <pthread.h>\nstruct s { pthread_mutex_t m; };\n' >"$T/sp/a b%.c"
cd "$T/sp"
run "$LOCKPTR" scan --format sarif .
expect "sarif: URIs are percent-encoded" 1 '"uri": "a%20b%25.c"'

run "$LOCKPTR" scan --progress always .
expect "--progress always: a progress line on stderr" 1 'err:\[1/1\]'
run "$LOCKPTR" scan .
expect "progress is off when stderr is not a terminal" 1 '!err:.'
summary
