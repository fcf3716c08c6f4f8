#define _GNU_SOURCE
#include "includes.h"

#include <string.h>
#include <sys/stat.h>

/* The scanned file that #include "name" from dir means, or NULL; made
 * (or NULL) holds files written in memory only, which exist too. */
static char *resolve(const struct filelist *files, const char *dir, const char *name,
		     const struct strvec *incdirs, const struct strmap *made)
{
	const char *hit = NULL;
	size_t len = strlen(name), matches = 0;

	for (size_t k = 0; k <= incdirs->n; k++) {
		char *cand = xasprintf("%s/%s", k == 0 ? dir : incdirs->v[k - 1], name);
		struct stat st;
		char *p = NULL;

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
			p = path_display(cand);
		if (!p && made) {
			char *shown = path_display(cand);

			if (strmap_get(made, shown))
				p = shown;
			else
				free(shown);
		}
		free(cand);
		/* An existing file counts even if it was not scanned: the
		 * helper header lockptr writes is one. */
		if (p)
			return p;
	}
	for (size_t i = 0; i < files->n; i++) {
		const char *p = files->v[i].path;
		size_t n = strlen(p);

		if (n >= len && !strcmp(p + n - len, name) && (n == len || p[n - len - 1] == '/')) {
			hit = p;
			matches++;
		}
	}
	return matches == 1 ? xstrdup(hit) : NULL;
}

/* What path, holding text, includes. */
static json_t *edges_of(const char *path, const char *text, const struct filelist *files,
			const struct strvec *incdirs, const struct strmap *made)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
	json_t *out = json_array();
	struct strvec incs = { 0 };

	files_quoted_includes(text, &incs);
	for (size_t k = 0; k < incs.n; k++) {
		char *to = resolve(files, dir, incs.v[k], incdirs, made);

		if (to)
			json_array_append_new(out, json_string(to));
		free(to);
	}
	strvec_free(&incs);
	free(dir);
	return out;
}

void includes_build(struct includes *g, const struct filelist *files,
		    const struct strvec *incdirs)
{
	g->edges = json_object();
	for (size_t i = 0; i < files->n; i++) {
		const char *path = files->v[i].path;
		struct buf b = { 0 };

		if (!files->v[i].binary && read_file(path, &b) == 0 && b.data)
			json_object_set_new(g->edges, path, edges_of(path, b.data, files, incdirs, NULL));
		else
			json_object_set_new(g->edges, path, json_array());
		buf_free(&b);
	}
}

void includes_update(struct includes *g, const char *path, const struct buf *text,
		     const struct filelist *files, const struct strvec *incdirs,
		     const struct strmap *made)
{
	json_object_set_new(g->edges, path,
			    edges_of(path, text->data ? text->data : "", files, incdirs, made));
}

static int reach(const struct includes *g, const char *from, json_t *targets, json_t *seen)
{
	size_t i;
	json_t *to;

	if (json_object_get(seen, from))
		return 0;
	json_object_set_new(seen, from, json_true());
	json_array_foreach(json_object_get(g->edges, from), i, to) {
		const char *t = json_string_value(to);

		if (json_object_get(targets, t) || reach(g, t, targets, seen))
			return 1;
	}
	return 0;
}

int includes_reach(const struct includes *g, const char *from, json_t *targets)
{
	json_t *seen = json_object();
	int r = reach(g, from, targets, seen);

	json_decref(seen);
	return r;
}

void includes_closure(const struct includes *g, const char *from, json_t *set)
{
	size_t i;
	json_t *to;

	if (json_object_get(set, from))
		return;
	json_object_set_new(set, from, json_true());
	json_array_foreach(json_object_get(g->edges, from), i, to)
		includes_closure(g, json_string_value(to), set);
}

void includes_free(struct includes *g)
{
	json_decref(g->edges);
	g->edges = NULL;
}
