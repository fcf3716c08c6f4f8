#!/bin/sh
# verify counts a unit refused by design (process-shared, in shared
# memory) as done: it stays embedded by value, and says so; a unit refused
# for a limit of lockptr (here: no init lockptr can see) is still pending.
. "$(dirname "$0")/../lib.sh"
cd "$T"
mkdir tree
cat >tree/shm.c <<'C'
#include <pthread.h>
#include <sys/mman.h>

struct counter { pthread_mutex_t lock; long value; };
struct ring { pthread_spinlock_t spin; int slots[16]; };
struct plain { pthread_mutex_t mu; int n; };

int counter_init(struct counter *c)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	return pthread_mutex_init(&c->lock, &attr);
}

struct ring *ring_map(void)
{
	struct ring *r = mmap(0, sizeof(*r), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	pthread_spin_init(&r->spin, PTHREAD_PROCESS_SHARED);
	return r;
}

void plain_init(struct plain *p) { pthread_mutex_init(&p->mu, NULL); p->n = 0; }
void plain_done(struct plain *p) { pthread_mutex_destroy(&p->mu); }
C

run "$LOCKPTR" verify --all --no-cache tree
expect "verify: a unit not migrated is pending" 1 \
	"^tree/shm.c:6:16: warning: 'struct plain.mu' is still embedded by value$" \
	"^tree/shm.c:4:18: note: 'struct counter.lock' stays embedded by value, refused by design: process-shared" \
	"^tree/shm.c:5:15: note: 'struct ring.spin' stays embedded by value, refused by design: lives in shared memory" \
	'^lockptr: 1 selected unit still embedded by value \(2 more refused by design, which stay\)$'

run "$LOCKPTR" verify --no-cache --only 'struct counter.lock' --only 'struct ring.spin' tree
expect "verify: units refused by design only: exit 0" 0 \
	'^lockptr: 0 selected units still embedded by value \(2 more refused by design, which stay\)$'

run "$LOCKPTR" verify --no-cache --format json --only 'struct counter.lock' tree
expect "verify --format json: by_design and pending" 0 '"by_design": true' '"pending": 0'

run "$LOCKPTR" scan --no-cache --format json tree
expect "scan --format json: by_design only on units refused by design" 1 \
	'"refused": "process-shared: attribute .attr. set to PTHREAD_PROCESS_SHARED at tree/shm.c:13",$'
n=$(grep -c '"by_design": true' "$T/out")
if [ "$n" -eq 2 ]; then ok "scan: two units by design"; else not_ok "scan: two units by design" "$n"; fi

run "$LOCKPTR" apply --all --format json tree
expect "apply: migrates the plain unit, refuses the others by design" 1 \
	'"status": "migrated"' '"by_design": true'
run "$LOCKPTR" verify --all --no-cache tree
expect "verify after apply: only units refused by design are left: exit 0" 0 \
	"!warning" '^lockptr: 0 selected units still embedded by value \(2 more refused by design, which stay\)$'

# A limit of lockptr is pending, refused or not.
cat >>tree/shm.c <<'C'
struct lazy { pthread_mutex_t mu; int state; };
void lazy_use(struct lazy *l) { pthread_mutex_lock(&l->mu); l->state++; pthread_mutex_unlock(&l->mu); }
C
run "$LOCKPTR" verify --all --no-cache --format json tree
expect "verify: a unit refused for a limit is pending" 1 '"pending": 1' \
	'"refused": "no pthread_mutex_init\(\) call'
summary
