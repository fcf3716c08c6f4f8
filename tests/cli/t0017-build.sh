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
	{ pthread_mutex_t copy; copy = p->mutex; (void)copy; }
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

# A file no entry compiles (tools/x.c) borrows the flags of the nearest
# entry and is verified like the others; vendored code and public headers
# are tests/cli/t0030-scope.sh's.
unbuilt_tree() {
	mkdir "$T/$1" && cd "$T/$1" || exit 1
	mkdir -p tools src
	printf '#include <pthread.h>\nstruct t { pthread_mutex_t m; };\n' >src/t.h
	printf '%b#include "../src/t.h"\nvoid lock(struct t *p) { pthread_mutex_lock(&p->m); }\n' \
		"$2" >tools/x.c
	cat >src/t.c <<'C'
#include "t.h"
void use(struct t v);
void f(struct t *p) { pthread_mutex_init(&p->m, 0); use(*p); }
C
	printf '[{"directory": "%s/src", "file": "t.c", "arguments": ["cc", "-DT_BUILD", "-c", "t.c"]}]\n' \
		"$PWD" >compile_commands.json
}
unbuilt_tree unbuilt ''
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "a file no entry compiles is verified with the flags of the nearest entry" 0 \
	'"status": "migrated"' '"tools/x.c",'
tr -d ' \n' <"$T/out" >"$T/flat"
if grep -q '{"file":"tools/x.c","entry":1,"compiled":true,"borrowed":"src/t.c"}' "$T/flat"; then
	ok "apply --format json: the entry whose flags were borrowed"
else
	not_ok "apply --format json: the entry whose flags were borrowed" "$(cat "$T/out")"
fi
if grep -q 'pthread_mutex_lock(p->m)' tools/x.c; then ok "the unbuilt file is migrated"; else not_ok "the unbuilt file is migrated"; fi

# Borrowed flags that do not compile the file: rolled back with the
# compiler's first error.
unbuilt_tree unbuilt2 '#ifndef TOOL_BUILD\n#error built only by the tool build\n#endif\n'
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "borrowed flags that fail: rolled back with the compiler's first error" 1 \
	'"status": "rolled-back"' \
	'"reason": "tools/x.c is compiled by no entry of the database, and with the flags of entry 1 \(src/t.c\) it does not compile before the change: cannot verify the unit: tools/x.c:2:2: error: #error built only by the tool build"'
if grep -q 'pthread_mutex_t m;' src/t.h && grep -q '&p->m' tools/x.c && ! [ -e src/lockptr_locks.h ]; then
	ok "the rolled-back unit's files are as they were"
else
	not_ok "the rolled-back unit's files are as they were"
fi

# A .c file outside the build (no entry compiles or includes it) is not
# parsed: its facts would be left out anyway (the warning says so), and
# what spatch cannot parse there is no fault of the scan. Without -p the
# same file is parsed and reported.
unbuilt_tree outside ''
printf '#include "../src/t.h"\nvoid use(struct t v);\nvoid g(struct t *p) { use(*p); }\nint broken( {\n' \
	>tools/y.c
run "$LOCKPTR" scan --format json -p compile_commands.json .
if grep -q '"tools/y.c"' "$T/out"; then
	not_ok "a .c file outside the build is not parsed" "$(cat "$T/out")"
else
	expect "a .c file outside the build is not parsed" 1 '"kind": "arg"' '"incomplete": \[\]'
fi
run "$LOCKPTR" scan --format json .
expect "without -p it is parsed (and not fully)" 3 '"file": "tools/y.c"'

# A changed header that no entry compiles, directly or through an
# #include, is compiled on its own with borrowed flags.
mkdir "$T/hdr" && cd "$T/hdr" || exit 1
mkdir src extra
printf '#include <pthread.h>\nstruct t { pthread_mutex_t m; };\n' >src/t.h
cat >src/t.c <<'C'
#include "t.h"
void use(struct t v);
void f(struct t *p) { pthread_mutex_init(&p->m, 0); use(*p); }
C
cat >extra/lock.h <<'C'
#include "t.h"
static inline void lock_it(struct t *p) { pthread_mutex_lock(&p->m); }
C
printf '[{"directory": "%s/src", "file": "t.c", "arguments": ["cc", "-I%s/src", "-c", "t.c"]}]\n' "$PWD" "$PWD" >compile_commands.json
run "$LOCKPTR" apply --format json -p compile_commands.json .
tr -d ' \n' <"$T/out" >"$T/flat"
expect "a header no entry compiles is compiled on its own, with borrowed flags" 0 \
	'"status": "migrated"' '"extra/lock.h",'
if grep -q '{"file":"extra/lock.h","entry":1,"compiled":true,"borrowed":"src/t.c"}' "$T/flat"; then
	ok "the header's borrowed entry is listed"
else
	not_ok "the header's borrowed entry is listed" "$(cat "$T/out")"
fi
summary
