#define _GNU_SOURCE
#include "apply.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "helper.h"
#include "journal.h"
#include "tree.h"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* Writes the unit's files, each only over the bytes it started from.
 * NULL, or why not (an edit made meanwhile: "changed while lockptr ran"). */
static char *write_changes(struct run *r, struct change *ch, size_t n)
{
	char err[1024];

	for (size_t i = 0; i < n; i++) {
		struct was w = { ch[i].existed, ch[i].orig.data, ch[i].orig.len };
		int rc;

		if (i > 0)
			test_delay();
		rc = atomic_replace(ch[i].path, ch[i].contents.data ? ch[i].contents.data : "",
				    ch[i].contents.len, ch[i].mode, &w, err, sizeof(err));
		if (rc == ATOMIC_CHANGED)
			return xasprintf("changed while lockptr ran: %s (left as it is)", ch[i].path);
		if (rc < 0)
			return xasprintf("write: %s", err);
		if (!strvec_has(&r->written, ch[i].path))
			strvec_push(&r->written, ch[i].path);
	}
	return NULL;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) < 0 ? 0 : 0;
}

void mirror_remove(const char *root)
{
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int copy_file(const char *from, const char *to)
{
	struct buf b = { 0 };
	struct stat st;
	char *dir = dir_of(to);
	int rc, fd;

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
	/* The copy is ours, in a directory only we can enter. */
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
	rc = fd < 0 || write_all(fd, b.data ? b.data : "", b.len) < 0 ? -1 : 0;
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	buf_free(&b);
	return rc;
}

void apply_start(const struct options *o)
{
	struct strvec changed = { 0 };
	char err[1024];

	if (tree_lock(err, sizeof(err)) < 0)
		die(EXIT_USAGE, "%s", err);
	switch (journal_recover(&changed, err, sizeof(err))) {
	case -1:
		die(EXIT_USAGE, "recovering the interrupted run: %s", err);
	case 1:
		for (size_t k = 0; k < changed.n; k++)
			error("%s/%s changed since the interrupted run: left as it is, "
			      "not rolled back", tree_root(), changed.v[k]);
		if (changed.n)
			die(EXIT_FINDINGS, "the interrupted unit may be half-applied in the "
			    "file%s above: check %s, then run again", changed.n > 1 ? "s" : "",
			    changed.n > 1 ? "them" : "it");
		if (!o->quiet)
			warn("an interrupted run was rolled back from %s/.lockptr/journal",
			     tree_root());
	}
	strvec_free(&changed);
}

char *mirror_make(struct run *r, char **cwdp, char **rootp)
{
	char err[1024], *mirror, *mirror_cwd, *here = tree_rel(".");

	/* A private copy of the scanned files of the tree, at the same paths
	 * under its top; the run goes on in the copy of the working
	 * directory, so every path it shows still works. */
	*cwdp = getcwd(NULL, 0);
	if (!here || !*cwdp)
		die(EXIT_USAGE, "diff: run it from inside the tree it migrates (%s)", tree_root());
	mirror = tmpdir_file("tree");
	if (mkdir(mirror, 0700) < 0)
		die(EXIT_USAGE, "%s:", mirror);
	for (size_t k = 0; k < r->s.files.n; k++) {
		const char *p = r->s.files.v[k].path;
		char *rel = tree_rel(p), *to;

		if (!rel || !*rel) {
			free(rel);
			continue;
		}
		to = xasprintf("%s/%s", mirror, rel);
		if (copy_file(p, to) < 0)
			die(EXIT_USAGE, "%s: cannot copy for the dry run:", p);
		free(to);
		free(rel);
	}
	mirror_cwd = *here ? xasprintf("%s/%s", mirror, here) : xstrdup(mirror);
	mkdir(mirror_cwd, 0700);
	if (chdir(mirror_cwd) < 0)
		die(EXIT_USAGE, "%s:", mirror_cwd);
	if (r->db)
		compdb_set_alias(r->db, mirror, tree_root());
	if (tree_rebase(mirror, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "%s", err);
	free(here);
	*rootp = mirror;
	return mirror_cwd;
}

struct buf *apply_snapshot(const struct strvec *paths)
{
	struct buf *snaps = xcalloc(paths->n ? paths->n : 1, sizeof(*snaps));

	for (size_t i = 0; i < paths->n; i++)
		read_file(paths->v[i], &snaps[i]);
	return snaps;
}

void snapshot_free(struct buf *snaps, size_t n)
{
	for (size_t i = 0; snaps && i < n; i++)
		buf_free(&snaps[i]);
	free(snaps);
}

int apply_collect(struct run *r, const struct unit *u, const struct plan *p,
		  const struct rewrite_out *outs, struct buf *snaps, struct change **chp,
		  size_t *nchp, struct result *res)
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
		if (outs[i].refusal) {
			result_set(res, "refused", xasprintf("%s: %s", pp->v[i], outs[i].refusal));
			res->judged = 1;
			goto fail;
		}
		if (!outs[i].contents)
			continue;
		if (run_unwritable(r, pp->v[i])) {
			result_set(res, "refused", xstrdup(run_unwritable(r, pp->v[i])));
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
		ch[nch].existed = 1;
		ch[nch].orig = snaps[i];
		memset(&snaps[i], 0, sizeof(snaps[i]));
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
	/* Both modes journal: diff's private copy is a tree too, so that a
	 * rollback there is the one apply makes. */
	struct jfile *jf = xcalloc(nch ? nch : 1, sizeof(*jf));
	char err[1024];
	int rc;

	(void)r;
	for (size_t i = 0; i < nch; i++)
		jf[i] = (struct jfile){ ch[i].path, ch[i].existed ? &ch[i].orig : NULL,
					ch[i].contents.data, ch[i].contents.len };
	rc = journal_begin(jf, nch, err, sizeof(err));
	free(jf);
	if (rc < 0) {
		result_set(res, "rolled-back", xasprintf("journal: %s", err));
		return -1;
	}
	return 0;
}

char *apply_write_unit(struct run *r, struct change *ch, size_t nch)
{
	return write_changes(r, ch, nch);
}

char *rollback_unit(char *why)
{
	struct strvec changed = { 0 };
	char err[1024];

	if (journal_restore(&changed, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "rolling back: %s (the journal in %s/.lockptr/journal is kept; "
		    "run lockptr apply again)", err, tree_root());
	if (changed.n && !strstr(why, changed.v[0])) {
		char *more = xasprintf("%s; changed while lockptr ran: %s (left as it is, not "
				       "rolled back)", why, changed.v[0]);

		free(why);
		why = more;
	}
	strvec_free(&changed);
	return why;
}

void apply_commit(void)
{
	journal_commit();
}
