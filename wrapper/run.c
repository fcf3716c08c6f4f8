#define _GNU_SOURCE
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void result_set(struct result *res, const char *status, char *reason)
{
	free(res->status);
	free(res->reason);
	res->status = xstrdup(status);
	res->reason = reason;
}

/* LOCKPTR_PROFILE=1: the time of each phase of a unit on stderr, for the
 * bench's account of where apply's time goes. */
void profile(const struct unit *u, const char *phase, long long since, size_t files)
{
	static int on = -1;

	if (on < 0)
		on = getenv("LOCKPTR_PROFILE") != NULL;
	if (on)
		fprintf(stderr, "lockptr: profile: %s.%s: %s %lld ms, %zu files\n",
			u->type, u->member, phase, now_ms() - since, files);
}

const char *run_unwritable(const struct run *r, const char *path)
{
	for (size_t i = 0; r->unwritable && i < r->s.files.n; i++)
		if (!strcmp(r->s.files.v[i].path, path))
			return r->unwritable[i];
	return NULL;
}

int run_read(const struct run *r, const char *path, struct buf *out)
{
	const struct buf *b = r->overlay ? strmap_get(r->overlay, path) : NULL;

	if (!b)
		return read_file(path, out);
	out->len = 0;
	buf_append(out, b->data ? b->data : "", b->len);
	return 0;
}
