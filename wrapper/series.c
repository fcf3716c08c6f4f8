#define _GNU_SOURCE
#include "series.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "git.h"
#include "message.h"
#include "prompt.h"
#include "tree.h"

/* One migrated unit of --split, until the series is written. */
struct patch {
	char *subject, *body, *diff;
};

struct series {
	const struct options *o;
	int dirfd;               /* --split DIR, else -1 */
	struct patch *v;
	size_t n;
	int quit;
};

/* Makes dir's missing parents, then dir; errno of the last mkdir. */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	rc = mkdir(p, 0777) < 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

/* Whether the directory holds anything but "." and "..". */
static int holds_files(int dirfd)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *e;
	int any = 0;

	if (!d)
		die(EXIT_USAGE, "diff: --split:");
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

static int split_open(const char *dir)
{
	int fd;

	if (make_dirs(dir) < 0)
		die(EXIT_USAGE, "diff: --split %s: cannot make the directory:", dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_USAGE, "diff: --split %s:", dir);
	if (holds_files(fd))
		die(EXIT_USAGE, "diff: --split %s: the directory holds files already; name a new "
		    "or empty one", dir);
	return fd;
}

struct series *series_start(const struct options *o, enum mode mode)
{
	struct series *s;
	char err[1024];

	if (mode == MODE_DIFF ? !o->split : !o->commit && !o->interactive)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->o = o;
	s->dirfd = -1;
	if (mode == MODE_DIFF)
		s->dirfd = split_open(o->split);
	if (mode == MODE_APPLY && o->interactive && !prompt_usable())
		die(EXIT_USAGE, "apply: --interactive needs a terminal (standard input and "
		    "output); lockptr diff --split DIR gives the units to review as patches");
	if (mode == MODE_APPLY && o->commit && git_check_clean(err, sizeof(err)) < 0)
		die(EXIT_USAGE, "apply: --commit: %s", err);
	return s;
}

int series_ask(struct series *s, const struct unit *u, const struct change *ch, size_t nch,
	       struct result *res)
{
	const struct options *o = s->o;
	int color = o->color == WHEN_ALWAYS || (o->color == WHEN_AUTO && isatty(1));
	char *diff, *heading;
	enum answer a;

	if (!s->o->interactive)
		return 0;
	diff = message_diff(ch, nch);
	heading = xasprintf("lockptr: %s.%s%s%s (%s), declared at %s:%lld:%lld", u->type,
			    u->member, u->def ? "@" : "", u->def ? u->def : "", u->lock, u->file,
			    u->line, u->column);
	a = prompt_unit(heading, diff, color);
	free(heading);
	free(diff);
	if (a == ANSWER_YES)
		return 0;
	s->quit = a == ANSWER_QUIT;
	result_set(res, "skipped", xstrdup(s->quit ? "quit at the prompt"
					       : "skipped at the prompt"));
	return -1;
}

int series_quit(const struct series *s)
{
	return s && s->quit;
}

char *series_keep(struct series *s, const struct run *r, const struct unit *u,
		  const char *notes, const struct change *ch, size_t nch)
{
	enum verified how = r->mode == MODE_APPLY && r->o->test_cmd ? VERIFIED_TEST_CMD
				: VERIFIED_COMPILE;
	char *subject, *body, *why = NULL;

	if (s->dirfd < 0 && !s->o->commit)
		return NULL;
	subject = message_subject(u);
	body = message_body(&r->s.model, u, notes, ch, nch, how);
	if (s->dirfd >= 0) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		s->v[s->n++] = (struct patch){ subject, body, message_diff(ch, nch) };
		return NULL;
	}
	{
		struct strvec paths = { 0 };
		char *msg = xasprintf("%s\n\n%s", subject, body);

		for (size_t i = 0; i < nch; i++) {
			char *rel = tree_rel(ch[i].path);

			strvec_push(&paths, rel ? rel : ch[i].path);
			free(rel);
		}
		why = git_commit(&paths, msg);
		strvec_free(&paths);
		free(msg);
	}
	free(subject);
	free(body);
	return why;
}

/* The Date: of a mail, now. */
static char *mail_date(void)
{
	char out[64];
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, sizeof(out), "%a, %d %b %Y %H:%M:%S %z", &tm);
	return xstrdup(out);
}

size_t series_finish(struct series *s)
{
	char *author = git_author(), *date = mail_date(), err[1024];

	/* Without a git identity the patches still need an author for git am. */
	if (!author)
		author = xstrdup("lockptr <lockptr@invalid>");
	for (size_t i = 0; i < s->n; i++) {
		struct patch *p = &s->v[i];
		char *name = message_patch_name(i + 1, p->subject);
		char *text = message_patch(author, date, p->subject, i + 1, s->n, p->body, p->diff);
		char *shown = xasprintf("%s/%s", s->o->split, name);
		struct was none = { 0 };

		if (atomic_replace_at(s->dirfd, name, shown, text, strlen(text), 0644, &none, err,
				      sizeof(err)) != 0)
			die(EXIT_USAGE, "diff: --split: %s", err);
		if (!s->o->quiet)
			printf("%s\n", shown);
		free(name);
		free(text);
		free(shown);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_USAGE, "writing the names of the patches:");
	free(author);
	free(date);
	return s->n;
}

void series_free(struct series *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].subject);
		free(s->v[i].body);
		free(s->v[i].diff);
	}
	free(s->v);
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s);
}
