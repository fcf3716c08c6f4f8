#define _GNU_SOURCE
#include "includes.h"

#include <string.h>
#include <sys/stat.h>

/* The scanned file that #include "name" from dir means, or NULL. */
static char *resolve(const struct filelist *files, const char *dir, const char *name,
		     const struct strvec *incdirs)
{
	const char *hit = NULL;
	size_t len = strlen(name), matches = 0;

	for (size_t k = 0; k <= incdirs->n; k++) {
		char *cand = xasprintf("%s/%s", k == 0 ? dir : incdirs->v[k - 1], name);
		struct stat st;
		char *p = NULL;

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
			p = path_display(cand);
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

void includes_build(struct includes *g, const struct filelist *files,
		    const struct strvec *incdirs)
{
	g->edges = json_object();
	for (size_t i = 0; i < files->n; i++) {
		const char *path = files->v[i].path, *slash = strrchr(path, '/');
		char *dir = slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
		json_t *out = json_array();
		struct buf b = { 0 };

		if (!files->v[i].binary && read_file(path, &b) == 0 && b.data) {
			struct strvec incs = { 0 };

			files_quoted_includes(b.data, &incs);
			for (size_t k = 0; k < incs.n; k++) {
				char *to = resolve(files, dir, incs.v[k], incdirs);

				if (to)
					json_array_append_new(out, json_string(to));
				free(to);
			}
			strvec_free(&incs);
		}
		buf_free(&b);
		free(dir);
		json_object_set_new(g->edges, path, out);
	}
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
