#!/usr/bin/env python3
"""Writes a synthetic C tree for `make bench`, the same for the same
arguments: gen.py DIR NFILES [PERCENT_WITH_LOCKS].

DIR/include/common.h defines lock-holding types (a struct with an rwlock,
a typedef'd struct that embeds it, a pool with an array of those and a
mutex). About PERCENT of the .c files (default 5) use them: they copy
the types (by-value parameter, return, assignment, memcpy, initialisation)
and initialise and destroy the locks. The rest is ordinary C of the same
size (~300 lines) that names no lock. A compile_commands.json is written
for the tools that take one."""
import json
import os
import random
import sys

HEADER = """#ifndef COMMON_H
#define COMMON_H
#include <pthread.h>
#include <string.h>

struct stats {
	long hits;
	pthread_rwlock_t rw;
};

typedef struct worker {
	int id;
	struct stats st;
} worker_t;

struct pool {
	worker_t w[4];
	pthread_mutex_t mu;
	int n;
};

struct plain {
	int a, b;
	long c[8];
};

int pool_init(struct pool *p);
#endif
"""

LOCK_FUNCS = """
int pool_init_{i}(struct pool *p)
{{
	for (int k = 0; k < 4; k++)
		if (pthread_rwlock_init(&p->w[k].st.rw, NULL) != 0)
			return -1;
	p->n = 0;
	return pthread_mutex_init(&p->mu, NULL);
}}

void pool_fini_{i}(struct pool *p)
{{
	for (int k = 0; k < 4; k++)
		pthread_rwlock_destroy(&p->w[k].st.rw);
	pthread_mutex_destroy(&p->mu);
}}

worker_t worker_get_{i}(struct pool *p, int k)
{{
	return p->w[k % 4];
}}

long stats_sum_{i}(struct stats s)
{{
	return s.hits;
}}

void pool_copy_{i}(struct pool *dst, const struct pool *src)
{{
	memcpy(dst, src, sizeof(struct pool));
}}

long pool_use_{i}(struct pool *p)
{{
	worker_t w = p->w[0];
	long n;

	pthread_mutex_lock(&p->mu);
	pthread_rwlock_rdlock(&p->w[1].st.rw);
	n = stats_sum_{i}(w.st) + p->n;
	pthread_rwlock_unlock(&p->w[1].st.rw);
	pthread_mutex_unlock(&p->mu);
	return n;
}}
"""

PLAIN_FUNC = """
static long f{i}_{j}(struct plain *p, int n)
{{
	long acc = {k};

	for (int x = 0; x < n; x++) {{
		if (x % {m} == 0)
			acc += p->c[x % 8] * {k};
		else
			acc -= p->a + x;
	}}
	p->b = (int)(acc & 0xff);
	switch (n % 3) {{
	case 0:
		acc ^= p->b;
		break;
	case 1:
		acc += p->c[1];
		break;
	default:
		acc = -acc;
	}}
	return acc;
}}
"""


def main():
    out, nfiles = sys.argv[1], int(sys.argv[2])
    percent = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    rnd = random.Random(nfiles)
    os.makedirs(os.path.join(out, "include"), exist_ok=True)
    with open(os.path.join(out, "include", "common.h"), "w") as f:
        f.write(HEADER)
    db = []
    nlock = max(1, round(nfiles * percent / 100))
    lock_files = set(rnd.sample(range(nfiles), nlock))
    for i in range(nfiles):
        d = os.path.join(out, "src", "d%02d" % (i % 40))
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "f%05d.c" % i)
        parts = ['#include "common.h"\n']
        if i in lock_files:
            parts.append(LOCK_FUNCS.format(i=i))
        nfunc = 12 if i in lock_files else 14
        for j in range(nfunc):
            parts.append(PLAIN_FUNC.format(i=i, j=j, k=rnd.randint(1, 99),
                                           m=rnd.randint(2, 9)))
        parts.append("\nlong entry_%d(struct plain *p)\n{\n\treturn %s;\n}\n" % (
            i, " + ".join("f%d_%d(p, %d)" % (i, j, j + 1) for j in range(nfunc))))
        with open(path, "w") as f:
            f.write("".join(parts))
        db.append({"directory": os.path.abspath(out),
                   "file": os.path.relpath(path, out),
                   "arguments": ["cc", "-std=gnu17", "-Iinclude", "-c",
                                 os.path.relpath(path, out)]})
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)


if __name__ == "__main__":
    main()
