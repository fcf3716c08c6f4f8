#!/bin/sh
# lockptr explain UNIT: on every refused unit of the rewrite corpus, its
# facts, the reason apply gives (byte for byte) and a next step; on a
# migratable unit, the files and translation units; on a kept one, the
# keep. It writes nothing in the tree.
. "$(dirname "$0")/../lib.sh"
cd "$T"
for c in refused reasons; do
	cp -r "$ROOT/corpus/rewrite/$c/in" "$c"
	cp -r "$c" "$c.orig"
	# type, member and reason of each unit apply refuses, one a line.
	python3 -c 'import json,sys
for u in json.load(open(sys.argv[1]))["units"]:
    if u["status"] == "refused":
        print(u["type"] + "\t" + u["member"] + "\t" + u["reason"])' \
		"$ROOT/corpus/rewrite/$c/expected.json" >"$c.units"
	while IFS='	' read -r type member reason; do
		(cd "$c" && "$LOCKPTR" explain "$type.$member" .) >"$T/out" 2>"$T/err"
		RC=$?
		if expect_rc "explain $type.$member" 0 &&
		   grep -qxF "decision: refused: $reason" "$T/out" &&
		   grep -q "^  declared   [a-z_0-9]*\.[ch]:[0-9]*:[0-9]*$" "$T/out" &&
		   grep -q "^next step: ." "$T/out" &&
		   grep -q "lockptr: keep: REASON" "$T/out"; then
			ok "explain $type.$member: declaration, reason, next step"
		else
			not_ok "explain $type.$member: declaration, reason, next step" "$(cat "$T/out")"
		fi
	done <"$c.units"
done

# The facts behind each refusal.
cd refused
run "$LOCKPTR" explain 'struct shared.mu' .
expect "process-shared: the init and the attribute" 0 \
	"^  init       refused.c:41:2: pthread_mutex_init\(\) in shared_copy\(\)" \
	"^  hazard     refused.c:40:2: attribute .* set to PTHREAD_PROCESS_SHARED" \
	"^  copies     refused.c:42:9: 'struct shared' copied \(return\) in shared_copy\(\)" \
	"^next step: a process-shared lock must stay"
run "$LOCKPTR" explain 'struct counter.cmu' .
expect "a macro that takes the address" 0 \
	"hazard     macro.c:6:1: macro LOCKED\(\) hands the address of a member named 'cmu' to pthread_mutex_lock\(\)" \
	"^ +macro.c:9:1: macro COUNTER_SETUP\(\) hands the address of a member named 'cmu' to pthread_mutex_init\(\)" \
	"decision: refused: macro COUNTER_SETUP\(\) at macro.c:9 .* for pthread_mutex_init\(\)" \
	"next step: make the macro take"
run "$LOCKPTR" explain 'struct nested.in.deep.sl' .
expect "an init on an untagged struct's member" 0 "init       refused.c:31:2: pthread_spin_init\(\)"
run "$LOCKPTR" explain 'struct automatic.mu' .
expect "an automatic object's initializer" 0 \
	"static     refused.c:24:26: 'a' = \{ .mu = PTHREAD_MUTEX_INITIALIZER \} in auto_copy\(\) \(an automatic object\)"
cd ../reasons
run "$LOCKPTR" explain 'struct ok.m' .
expect "a migratable unit: files, translation units, the commands" 0 \
	"^decision: lockptr can migrate it$" "^  rewrites   q.c q.h \(and lockptr_locks.h next to q.h" \
	"^  compiles   q.c " "^next step: lockptr diff --only 'struct ok.m' \. shows the change" \
	"init       q.c:31:2: pthread_mutex_init\(\) in ok_init\(\); its result is ignored"
run "$LOCKPTR" explain 'struct inner.m' .
expect "a holder" 0 "^  held by    struct outer$"
run "$LOCKPTR" explain --keep 'struct ok.m: on purpose' 'struct ok.m' .
expect "a kept unit" 0 "^decision: kept by value on purpose \(--keep, or keep in the project file\): on purpose$"
cd ..
for c in refused reasons; do
	if diff -r "$c.orig" "$c" >/dev/null && [ ! -e "$c/.lockptr" ]; then
		ok "explain wrote nothing in $c"
	else
		not_ok "explain wrote nothing in $c" "$(diff -r "$c.orig" "$c" | head)"
	fi
done

run "$LOCKPTR" explain 'struct ok.x' reasons
expect "no such unit: exit 2, the near ones named" 2 \
	"line1:^lockptr: explain: no unit 'struct ok.x'; there are 'struct ok.m'"
run "$LOCKPTR" explain
expect "no unit named" 2 "line1:explain: name the unit"
run "$LOCKPTR" explain reasons
expect "a path is no unit" 2 "line1:explain: 'reasons' is no unit"
run "$LOCKPTR" explain --format json 'struct ok.m' reasons
expect "text only" 2 "line1:explain prints text only"
summary
