/* By-value arguments of calls that sit inside other calls: a format
 * argument, a call's argument, a macro's argument that spatch parses as a
 * call. Near misses: a pointer argument, a call's result passed on (the
 * callee's return is the site), a compound literal of constants, a call
 * inside sizeof or __typeof__ (never evaluated). */
#include <pthread.h>
#include <stdio.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

#define LOG(x) printf("%ld\n", (long)(x))

long conn_bytes(struct conn c);
long conn_peek(const struct conn *c);
struct conn conn_get(void);
long sum(long a, long b);

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

void report(struct conn *c, struct conn d)
{
	printf("%ld\n", conn_bytes(*c));                /* arg */
	printf("%ld %ld\n", sum(conn_bytes(d), 1), 2L); /* arg */
	LOG(conn_bytes(d));                             /* arg */
	printf("%ld\n", conn_peek(c));                  /* not a copy: pointer */
	printf("%ld\n", conn_bytes(conn_get()));        /* not a copy: call result */
	printf("%ld\n", conn_bytes((struct conn){ .bytes = 1 })); /* not a copy */
	printf("%zu\n", sizeof(conn_bytes(d)));         /* not a copy: sizeof */
	__typeof__(conn_bytes(d)) n = conn_peek(c);     /* not a copy: typeof */
	printf("%ld\n", n);
}
