#!/bin/sh
# lockptr diff: exits like diff(1), colours only when asked or on a
# terminal, and writes nothing in the tree (not even .lockptr).
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/seed" seed
cp -r seed orig
cd seed

run "$LOCKPTR" diff .
expect "a diff was printed: exit 1" 1 '^--- a/server.h$' '^\+\+\+ b/server.h$' '^--- /dev/null$' '!\[3'
run "$LOCKPTR" diff --color always .
expect "--color always" 1 "$(printf '\033')\[32m\+"
run "$LOCKPTR" diff --color sometimes .
expect "--color with a bad value" 2 "line1:--color 'sometimes'"
if diff -r "$T/orig" . >/dev/null && [ ! -e .lockptr ]; then
	ok "diff wrote nothing in the tree"
else
	not_ok "diff wrote nothing in the tree" "$(ls -a)"
fi
"$LOCKPTR" apply -q . >/dev/null 2>&1
run "$LOCKPTR" diff .
expect "nothing left to change: exit 0" 0 '!.'

# A database whose -include file is generated (not among the scanned
# files): diff, which works in a copy of the scanned files, still finds it
# and gives what apply writes.
mkdir "$T/gen" && cd "$T/gen" || exit 1
git init -q .
printf 'gen.h\ncompile_commands.json\n' >.gitignore
printf '#define CONFIG_DONE 1\n' >gen.h
{
	printf '#include <pthread.h>\n#ifndef CONFIG_DONE\n#error run configure first\n#endif\n'
	printf 'struct q { pthread_mutex_t m; int n; };\n'
	printf 'int q_init(struct q *p) { return pthread_mutex_init(&p->m, NULL); }\n'
	printf 'struct q q_copy(struct q *p) { return *p; }\n'
} >a.c
printf '[{"directory": "%s", "file": "a.c", "arguments": ["cc", "-include", "%s/gen.h", "-c", "a.c"]}]\n' \
	"$T/gen" "$T/gen" >compile_commands.json
cp a.c "$T/a.orig"
run "$LOCKPTR" diff -p compile_commands.json .
expect "diff with a generated -include file" 1 '^\+\+\+ b/a.c$'
cp "$T/out" "$T/gen.patch"
"$LOCKPTR" apply -q -p compile_commands.json . >/dev/null 2>&1
cp a.c "$T/a.applied"
cp "$T/a.orig" a.c
rm -f lockptr_locks.h
git apply "$T/gen.patch" 2>/dev/null
if cmp -s a.c "$T/a.applied" && ! cmp -s a.c "$T/a.orig"; then
	ok "diff + git apply = apply, with a generated -include file"
else
	not_ok "diff + git apply = apply, with a generated -include file" "$(diff "$T/a.applied" a.c | head -5)"
fi
summary
