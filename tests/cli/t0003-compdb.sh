#!/bin/sh
# -p: a compilation database, as a file or its directory; malformed ones
# are usage errors with the place of the fault.
. "$(dirname "$0")/../lib.sh"
cd "$T"
mkdir -p include/proj src
cat >include/proj/outer.h <<'H'
#include <pthread.h>
struct conn { int fd; pthread_mutex_t wlock; };
struct outer { struct conn c; int n; };
H
cat >src/a.c <<'C'
#include "proj/outer.h"
void use(struct conn c);
int f(struct outer *o)
{
	pthread_mutex_init(&o->c.wlock, 0);
	use(o->c);
	return 0;
}
C
printf '[{"directory": "%s/src", "file": "a.c", "command": "cc -c -I '\''../include'\'' -DX=1 a.c"}]\n' "$T" >compile_commands.json

run "$LOCKPTR" scan --format json -p compile_commands.json .
expect "-p FILE" 1 '"kind": "arg"' '"path": "c.wlock"|"path": "wlock"'
run "$LOCKPTR" scan --format json -p . .
expect "-p DIR" 1 '"kind": "arg"'

mkdir rel && printf '[{"directory": "../src", "file": "a.c", "arguments": ["cc", "-I../include", "-c", "a.c"]}]\n' >rel/compile_commands.json
run "$LOCKPTR" scan --format json -p rel .
expect "-p with a relative directory and arguments" 1 '"kind": "arg"'

run "$LOCKPTR" scan -p nosuch.json .
expect "-p missing file" 2 'line1:^lockptr: -p nosuch.json: No such file or directory$'

printf '[{"directory": "/", "file": "a.c",\n  "command": }]\n' >bad.json
run "$LOCKPTR" scan -p bad.json .
expect "-p malformed JSON: file, line and column" 2 'line1:^lockptr: -p bad.json:2:[0-9]+: '

printf '{"directory": "/"}\n' >obj.json
run "$LOCKPTR" scan -p obj.json .
expect "-p not an array" 2 'line1:expected an array of entries'

printf '[{"directory": "/", "command": "cc a.c"}]\n' >nofile.json
run "$LOCKPTR" scan -p nofile.json .
expect "-p entry without file" 2 'line1:entry 1: needs "directory", "file"'

printf '[{"directory": "/", "file": "a.c", "command": "cc -I'\''x a.c"}]\n' >quote.json
run "$LOCKPTR" scan -p quote.json .
expect "-p unclosed quote in command" 2 'line1:entry 1: unclosed quote'
# Flags that change the code (-D, -include) reach the compile checks, in
# apply and in diff's private copy alike.
mkdir "$T/flags" && cd "$T/flags"
cp "$ROOT/corpus/seed/server.h" .
sed 's/#define ITERS 20000/#define ITERS (VERSION * 20000)/' "$ROOT/corpus/seed/server.c" >server.c
printf '[{"directory": "%s", "file": "server.c", "arguments": ["cc", "-DVERSION=1", "-include", "stdio.h", "-c", "server.c"]}]\n' "$PWD" >compile_commands.json
run "$LOCKPTR" diff -p compile_commands.json .
expect "diff -p: the database's -D and -include in the private copy" 1 '^\+	pthread_mutex_t \*mutex;'
run "$LOCKPTR" apply --format json -p compile_commands.json .
expect "apply -p: the database's -D and -include" 0 '"status": "migrated"'
summary
