#define _GNU_SOURCE
#include "macrocall.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"

static int ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Whether the use of a parameter at body[at, at + n) reads it as a whole
 * value (not behind &, ., ->, [, #, sizeof or typeof). */
static int whole_use(const char *body, size_t at, size_t n)
{
	size_t b = at, a = at + n, len = strlen(body);

	while (b > 0 && (body[b - 1] == '(' || isspace((unsigned char)body[b - 1])))
		b--;
	if (b > 0) {
		char c = body[b - 1];
		size_t w = b;

		if ((c == '&' && !(b > 1 && body[b - 2] == '&')) || c == '.' || c == '#' ||
		    (c == '>' && b > 1 && body[b - 2] == '-'))
			return 0;
		while (w > 0 && ident_char(body[w - 1]))
			w--;
		if ((b - w == 6 && !strncmp(body + w, "sizeof", 6)) ||
		    (b - w == 6 && !strncmp(body + w, "typeof", 6)) ||
		    (b - w == 10 && !strncmp(body + w, "__typeof__", 10)) ||
		    (b - w == 8 && !strncmp(body + w, "_Alignof", 8)))
			return 0;
	}
	while (a < len && (body[a] == ')' || isspace((unsigned char)body[a])))
		a++;
	if (a < len && (body[a] == '.' || body[a] == '[' || body[a] == '#' ||
			(body[a] == '-' && a + 1 < len && body[a + 1] == '>')))
		return 0;
	return 1;
}

int macrocall_copies(const char *define, size_t i)
{
	const char *p = define, *open, *close, *body;
	struct strvec params = { 0 };
	int copies = 0;

	p += strspn(p, " \t#");
	if (strncmp(p, "define", 6))
		return -1;
	p += 6;
	p += strspn(p, " \t");
	while (ident_char(*p))
		p++;
	if (*p != '(' || !(close = strchr(p, ')')))
		return -1;
	for (open = p + 1; open <= close;) {
		size_t n = strcspn(open, ",)");
		const char *s = open, *e = open + n;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		strvec_pushf(&params, "%.*s", (int)(e - s), s);
		open += n + 1;
	}
	body = close + 1;
	if (i >= params.n || !strcmp(params.v[i], "...") ||
	    (params.n && !strcmp(params.v[params.n - 1], "...") && i >= params.n - 1)) {
		strvec_free(&params);
		return 1;  /* through __VA_ARGS__: not judged */
	}
	for (const char *q = body; (q = strstr(q, params.v[i])); q += strlen(params.v[i])) {
		size_t n = strlen(params.v[i]);

		if ((q > body && ident_char(q[-1])) || ident_char(q[n]))
			continue;
		if (whole_use(body, (size_t)(q - body), n)) {
			copies = 1;
			break;
		}
	}
	strvec_free(&params);
	return copies;
}

/* The function-like macros of the #define lines: name -> [lines]. */
static json_t *function_macros(const char *defines)
{
	json_t *map = json_object();

	for (const char *l = defines; l && *l;) {
		size_t n = strcspn(l, "\n");
		const char *name = l + 7, *e;

		name += strspn(name, " \t");
		for (e = name; ident_char(*e); e++)
			;
		if (*e == '(' && e > name) {
			char *key = strndup(name, (size_t)(e - name));
			json_t *list = json_object_get(map, key);

			if (!list)
				json_object_set_new(map, key, list = json_array());
			json_array_append_new(list, json_stringn(l, n));
			free(key);
		}
		l += n + (l[n] == '\n');
	}
	return map;
}

/* The callee and the argument's place of the call around offset at. */
static char *callee_at(const char *text, size_t at, size_t *index)
{
	int depth = 0;
	size_t commas = 0, stop = at > 4096 ? at - 4096 : 0;

	for (size_t k = at; k-- > stop;) {
		char c = text[k];

		if (c == ')' || c == ']' || c == '}')
			depth++;
		else if ((c == '(' || c == '[' || c == '{') && depth > 0)
			depth--;
		else if (c == ',' && depth == 0)
			commas++;
		else if (c == ';' && depth == 0)
			return NULL;
		else if (c == '(' && depth == 0) {
			size_t e = k, s;

			while (e > 0 && isspace((unsigned char)text[e - 1]))
				e--;
			for (s = e; s > 0 && ident_char(text[s - 1]); s--)
				;
			*index = commas;
			return s < e ? strndup(text + s, e - s) : NULL;
		}
	}
	return NULL;
}

static size_t offset_of(const char *text, long line, long col)
{
	size_t at = 0;

	for (long l = 1; l < line && text[at]; at++)
		l += text[at] == '\n';
	for (long c = 1; c < col && text[at] && text[at] != '\n'; c++)
		at++;
	return at;
}

/* The texts of the files with "arg" facts, read once (not JSON: a file
 * need not be UTF-8). */
struct texts {
	char **path;
	struct buf *text;
	size_t n;
};

static const char *text_of(struct texts *t, const char *file)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->path[i], file))
			return t->text[i].data ? t->text[i].data : "";
	t->path = xrealloc(t->path, (t->n + 1) * sizeof(*t->path));
	t->text = xrealloc(t->text, (t->n + 1) * sizeof(*t->text));
	t->path[t->n] = xstrdup(file);
	memset(&t->text[t->n], 0, sizeof(t->text[t->n]));
	read_file(file, &t->text[t->n]);
	buf_append(&t->text[t->n], "", 0);
	return t->text[t->n++].data;
}

void macrocall_filter(struct scan *s)
{
	json_t *facts = s->facts, *macros = NULL, *f;
	struct texts texts = { 0 };
	size_t i, kept = 0;

	json_array_foreach(facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *kind = json_string_value(json_object_get(f, "kind"));
		const char *file = json_string_value(json_object_get(f, "file"));
		const char *text;
		json_t *defs, *d;
		char *callee;
		size_t idx = 0, j;
		int copies = 0;

		if (!k || strcmp(k, "copy") || !kind || strcmp(kind, "arg") || !file)
			goto keep;
		/* Read only once a by-value argument asks for them. */
		if (!macros)
			macros = function_macros(rescue_project_defines(s));
		if (!json_object_size(macros))
			goto keep;
		text = text_of(&texts, file);
		callee = callee_at(text, offset_of(text,
						   (long)json_integer_value(json_object_get(f, "line")),
						   (long)json_integer_value(json_object_get(f, "col"))),
				   &idx);
		defs = callee ? json_object_get(macros, callee) : NULL;
		free(callee);
		if (!defs)
			goto keep;
		json_array_foreach(defs, j, d)
			copies |= macrocall_copies(json_string_value(d), idx) != 0;
		if (!copies)
			continue;
keep:
		json_array_set(facts, kept++, f);
	}
	while (json_array_size(facts) > kept)
		json_array_remove(facts, json_array_size(facts) - 1);
	if (macros)
		json_decref(macros);
	for (i = 0; i < texts.n; i++) {
		free(texts.path[i]);
		buf_free(&texts.text[i]);
	}
	free(texts.path);
	free(texts.text);
}
