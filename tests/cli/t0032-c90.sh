#!/bin/sh
# A project that builds as C90 with -pedantic -Werror (its database says
# so) migrates, and every file still builds that way: the helpers use no
# C99 syntax in a C90 translation unit, and a static initializer's box is
# positional there. A zeroed static object would need a designator (C99):
# such a unit rolls back under C90 with the compiler's reason (near miss).
. "$(dirname "$0")/../lib.sh"
mkdir "$T/p" && cd "$T/p" || exit 1
cat >queue.h <<'H'
/* A C90 project: block comments, declarations first. */
#ifndef QUEUE_H
#define QUEUE_H
#include <pthread.h>

struct queue {
	int n;
	pthread_mutex_t lock;
	pthread_cond_t ready;
};

int queue_init(struct queue *q);
int queue_fini(struct queue *q);
struct queue queue_copy(const struct queue *q);
#endif
H
cat >queue.c <<'C'
#include "queue.h"

static struct queue spare = { 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

int queue_init(struct queue *q)
{
	int rc;

	q->n = spare.n;
	if ((rc = pthread_mutex_init(&q->lock, NULL)) != 0)
		return rc;
	return pthread_cond_init(&q->ready, NULL);
}

int queue_fini(struct queue *q)
{
	pthread_cond_destroy(&q->ready);
	return pthread_mutex_destroy(&q->lock);
}

struct queue queue_copy(const struct queue *q)
{
	return *q;
}
C
cat >near.c <<'C'
#include <pthread.h>

struct tally {
	pthread_mutex_t tmu;
	long value;
};

static struct tally total;

void tally_init(struct tally *t)
{
	pthread_mutex_init(&t->tmu, NULL);
}

struct tally tally_copy(void)
{
	return total;
}
C
flags='"cc", "-std=c90", "-pedantic", "-Wall", "-Wextra", "-Werror", "-D_POSIX_C_SOURCE=200809L"'
printf '[{"directory": "%s", "file": "queue.c", "arguments": [%s, "-c", "queue.c"]},
{"directory": "%s", "file": "near.c", "arguments": [%s, "-c", "near.c"]}]\n' \
	"$PWD" "$flags" "$PWD" "$flags" >compile_commands.json
for c in queue.c near.c; do
	cc -std=c90 -pedantic -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -c "$c" -o /dev/null ||
		not_ok "the C90 project builds before" "$c"
done
run "$LOCKPTR" apply --all --format json --progress never -p compile_commands.json .
expect_rc "apply: one unit rolls back (the near miss)" 1 && ok "apply: one unit rolls back (the near miss)"
python3 -c 'import json,sys
for u in json.load(open(sys.argv[1]))["units"]:
    print(u["type"] + "." + u["member"], u["status"], (u["reason"] or "")[:80])' "$T/out" >"$T/units"
expect_units() {
	if grep -q "^$1 $2" "$T/units"; then ok "$1: $2"; else not_ok "$1: $2" "$(cat "$T/units")"; fi
}
expect_units "struct queue.lock" migrated
expect_units "struct queue.ready" migrated
expect_units "struct tally.tmu" "rolled-back does not compile"
grep -q 'LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER)' queue.c &&
	grep -q 'pthread_mutex_t \*lock;' queue.h &&
	ok "the lock is a pointer, the static instance has a static box" ||
	not_ok "the lock is a pointer, the static instance has a static box" "$(cat queue.c)"
for c in queue.c near.c; do
	if cc -std=c90 -pedantic -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -c "$c" -o /dev/null 2>"$T/cc"; then
		ok "$c builds with -std=c90 -pedantic -Werror after"
	else
		not_ok "$c builds with -std=c90 -pedantic -Werror after" "$(head -n 5 "$T/cc")"
	fi
done
summary
