/* Initializer lists and compound literals that contain another object:
 * positional, designated by member and by index, one list deep, as a
 * call's argument (two literals in one statement), assigned, returned.
 * Near misses: a compound literal of constants, a call's result as an
 * element, a pointer element, a literal inside sizeof. */
#include <pthread.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

struct pair {
	int id;
	struct conn c;
};

struct two {
	struct conn c[2];
};

struct ref {
	struct conn *c;
};

long pair_bytes(struct pair p);
long ref_bytes(struct ref r);
struct conn conn_get(void);

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

struct pair literals(struct conn *p, struct conn s)
{
	struct pair a = { 1, s };                       /* literal */
	struct pair b;
	struct conn arr[2] = { [1] = s, [0] = *p };     /* literal, literal */
	struct two w = { { s, *p } };                   /* literal, literal */
	long t;

	t = pair_bytes((struct pair){ 2, *p });         /* literal */
	t += pair_bytes((struct pair){ .id = 3, .c = s }); /* literal */
	b = (struct pair){ 4, s };                      /* literal */
	t += pair_bytes((struct pair){ 2, s }) + pair_bytes((struct pair){ .c = *p }); /* literal, literal */
	t += pair_bytes((struct pair){ .id = 5 });      /* not a copy */
	t += pair_bytes((struct pair){ 6, conn_get() }); /* not a copy: call result */
	t += ref_bytes((struct ref){ p });              /* not a copy: pointer */
	t += (long)sizeof((struct pair){ 7, s });       /* not a copy: sizeof */
	b.id = (int)t + a.id + (int)arr[0].bytes + (int)w.c[1].bytes;
	return (struct pair){ 8, b.c };                 /* literal */
}
