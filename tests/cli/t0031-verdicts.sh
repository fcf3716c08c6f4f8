#!/bin/sh
# Fast re-runs: a unit an earlier apply rolled back or refused in
# verification is reported from its kept verdict, "(cached)", without
# spatch or the compiler, while its inputs are what they were.
. "$(dirname "$0")/../lib.sh"

# spatch and cc that log their runs, then do their work. The scan of the
# files a run changed (and, with -p, cc -E of each entry) is not
# verification: a rewrite runs spatch with the unit's patch, the compile
# check runs cc -fsyntax-only.
mkdir "$T/bin"
printf '#!/bin/sh\necho "spatch $*" >>"%s/runs"\nexec spatch "$@"\n' "$T" >"$T/bin/spatch"
printf '#!/bin/sh\necho "cc $*" >>"%s/runs"\nexec cc "$@"\n' "$T" >"$T/bin/cc"
chmod +x "$T/bin/spatch" "$T/bin/cc"
export SPATCH="$T/bin/spatch" CC="$T/bin/cc"
runs() { if [ -f "$T/runs" ]; then grep -c -e 'unit\.cocci' -e '-fsyntax-only' "$T/runs"; else echo 0; fi; }

# A tree whose unit is rolled back: a macro uses the lock as a value, and
# one whose unit is migrated.
mkdir "$T/tree" && cd "$T/tree" || exit 1
cat >c.h <<'C'
#include <pthread.h>
struct counter { int n; pthread_mutex_t mu; };
#define COUNTER_LOCK_COPY(c) pthread_mutex_t copy = (c)->mu
C
cat >c.c <<'C'
#include "c.h"
void use(struct counter c);
int f(struct counter *c)
{
	pthread_mutex_init(&c->mu, 0);
	{ COUNTER_LOCK_COPY(c); (void)copy; }
	use(*c);
	return 0;
}
C
cat >ok.c <<'C'
#include <pthread.h>
struct fine { pthread_mutex_t m; };
void use2(struct fine f);
void g(struct fine *p) { pthread_mutex_init(&p->m, 0); use2(*p); }
C
printf '[{"directory": "%s", "file": "c.c", "arguments": ["cc", "-DFLAG=1", "-c", "c.c"]},
{"directory": "%s", "file": "ok.c", "arguments": ["cc", "-c", "ok.c"]}]\n' "$PWD" "$PWD" >compile_commands.json

run "$LOCKPTR" apply -p compile_commands.json .
expect "first run: rolled back, verified" 1 "'struct counter.mu' rolled-back: does not compile" \
	"'struct fine.m' migrated" '!\(cached\)'
if [ -n "$(ls .lockptr/verdicts 2>/dev/null)" ]; then ok "a verdict is kept"; else not_ok "a verdict is kept"; fi
if [ "$(runs)" -gt 0 ]; then ok "the rewrite and the compile check are seen in the log"; else not_ok "the rewrite and the compile check are seen in the log" "$(cat "$T/runs")"; fi
rm -f "$T/runs"
run "$LOCKPTR" apply -p compile_commands.json --format json .
expect "second run: the verdict, cached" 1 '"reason": "does not compile: .*\(cached\)"' \
	'"status": "rolled-back"' '"entries": \['
if [ "$(runs)" -eq 0 ]; then ok "second run: no spatch and no compiler"; else not_ok "second run: no spatch and no compiler" "$(cat "$T/runs")"; fi
# The first run wrote lockptr_locks.h (ok.c's unit): the facts of the
# files it did not change are still cached.
if ! grep -q ' c\.c$' "$T/runs"; then ok "second run: an unchanged file is not parsed again"; else not_ok "second run: an unchanged file is not parsed again" "$(cat "$T/runs")"; fi

run "$LOCKPTR" apply -p compile_commands.json --retry .
expect "--retry verifies again" 1 "'struct counter.mu' rolled-back: does not compile" '!\(cached\)'
run "$LOCKPTR" apply -p compile_commands.json .
expect "--retry keeps the verdict for the next run" 1 '\(cached\)'

# A header elsewhere, that no input includes, keeps the verdict (a
# migration writes lockptr_locks.h in new directories).
mkdir other && printf '#include <pthread.h>\nstruct other { int n; };\n' >other/o.h
run "$LOCKPTR" apply -p compile_commands.json .
expect "a new header in a new directory, included by none: still cached" 1 '\(cached\)'

# Each input changes the verdict's key or its inputs.
printf '/* edited */\n' >>c.c
run "$LOCKPTR" apply -p compile_commands.json .
expect "a changed translation unit: verified again" 1 "rolled-back: does not compile" '!\(cached\)'
printf '/* edited */\n' >>c.h
run "$LOCKPTR" apply -p compile_commands.json .
expect "a changed header: verified again" 1 "rolled-back: does not compile" '!\(cached\)'
sed -i 's/-DFLAG=1/-DFLAG=2/' compile_commands.json
run "$LOCKPTR" apply -p compile_commands.json .
expect "a changed database entry: verified again" 1 "rolled-back: does not compile" '!\(cached\)'
run "$LOCKPTR" apply -p compile_commands.json -DOTHER .
expect "another -D: verified again" 1 "rolled-back: does not compile" '!\(cached\)'
run "$LOCKPTR" apply -p compile_commands.json .
expect "the same inputs again: cached" 1 '\(cached\)'

# A corrupt, truncated or hostile entry is a miss, never an error.
for f in .lockptr/verdicts/*.json; do printf '{"version": 1, "status": "refused"' >"$f"; done
run "$LOCKPTR" apply -p compile_commands.json .
expect "a truncated verdict is a miss" 1 "rolled-back: does not compile" '!\(cached\)'
for f in .lockptr/verdicts/*.json; do
	sed -i 's/"changed":\[[^]]*\]/"changed":["..\/outside.c"]/' "$f"
done
run "$LOCKPTR" apply -p compile_commands.json .
expect "a verdict naming a path outside the tree is a miss" 1 '!\(cached\)'
for f in .lockptr/verdicts/*.json; do rm "$f" && ln -s "$T/elsewhere.json" "$f"; done
printf '{}' >"$T/elsewhere.json"
run "$LOCKPTR" apply -p compile_commands.json .
expect "a verdict that is a symlink is a miss" 1 '!\(cached\)'
if [ "$(cat "$T/elsewhere.json")" = '{}' ]; then ok "nothing written through the symlink"; else not_ok "nothing written through the symlink"; fi

# A translation unit that does not compile before for a missing header
# may compile next time (the header generated, the library installed).
mkdir "$T/missing" && cd "$T/missing" || exit 1
printf '#include <pthread.h>\nstruct m { pthread_mutex_t mu; };\n' >m.h
printf '#include "m.h"\n#include "generated.h"\nvoid use(struct m v);\nvoid f(struct m *p) { pthread_mutex_init(&p->mu, 0); use(*p); }\n' >m.c
run "$LOCKPTR" apply .
expect "a missing header: rolled back" 1 'generated.h: No such file or directory'
run "$LOCKPTR" apply .
expect "a missing header: no verdict kept, verified again" 1 'generated.h: No such file or directory' '!\(cached\)'
: >generated.h
run "$LOCKPTR" apply .
expect "the header there: migrated" 0 "'struct m.mu' migrated"
cd "$T/tree" || exit 1

# --no-cache neither reads nor writes verdicts; diff keeps none.
rm -rf .lockptr
run "$LOCKPTR" apply -p compile_commands.json --no-cache .
expect "--no-cache: verified" 1 '!\(cached\)'
if [ -z "$(ls .lockptr/verdicts 2>/dev/null)" ]; then ok "--no-cache: no verdict kept"; else not_ok "--no-cache: no verdict kept"; fi
run "$LOCKPTR" diff -p compile_commands.json .
if [ -z "$(ls .lockptr/verdicts 2>/dev/null)" ]; then ok "diff keeps no verdict"; else not_ok "diff keeps no verdict"; fi
summary
