#!/bin/sh
# Operands: missing paths, non-C files, odd names, binary files, empty and
# git trees; exit statuses 0, 1, 2 and 3.
. "$(dirname "$0")/../lib.sh"
cd "$T"
lock='#include <pthread.h>
struct s { pthread_mutex_t m; };
void s_init(struct s *p) { pthread_mutex_init(&p->m, 0); }'

run "$LOCKPTR" scan nosuch
expect "nonexistent path" 2 'line1:^lockptr: nosuch: No such file or directory$'

echo hello >notes.txt
run "$LOCKPTR" scan notes.txt
expect "not a C file" 2 'line1:not a C source or header'

mkdir empty
run "$LOCKPTR" scan -q empty
expect "empty directory: clean, silent with -q" 0 '!.'

mkdir clean
printf 'int add(int a, int b) { return a + b; }\n' >clean/add.c
run "$LOCKPTR" scan --format json clean
expect "no lock: exit 0" 0 '"units": \[\]'

mkdir 'with space'
printf '%s\n' "$lock" >'with space/a file.c'
run "$LOCKPTR" scan --format json 'with space'
expect "name with spaces" 1 '"file": "with space/a file.c"'

mkdir dash
printf '%s\n' "$lock" >dash/-lead.c
cd dash
run "$LOCKPTR" scan --format json -- -lead.c
expect "leading dash after --" 1 '"file": "-lead.c"'
run "$LOCKPTR" scan -lead.c
expect "leading dash without -- is an option" 2 "line1:unknown option"
cd "$T"

mkdir bin
printf '%s\n' "$lock" >bin/good.c
printf 'pthread_mutex_t\000\001\002' >bin/blob.c
run "$LOCKPTR" scan --format json bin
expect "binary .c: incomplete, the rest scanned" 3 '"file": "bin/blob.c"' \
	'binary file' '"member": "m"'

mkdir -p walk/.git walk/build walk/src
printf '%s\n' "$lock" >walk/.git/hidden.c
printf '%s\n' "$lock" >walk/build/gen.c
: >walk/build/CMakeCache.txt
printf '%s\n' "$lock" >walk/src/real.c
run "$LOCKPTR" scan --format json walk
expect "walk skips VCS and build trees" 1 'walk/src/real.c' '!hidden.c' '!gen.c'

mkdir repo
(cd repo && git init -q && printf '%s\n' "$lock" >tracked.c &&
	printf '%s\n' "$lock" >ignored.c && echo ignored.c >.gitignore &&
	git add tracked.c .gitignore)
run "$LOCKPTR" scan --format json repo
expect "git tree: ignored files skipped" 1 'repo/tracked.c' '!ignored.c'

run "$LOCKPTR" scan --format json ./walk/src/real.c
expect "paths have no ./" 1 '"file": "walk/src/real.c"'

chmod 000 bin/good.c
if [ "$(id -u)" -ne 0 ]; then
	run "$LOCKPTR" scan --format json bin/good.c
	expect "unreadable file: incomplete" 3 'cannot read'
fi
chmod 644 bin/good.c
summary
