#!/bin/sh
# One tag, several definitions: a unit per definition, named with its
# file; --only 'TYPE.MEMBER@FILE' selects one, 'TYPE.MEMBER' all of them;
# a migration never touches the files of another definition, and a file
# that sees two definitions refuses the unit.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan/definitions" defs
cd defs

run "$LOCKPTR" scan --no-cache .
expect "scan names each definition's unit and copy with its file" 1 \
	"^ipc_unix.c:8:2: warning: lock member 'struct ipc.mu@ipc_unix.c' \(pthread_mutex_t\) is embedded by value and copied \[lock-member\]$" \
	"^ipc_win32.c:8:2: warning: lock member 'struct ipc.mu@ipc_win32.c' \(pthread_mutex_t\) is embedded by value; not migrated: no pthread_mutex_init" \
	"^job.c:11:9: warning: 'struct job@job.h' returned by value in job_copy\(\)" \
	"lock member 'struct cfg.rw' \(pthread_rwlock_t\)"

run "$LOCKPTR" scan --no-cache --format json --only 'struct ipc.mu@ipc_unix.c' .
expect "--only TYPE.MEMBER@FILE selects one definition and its copies" 1 \
	'"file": "ipc_unix.c",' '!"file": "ipc_win32.c"' '"definition": "ipc_unix.c"' \
	'!"file": "job.c"'
run "$LOCKPTR" scan --no-cache --format json --only 'struct ipc.mu@./ipc_win32.c' .
expect "--only: the file as the report spells it, or with ./" 1 \
	'"file": "ipc_win32.c",' '!"file": "ipc_unix.c"' '!"copies": \[$'
run "$LOCKPTR" scan --no-cache --format json --only 'struct ipc.mu' .
expect "--only TYPE.MEMBER selects every definition" 1 \
	'"file": "ipc_win32.c",' '"file": "ipc_unix.c",'
run "$LOCKPTR" scan --no-cache --only 'struct ipc.mu@job.h' .
expect "--only with a file of no such definition" 2 "line1:--only 'struct ipc.mu@job.h': no such unit"
run "$LOCKPTR" scan --no-cache --only 'struct ipc.mu@' .
expect "--only with an empty file" 2 "line1:expected TYPE.MEMBER\[@FILE\]"

run "$LOCKPTR" scan --no-cache --format sarif .
expect "SARIF names the definition" 1 "struct ipc.mu@ipc_unix.c"

# apply: the unix definition only; the win32 file is never touched.
cp ipc_win32.c "$T/win32.orig"
run "$LOCKPTR" apply --only 'struct ipc.mu@ipc_unix.c' .
expect "apply one definition" 0 "^ipc_unix.c:8:2: note: 'struct ipc.mu@ipc_unix.c' migrated"
if cmp -s ipc_win32.c "$T/win32.orig"; then ok "the other definition's file is untouched"
else not_ok "the other definition's file is untouched" "$(diff "$T/win32.orig" ipc_win32.c)"; fi
run "$LOCKPTR" verify --no-cache --only 'struct ipc.mu' .
expect "verify: the other definition is still pending" 1 \
	"^ipc_win32.c:8:2: warning: 'struct ipc.mu@ipc_win32.c' is still embedded by value; refused: " \
	'!ipc_unix'

# A file that sees both definitions (one per #if branch) is rewritten for
# neither.
cd "$T"
mkdir both
cat >both/a_unix.h <<'C'
#include <pthread.h>
struct ipc { pthread_mutex_t m; int fd; };
C
cat >both/a_win32.h <<'C'
#include <pthread.h>
struct ipc { pthread_mutex_t m; void *handle; };
C
cat >both/a.h <<'C'
#ifdef _WIN32
#include "a_win32.h"
#else
#include "a_unix.h"
#endif
C
cat >both/common.c <<'C'
#include "a.h"
void ipc_lock(struct ipc *s) { pthread_mutex_lock(&s->m); }
C
cat >both/unix.c <<'C'
#include "a_unix.h"
void ipc_init(struct ipc *s) { pthread_mutex_init(&s->m, NULL); s->fd = -1; }
struct ipc ipc_copy(struct ipc *s) { return *s; }
C
cp -r both both.orig
run "$LOCKPTR" apply --format json --only 'struct ipc.m@both/a_unix.h' both
expect "a file that sees two definitions refuses the unit" 1 \
	'"reason": "both/common.c sees two definitions of .struct ipc.' '"definition": "both/a_unix.h"'
if diff -r -x .lockptr both.orig both >/dev/null; then ok "nothing written"; else not_ok "nothing written"; fi
summary
