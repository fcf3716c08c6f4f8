#define _GNU_SOURCE
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

long change_of(const struct run *r, const char *path, struct change **chp, size_t *nchp,
	       struct result *res)
{
	struct change *c;
	struct stat st;
	size_t k;

	for (k = 0; k < *nchp; k++)
		if (!strcmp((*chp)[k].path, path))
			return (long)k;
	*chp = xrealloc(*chp, (k + 2) * sizeof(**chp));
	c = &(*chp)[k];
	memset(c, 0, 2 * sizeof(*c));
	if (stat(path, &st) < 0 || run_read(r, path, &c->contents) < 0) {
		result_set(res, "rolled-back", xasprintf("%s: cannot be read: %s", path,
							 strerror(errno)));
		buf_free(&c->contents);
		return -1;
	}
	c->path = xstrdup(path);
	c->mode = st.st_mode;
	c->existed = 1;
	buf_append(&c->orig, c->contents.data, c->contents.len);
	(*nchp)++;
	return (long)k;
}
