#define _GNU_SOURCE
#include "keep.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

char *keep_comment(const char *line, size_t len)
{
	static const char tag[] = "lockptr:";
	const char *end = line + len, *p = memmem(line, len, tag, sizeof(tag) - 1), *r;

	if (!p)
		return NULL;
	p += sizeof(tag) - 1;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if ((size_t)(end - p) < 4 || strncmp(p, "keep", 4) ||
	    (p + 4 < end && (isalnum((unsigned char)p[4]) || p[4] == '_')))
		return NULL;
	p += 4;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && *p == ':')
		p++;
	/* The reason runs to the end of a block comment or of the line. */
	r = memmem(p, (size_t)(end - p), "*/", 2);
	end = r ? r : end;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	return strndup(p, (size_t)(end - p));
}

/* The files read so far: path -> (struct buf *) its text. */
static const struct buf *text_of(struct strmap *texts, const char *path)
{
	struct buf *b = strmap_get(texts, path);

	if (!b) {
		b = xcalloc(1, sizeof(*b));
		if (read_file(path, b) < 0)
			buf_free(b);
		strmap_put(texts, path, b);
	}
	return b;
}

static void text_free(void *p)
{
	buf_free(p);
	free(p);
}

/* The suppression on line `line` of path, or NULL. */
static char *comment_at(struct strmap *texts, const char *path, long long line)
{
	const struct buf *b = text_of(texts, path);
	const char *p = b->data, *end = b->data + b->len;

	for (long long n = 1; p && p < end && n < line; n++) {
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	if (!p || p >= end || line < 1)
		return NULL;
	return keep_comment(p, strcspn(p, "\n"));
}

/* The --keep of unit u, or NULL; used[] marks those that matched. */
static char *option_for(const struct unit *u, const struct options *o, char *used)
{
	char *name = xasprintf("%s.%s", u->type, u->member), *found = NULL;

	for (size_t i = 0; i < o->keep.n && !found; i++) {
		char *unit, *reason;

		if (split_keep(o->keep.v[i], &unit, &reason) < 0)
			continue;
		if (!strcmp(unit, name)) {
			found = reason;
			used[i] = 1;
		} else {
			free(reason);
		}
		free(unit);
	}
	free(name);
	return found;
}

static void mark_units(struct model *m, const struct options *o, struct strmap *texts,
		       char *used)
{
	for (size_t i = 0; i < m->nunits; i++) {
		struct unit *u = &m->units[i];

		if ((u->kept = comment_at(texts, u->file, u->line)))
			u->kept_by = KEPT_COMMENT;
		else if ((u->kept = option_for(u, o, used)))
			u->kept_by = KEPT_OPTION;
	}
}

/* Whether path (a copy's member path, "workers[].st.rw") reaches the
 * lock of unit u in a copy of type `type`. */
static int path_is_unit(const struct model *m, const char *type, const char *path,
			const struct unit *u)
{
	size_t n = strlen(path), k = strlen(u->member);

	if (!model_holds(m, type, u->type) || n < k || strcmp(path + n - k, u->member))
		return 0;
	return n == k || path[n - k - 1] == '.';
}

int keep_copy_reaches(const struct model *m, const struct copy_site *c, const struct unit *u)
{
	if (!c->paths.n)
		return *c->path && path_is_unit(m, c->type, c->path, u);
	for (size_t k = 0; k < c->paths.n; k++)
		if (path_is_unit(m, c->type, c->paths.v[k], u))
			return 1;
	return 0;
}

/* The kept unit that lock `path` of copy c belongs to, or NULL. */
static const struct unit *kept_unit(const struct model *m, const struct copy_site *c,
				    const char *path)
{
	const struct unit *found = NULL;

	for (size_t i = 0; i < m->nunits; i++) {
		if (!path_is_unit(m, c->type, path, &m->units[i]))
			continue;
		if (!m->units[i].kept)
			return NULL;
		found = &m->units[i];
	}
	return found;
}

/* A copy whose every lock is a kept unit's is kept with them. */
static void mark_copy_by_units(const struct model *m, struct copy_site *c)
{
	struct buf why = { 0 };
	size_t n = c->paths.n ? c->paths.n : 1;

	for (size_t k = 0; k < n; k++) {
		const struct unit *u = kept_unit(m, c, c->paths.n ? c->paths.v[k] : c->path);

		if (!u || !*(c->paths.n ? c->paths.v[k] : c->path)) {
			buf_free(&why);
			return;
		}
		buf_printf(&why, "%s'%s.%s'%s%s", k ? "; " : "it copies only locks kept by "
			   "value: ", u->type, u->member, *u->kept ? ", " : "", u->kept);
	}
	c->kept = why.data;
	c->kept_by = KEPT_UNITS;
}

void keep_mark(struct model *m, const struct options *o)
{
	struct strmap texts = { 0 };
	char *used = xcalloc(o->keep.n + 1, 1);

	mark_units(m, o, &texts, used);
	for (size_t i = 0; i < m->ncopies; i++) {
		struct copy_site *c = &m->copies[i];

		if ((c->kept = comment_at(&texts, c->file, c->line)))
			c->kept_by = KEPT_COMMENT;
		else
			mark_copy_by_units(m, c);
	}
	for (size_t i = 0; i < o->keep.n && !o->quiet; i++)
		if (!used[i])
			warn("--keep '%s': no such unit (lockptr scan --all lists them)",
			     o->keep.v[i]);
	free(used);
	strmap_clear(&texts, text_free);
}
