#!/bin/sh
# A spatch that crashes, hangs, prints garbage or is missing: each file is
# reported with its reason, the run exits 3 (2 if spatch cannot be found),
# and nothing is lost or left behind.
. "$(dirname "$0")/../lib.sh"
cd "$T"
mkdir src
printf '#include <pthread.h>\nstruct s { pthread_mutex_t m; };\n' >src/a.c
printf '#include <pthread.h>\nstruct t { pthread_rwlock_t rw; };\n' >src/b.c
cp src/a.c a.orig

fake() {
	printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
	chmod +x "$T/$1"
}
fake crash 'kill -SEGV $$'
fake hang 'exec sleep 60'
fake garbage 'echo "this is not a fact"'
fake badjson 'printf "LOCKPTR\t{not json\n"'
fake fail 'echo "spatch: something broke" >&2; exit 5'

SPATCH=$T/crash run "$LOCKPTR" scan --format json src
expect "spatch crashes: incomplete per file" 3 '"file": "src/a.c"' '"file": "src/b.c"' \
	'spatch ran out of memory or was killed \(status 139|spatch failed \(status 139'

start=$(date +%s)
SPATCH=$T/hang run "$LOCKPTR" scan --format json --timeout 1 src
end=$(date +%s)
expect "spatch hangs: killed at --timeout" 3 'timed out after 1 s' '"file": "src/b.c"'
if [ $((end - start)) -lt 20 ]; then ok "a hung spatch does not hold the run"; else not_ok "a hung spatch does not hold the run" "took $((end - start)) s"; fi

SPATCH=$T/garbage run "$LOCKPTR" scan --format json src
expect "spatch prints garbage" 3 'not a fact'

# A line tagged as a fact that is none: the patches and the reader
# disagree, an internal error (t0015 has the other malformed facts).
SPATCH=$T/badjson run "$LOCKPTR" scan --format json src
expect "spatch prints bad JSON: internal error" 2 \
	'line1:^lockptr: internal error: spatch printed a malformed fact for src/[ab]\.c \(line 1 of its output: not JSON'

SPATCH=$T/fail run "$LOCKPTR" scan --format json src
expect "spatch fails: its message is kept" 3 'spatch failed \(status 5\): spatch: something broke'

SPATCH=$T/nosuch run "$LOCKPTR" scan src
expect "spatch missing: environment error" 2 'line1:nosuch: not found \(install coccinelle, or set SPATCH\)'

if cmp -s src/a.c a.orig; then ok "scan writes nothing"; else not_ok "scan writes nothing"; fi
TMPDIR=$T SPATCH=$T/garbage run "$LOCKPTR" scan src
if [ -z "$(ls -d "$T"/lockptr.* 2>/dev/null)" ]; then ok "temporary directory removed"; else not_ok "temporary directory removed" "$(ls -d "$T"/lockptr.*)"; fi
summary
