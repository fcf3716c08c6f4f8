#!/bin/sh
# The cache of `cc -E` runs (-p): a scan of an unchanged tree runs no
# preprocessor, and any change that can change what it printed (a
# header's contents, a header added where it would be found first, a
# file added or removed in a directory it searches, --no-cache, a broken
# entry) runs it again, with the facts of the tree as it is.
. "$(dirname "$0")/../lib.sh"

mkdir "$T/tree" "$T/tree/inc" && cd "$T/tree" || exit 1
cat >s.h <<'H'
#include <pthread.h>
struct s { int n; pthread_mutex_t mutex; };
H
echo '#define MODE 1' >inc/cfg.h
cat >a.c <<'C'
#include "s.h"
#include "cfg.h"
int f(struct s *p, struct s *q)
{
	pthread_mutex_init(&p->mutex, 0);
#if MODE == 2
	*q = *p;
#endif
	return p->n;
}
C
# nope/ does not exist: the compiler ignores it, until it does.
printf '[{"directory": "%s", "file": "a.c", "arguments": ["cc", "-Inope", "-Iinc", "-c", "a.c"]}]\n' \
	"$PWD" >compile_commands.json
# The compiler the probe runs, counting its runs outside the tree.
cat >"$T/cc" <<S
#!/bin/sh
echo run >>"$T/cc.log"
exec cc "\$@"
S
chmod +x "$T/cc"
: >"$T/cc.log"

# scan NAME RUNS COPIES [OPTION]: a scan runs the compiler RUNS times in
# all so far and reports COPIES copies.
scan() {
	name=$1 runs=$2 copies=$3
	shift 3
	CC="$T/cc" run "$LOCKPTR" scan --format json -p compile_commands.json "$@" .
	got_runs=$(wc -l <"$T/cc.log")
	got_copies=$(grep -c '"kind": "assign"' "$T/out")
	if [ "$RC" -gt 1 ] || [ "$got_runs" -ne "$runs" ] || [ "$got_copies" -ne "$copies" ]; then
		not_ok "$name" "exit $RC, $got_runs compiler runs (want $runs), $got_copies copies (want $copies): $(head -c 400 "$T/err")"
	else
		ok "$name"
	fi
}

scan "first scan: the compiler runs, MODE 1 has no copy" 1 0
scan "unchanged tree: no compiler run, the same facts" 1 0
sed -i 's/MODE 1/MODE 2/' inc/cfg.h
scan "a header changed: it runs again, and the copy under MODE == 2 is found" 2 1
scan "unchanged again: no run" 2 1
mkdir nope && echo '#define MODE 1' >nope/cfg.h
scan "a header now found first, in a directory that was missing: a run" 3 0
rm -r nope
scan "and gone again: a run" 4 1
touch inc/other.h
scan "a file added to a directory it searches: a run" 5 1
scan "--no-cache: a run every time" 6 1 --no-cache
for e in $(find .lockptr/cache -name '*.json'); do printf '{"files": [["a.c", "x"]]' >"$e"; done
scan "broken entries are misses, not errors" 7 1
scan "and are stored again" 7 1

summary
