#define _GNU_SOURCE
#include "marks.h"

#include <stdlib.h>
#include <string.h>

#include "files.h"

/* Marks the lines of the definitions of macro name in text (a body
 * the unit's 35-macro-body rules change) as member k's. */
static void macro_marks(const struct buf *text, const char *name, long k, struct hunk_mark **v,
			size_t *n, size_t *cap)
{
	size_t line = 1, len = strlen(name);

	for (const char *l = text->data; l && l < text->data + text->len; line++) {
		const char *end = memchr(l, '\n', (size_t)(text->data + text->len - l));
		const char *p = l + strspn(l, " \t");
		int def = 0;

		if (*p == '#') {
			p += 1 + strspn(p + 1, " \t");
			def = !strncmp(p, "define", 6) && (p[6] == ' ' || p[6] == '\t');
			p += def ? 6 + strspn(p + 6, " \t") : 0;
			def = def && !strncmp(p, name, len) && (p[len] == '(' || p[len] == ' ' ||
								p[len] == '\t');
		}
		/* The definition's lines, continued by a backslash. */
		while (def) {
			if (*n == *cap)
				*v = xrealloc(*v, (*cap = *cap * 2 + 8) * sizeof(**v));
			(*v)[(*n)++] = (struct hunk_mark){ line, k };
			def = end && end > l && end[-1] == '\\';
			if (def) {
				l = end + 1;
				end = memchr(l, '\n', (size_t)(text->data + text->len - l));
				line++;
			}
		}
		l = end ? end + 1 : NULL;
	}
}

struct hunk_mark *marks_collect(json_t *at, const char *path, const struct buf *text,
				const struct mark_member *mm, size_t n, size_t *count)
{
	size_t cap = json_array_size(at) + n + 1;
	struct hunk_mark *v = xcalloc(cap, sizeof(*v));
	char *clean = path_clean(path);
	size_t i;
	json_t *f;

	*count = 0;
	json_array_foreach(at, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *file = json_string_value(json_object_get(f, "file"));
		const char *type = json_string_value(json_object_get(f, "type"));
		const char *mem = json_string_value(json_object_get(f, "member"));
		long who = -1;

		if (!k || strcmp(k, "at") || !file || !type || !mem || strcmp(file, clean))
			continue;
		for (size_t m = 0; m < n; m++)
			if (!strcmp(mm[m].type, type) && !strcmp(mm[m].member, mem))
				who = who < 0 ? (long)m : -2;
		if (who >= 0)
			v[(*count)++] = (struct hunk_mark){ (size_t)json_integer_value(
								   json_object_get(f, "line")), who };
	}
	for (size_t m = 0; m < n; m++) {
		char *decl = path_clean(mm[m].decl_file);

		if (!strcmp(decl, clean) && mm[m].decl_line > 0)
			v[(*count)++] = (struct hunk_mark){ (size_t)mm[m].decl_line, (long)m };
		free(decl);
	}
	for (size_t m = 0; m < n; m++)
		for (size_t j = 0; mm[m].macros && j < mm[m].macros->n; j++)
			macro_marks(text, mm[m].macros->v[j], (long)m, &v, count, &cap);
	free(clean);
	return v;
}
