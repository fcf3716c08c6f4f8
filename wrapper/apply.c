#define _GNU_SOURCE
#include "apply.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "helper.h"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static int write_changes(struct run *r, struct change *ch, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			test_delay();
		if (atomic_write(ch[i].path, ch[i].contents.data ? ch[i].contents.data : "",
				 ch[i].contents.len, ch[i].mode, err, errlen) < 0)
			return -1;
		if (!strvec_has(&r->written, ch[i].path))
			strvec_push(&r->written, ch[i].path);
	}
	return 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) < 0 ? 0 : 0;
}

void mirror_remove(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int copy_file(const char *from, const char *to)
{
	struct buf b = { 0 };
	struct stat st;
	char err[512];
	char *dir = dir_of(to);
	int rc;

	/* Make the parent directories. */
	for (char *p = dir + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	mkdir(dir, 0700);
	free(dir);
	if (read_file(from, &b) < 0 || stat(from, &st) < 0) {
		buf_free(&b);
		return -1;
	}
	rc = atomic_write(to, b.data, b.len, st.st_mode, err, sizeof(err));
	buf_free(&b);
	return rc;
}

void apply_start(const struct options *o)
{
	char err[1024];

	if (tree_lock(err, sizeof(err)) < 0)
		die(EXIT_USAGE, "%s", err);
	switch (journal_recover(err, sizeof(err))) {
	case -1:
		die(EXIT_USAGE, "recovering the interrupted run: %s", err);
	case 1:
		if (!o->quiet)
			warn("an interrupted run was rolled back from .lockptr/journal");
	}
}

char *mirror_make(struct run *r, char **cwdp)
{
	char *mirror, *cwd;

	/* A private copy of the scanned files, same relative paths. */
	cwd = getcwd(NULL, 0);
	mirror = tmpdir_file("tree");
	if (!cwd || mkdir(mirror, 0700) < 0)
		die(EXIT_USAGE, "%s:", mirror);
	for (size_t k = 0; k < r->s.files.n; k++) {
		const char *p = r->s.files.v[k].path;
		char *to;

		if (p[0] == '/' || !strncmp(p, "../", 3))
			continue;
		to = xasprintf("%s/%s", mirror, p);
		if (copy_file(p, to) < 0)
			die(EXIT_USAGE, "%s: cannot copy for the dry run:", p);
		free(to);
	}
	if (chdir(mirror) < 0)
		die(EXIT_USAGE, "%s:", mirror);
	if (r->db)
		compdb_set_alias(r->db, mirror, cwd);
	*cwdp = cwd;
	return mirror;
}

int apply_collect(struct run *r, const struct unit *u, const struct plan *p,
		  const struct rewrite_out *outs, struct change **chp, size_t *nchp,
		  struct result *res)
{
	const struct strvec *pp = &p->paths;
	const char *host = p->host;
	struct change *ch;
	size_t nch = 0;

	*chp = ch = xcalloc(pp->n + 1, sizeof(*ch));
	for (size_t i = 0; i < pp->n; i++) {
		struct stat st;

		if (outs[i].error) {
			/* spatch gave up on a file: the run is incomplete. */
			result_set(res, "rolled-back", xasprintf("%s: %s", pp->v[i], outs[i].error));
			json_array_append_new(r->s.result.incomplete,
					      json_pack("{s:s, s:s}", "file", pp->v[i],
							"reason", outs[i].error));
			goto fail;
		}
		if (!outs[i].contents)
			continue;
		if (lstat(pp->v[i], &st) == 0 && S_ISLNK(st.st_mode)) {
			result_set(res, "refused", xasprintf("%s is a symbolic link: lockptr "
							     "never writes through one", pp->v[i]));
			goto fail;
		}
		if (stat(pp->v[i], &st) < 0 || access(pp->v[i], W_OK) < 0) {
			result_set(res, "rolled-back", xasprintf("%s: cannot be written: %s",
								 pp->v[i], strerror(errno)));
			goto fail;
		}
		ch[nch].path = xstrdup(pp->v[i]);
		buf_append(&ch[nch].contents, outs[i].contents, outs[i].len);
		ch[nch].mode = st.st_mode;
		if (!strcmp(pp->v[i], host))
			include_helper(r, &p->spec, u, host, &ch[nch].contents);
		nch++;
	}
	*nchp = nch;
	return 0;
fail:
	*nchp = nch;
	return -1;
}

int apply_begin(struct run *r, const struct change *ch, size_t nch, struct result *res)
{
	char err[1024];
	int journaled;
	struct strvec jpaths = { 0 };

	for (size_t i = 0; i < nch; i++)
		strvec_push(&jpaths, ch[i].path);
	if (r->mode == MODE_APPLY) {
		if (journal_begin(jpaths.v, jpaths.n, err, sizeof(err)) < 0) {
			strvec_free(&jpaths);
			result_set(res, "rolled-back", xasprintf("journal: %s", err));
			return -1;
		}
		journaled = 1;
	} else {
		/* In the private copy the originals are kept in memory. */
		journaled = 0;
	}
	strvec_free(&jpaths);
	return journaled;
}

char *apply_write_unit(struct run *r, struct change *ch, size_t nch, struct originals *o)
{
	char err[1024];

	/* Originals, for diff mode's rollback. */
	o->orig = xcalloc(nch ? nch : 1, sizeof(*o->orig));
	o->existed = xcalloc(nch ? nch : 1, sizeof(*o->existed));
	o->n = nch;
	for (size_t i = 0; i < nch; i++)
		o->existed[i] = read_file(ch[i].path, &o->orig[i]) == 0;
	if (write_changes(r, ch, nch, err, sizeof(err)) < 0)
		return xasprintf("write: %s", err);
	return NULL;
}

void rollback_unit(const struct change *ch, size_t nch, int journaled,
		   const struct originals *o)
{
	const struct buf *orig = o->orig;
	const int *existed = o->existed;
	char err[1024];

	/* Roll back: the unit's files get their bytes back. */
	if (journaled) {
		if (journal_restore(err, sizeof(err)) < 0)
			die(EXIT_USAGE, "rolling back: %s (the journal in "
			    ".lockptr/journal is kept; run lockptr apply again)", err);
	} else {
		for (size_t i = 0; i < nch; i++) {
			if (existed[i])
				atomic_write(ch[i].path, orig[i].data ? orig[i].data : "",
					     orig[i].len, ch[i].mode, err, sizeof(err));
			else
				unlink(ch[i].path);
		}
	}
}

void apply_commit(int journaled)
{
	if (journaled)
		journal_commit();
}

void originals_free(struct originals *o)
{
	for (size_t i = 0; i < o->n; i++)
		buf_free(&o->orig[i]);
	free(o->orig);
	free(o->existed);
	memset(o, 0, sizeof(*o));
}
