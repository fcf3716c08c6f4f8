#!/bin/sh
# Fitting the project's build (-p): a translation unit is verified under
# every entry the database has for it; a file no entry compiles is not
# migrated.
. "$(dirname "$0")/../lib.sh"

# A tree in $T/$1 whose a.c compiles under some entries and not others:
# entry 1 needs a library that is not installed (a target not built by
# default), entries 2 and 3 have the same flags, entry 4 is $2.
entries_tree() {
	mkdir "$T/$1" && cd "$T/$1" || exit 1
	cat >s.h <<'H'
#include <pthread.h>
struct s { int n; pthread_mutex_t mutex; };
H
	cat >a.c <<'C'
#include "s.h"
#ifdef NEEDS_LIB
#include <lockptr-no-such-lib.h>
#endif
void use(struct s v);
int f(struct s *p)
{
	pthread_mutex_init(&p->mutex, 0);
#if MODE == 2
	{ pthread_mutex_t copy = p->mutex; (void)copy; }
#endif
	use(*p);
	return 0;
}
C
	printf '[{"directory": "%s", "file": "a.c", "arguments": ["cc", "-DNEEDS_LIB", "-c", "a.c"]},
{"directory": "%s", "file": "a.c", "arguments": ["cc", "-DMODE=1", "-c", "a.c"]},
{"directory": "%s", "file": "a.c", "arguments": ["cc", "-DMODE=1", "-c", "a.c", "-o", "b.o"]},
{"directory": "%s", "file": "a.c", "arguments": ["cc", "%s", "-c", "a.c"]}]\n' \
		"$PWD" "$PWD" "$PWD" "$PWD" "$2" >compile_commands.json
}

entries_tree entries -DMODE=3
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "an entry that does not compile is left out when another one compiles the file" 0 \
	'"status": "migrated"' '"entry": 1,' '"entry": 2,' '"entry": 4,' '!"entry": 3,'
tr -d ' \n' <"$T/out" >"$T/flat"
if grep -q '"entry":1,"compiled":false},{"file":"a.c","entry":2,"compiled":true},{"file":"a.c","entry":4,"compiled":true}' "$T/flat"; then
	ok "apply --format json: the entries used, each with whether it compiled before"
else
	not_ok "apply --format json: the entries used, each with whether it compiled before" "$(cat "$T/out")"
fi

entries_tree entries2 -DMODE=2
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "kept only if every entry that compiled before compiles after" 1 \
	'"status": "rolled-back"' '"reason": "does not compile \(entry 4 of the database\): .*a\.c'
if grep -q 'pthread_mutex_t mutex;' s.h; then ok "rolled back: s.h as it was"; else not_ok "rolled back: s.h as it was"; fi

entries_tree entries3 -DNEEDS_LIB=2
sed -i 's/"-DMODE=1"/"-DNEEDS_LIB=3"/' compile_commands.json
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "no entry compiles the file: not verifiable" 1 '"status": "rolled-back"' \
	'a\.c does not compile before the change \(with the flags lockptr has, under any of its entries\)' \
	'"compiled": false' '!"compiled": true'

# A file no entry compiles (tools/x.c), and a header only it includes, are
# not migrated; vendored code and public headers are, with a note.
mkdir "$T/scope" && cd "$T/scope" || exit 1
mkdir -p tools deps/lib include/proj src
printf '#include <pthread.h>\nstruct t { pthread_mutex_t m; };\n' >src/t.h
cat >tools/x.c <<'C'
#include "../src/t.h"
void lock(struct t *p) { pthread_mutex_lock(&p->m); }
C
cat >src/t.c <<'C'
#include "t.h"
void use(struct t v);
void f(struct t *p) { pthread_mutex_init(&p->m, 0); use(*p); }
C
printf '#include <pthread.h>\nstruct v { pthread_mutex_t m; };\n' >deps/lib/v.h
printf '#include <pthread.h>\nstruct pub { pthread_mutex_t m; };\n' >include/proj/pub.h
cat >src/y.c <<'C'
#include "lib/v.h"
#include "proj/pub.h"
void use(struct v v);
void usep(struct pub v);
void f(struct v *p) { pthread_mutex_init(&p->m, 0); use(*p); }
void g(struct pub *p) { pthread_mutex_init(&p->m, 0); usep(*p); }
C
printf '[{"directory": "%s/src", "file": "y.c", "arguments": ["cc", "-I../deps", "-I../include", "-c", "y.c"]},
{"directory": "%s/src", "file": "t.c", "arguments": ["cc", "-c", "t.c"]}]\n' "$PWD" "$PWD" >compile_commands.json
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "a file no entry compiles is refused, with that reason" 1 \
	'"reason": "tools/x.c is not compiled by any entry of compile_commands.json: nothing could verify it"'
tr -d '\n' <"$T/out" | sed 's/}, *{/}\n{/g' >"$T/units"
if grep '"struct v"' "$T/units" | grep '"migrated"' | grep -q 'deps/lib/v.h is vendored code (deps/)' &&
   grep '"struct pub"' "$T/units" | grep '"migrated"' | grep -q 'include/proj/pub.h is a public header (include/proj/)'; then
	ok "vendored code and public headers: migrated, with a note"
else
	not_ok "vendored code and public headers: migrated, with a note" "$(cat "$T/out")"
fi
if grep -q 'pthread_mutex_t m;' src/t.h && grep -q '&p->m' tools/x.c && ! [ -e src/lockptr_locks.h ]; then
	ok "the refused unit's files are as they were"
else
	not_ok "the refused unit's files are as they were"
fi
summary
