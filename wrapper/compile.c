#define _GNU_SOURCE
#include "compile.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a.c:12:5: error: x" -> "a.c: error: x"; NULL for other lines. */
static char *normalise(const char *line, size_t n)
{
	const char *kinds[] = { ": fatal error: ", ": error: ", ": warning: ", NULL };

	for (int k = 0; kinds[k]; k++) {
		const char *hit = memmem(line, n, kinds[k], strlen(kinds[k]));
		const char *colon;

		if (!hit)
			continue;
		colon = memchr(line, ':', (size_t)(hit - line) + 1);
		while (colon && colon < hit && isdigit((unsigned char)colon[1])) {
			const char *next = colon + 1;

			while (isdigit((unsigned char)*next))
				next++;
			if (*next != ':')
				break;
			return xasprintf("%.*s%.*s", (int)(colon - line), line,
					 (int)(n - (size_t)(hit - line)), hit);
		}
		return strndup(line, n);
	}
	return NULL;
}

struct ctx {
	struct diags *out;
};

static void on_done(struct job *j, void *vctx)
{
	struct ctx *c = vctx;
	struct diags *d = &c->out[(size_t)(uintptr_t)j->data];
	const char *p = j->err.data;

	d->status = j->status;
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *norm = normalise(p, n);

		if (norm) {
			char *raw = strndup(p, n);

			strvec_push(&d->lines, norm);
			strvec_push(&d->raw, raw ? raw : "");
			free(norm);
			free(raw);
		}
		p += n + (p[n] == '\n');
	}
	if (j->status != 0 && d->lines.n == 0) {
		char *why = xasprintf("compiler exited with status %d%s%s", j->status,
				      j->spawn_errno ? ": " : "",
				      j->spawn_errno ? strerror(j->spawn_errno) : "");

		strvec_push(&d->lines, why);
		strvec_push(&d->raw, why);
		free(why);
	}
	if (d->lines.n > 1)
		qsort(d->lines.v, d->lines.n, sizeof(char *), cmp_str);
	buf_free(&j->out);
	buf_free(&j->err);
}

void compile_confs(const struct compdb *db, const char *path, struct conf_list *out)
{
	size_t *idx = NULL, n = db ? compdb_entries(db, path, &idx) : 0;
	long borrow = db && !n ? compdb_borrow(db, path) : -1;

	out->v = xrealloc(out->v, (out->n + (n ? n : 1)) * sizeof(*out->v));
	for (size_t i = 0; i < (n ? n : 1); i++) {
		out->v[out->n].path = xstrdup(path);
		out->v[out->n].borrowed = !n && borrow >= 0;
		out->v[out->n++].entry = n ? (long)idx[i] : borrow;
	}
	free(idx);
}

void conf_list_free(struct conf_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void compile_diags(struct detect *d, const struct tu_conf *confs, size_t n, struct diags *out)
{
	struct job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct strvec *argvs = xcalloc(n ? n : 1, sizeof(*argvs));
	const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	struct ctx c = { out };

	for (size_t i = 0; i < n; i++) {
		const struct strvec *inc = &d->incdirs, *defs = NULL, *extra = NULL;
		const char *file = confs[i].path, *slash = strrchr(file, '/');

		memset(&out[i], 0, sizeof(out[i]));
		strvec_push(&argvs[i], cc);
		strvec_push(&argvs[i], "-fsyntax-only");
		strvec_push(&argvs[i], "-fdiagnostics-color=never");
		strvec_push(&argvs[i], "-Werror=incompatible-pointer-types");
		strvec_push(&argvs[i], "-Werror=int-conversion");
		if (d->db && confs[i].entry >= 0)
			compdb_entry(d->db, (size_t)confs[i].entry, &inc, &defs, &extra);
		else if (d->db)
			compdb_flags(d->db, file, &inc, &defs, &extra);
		if (slash)
			strvec_pushf(&argvs[i], "-I%.*s", (int)(slash - file), file);
		for (size_t k = 0; k < inc->n; k++)
			strvec_pushf(&argvs[i], "-I%s", inc->v[k]);
		for (size_t k = 0; defs && k < defs->n; k++)
			strvec_pushf(&argvs[i], "-D%s", defs->v[k]);
		for (size_t k = 0; extra && k < extra->n; k++)
			strvec_push(&argvs[i], extra->v[k]);
		for (size_t k = 0; k < d->o->incdirs.n; k++)
			strvec_pushf(&argvs[i], "-I%s", d->o->incdirs.v[k]);
		for (size_t k = 0; k < d->o->defines.n; k++)
			strvec_pushf(&argvs[i], "-D%s", d->o->defines.v[k]);
		/* cc takes no "--": a name that starts with '-' gets "./". */
		if (file[0] == '-')
			strvec_pushf(&argvs[i], "./%s", file);
		else
			strvec_push(&argvs[i], file);
		jobs[i].argv = argvs[i].v;
		jobs[i].data = (void *)(uintptr_t)i;
	}
	spawn_run(jobs, n, d->o->jobs, d->o->timeout, on_done, &c);
	for (size_t i = 0; i < n; i++)
		strvec_free(&argvs[i]);
	free(argvs);
	free(jobs);
}

const char *compile_new_diag(const struct diags *before, const struct diags *after)
{
	/* Both lists are sorted: walk them as multisets. */
	size_t i = 0, j = 0;

	while (j < after->lines.n) {
		int c = i < before->lines.n ? strcmp(before->lines.v[i], after->lines.v[j]) : 1;

		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			const char *missing = after->lines.v[j];

			/* Report it as the compiler printed it. */
			for (size_t k = 0; k < after->raw.n; k++) {
				char *norm = normalise(after->raw.v[k], strlen(after->raw.v[k]));
				int same = norm && !strcmp(norm, missing);

				free(norm);
				if (same)
					return after->raw.v[k];
			}
			return missing;
		}
	}
	return NULL;
}

void diags_free(struct diags *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		strvec_free(&d[i].lines);
		strvec_free(&d[i].raw);
	}
}
