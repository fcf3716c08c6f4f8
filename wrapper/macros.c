#define _GNU_SOURCE
#include "macros.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

static int ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The members whose address the body takes: after each '&', the last
 * "->name" or ".name" before the operand ends. */
static void scan_body(const char *file, long line, const char *macro,
		      const char *b, size_t n, json_t *facts)
{
	for (size_t i = 0; i < n; i++) {
		const char *last = NULL;
		size_t lastlen = 0;
		int depth = 0;
		json_t *path;

		if (b[i] != '&' || (i + 1 < n && b[i + 1] == '&') || (i > 0 && b[i - 1] == '&'))
			continue;
		path = json_array();
		for (size_t k = i + 1; k < n; k++) {
			char c = b[k];

			if (c == '(' || c == '[')
				depth++;
			else if (c == ')' || c == ']') {
				if (depth == 0)
					break;
				depth--;
			} else if (depth == 0 && (c == ',' || c == ';' || c == '=' || c == '+' ||
						  c == '?' || c == ':' || c == '|' || c == '{'))
				break;
			if ((c == '.' && k + 1 < n && ident(b[k + 1])) ||
			    (c == '>' && b[k - 1] == '-')) {
				size_t s = k + 1, e;

				while (s < n && b[s] == ' ')
					s++;
				for (e = s; e < n && ident(b[e]); e++)
					;
				if (e > s) {
					char *name = strndup(b + s, e - s);

					last = b + s;
					lastlen = e - s;
					json_array_append_new(path, json_string(name ? name : ""));
					free(name);
				}
			}
		}
		if (last) {
			char *m = strndup(last, lastlen);

			json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:O}",
				"k", "macro_addr", "file", file, "line", (json_int_t)line,
				"col", (json_int_t)1, "macro", macro, "member", m ? m : "",
				"path", path));
			free(m);
		}
		json_decref(path);
	}
}

/* An object-like macro whose body spells a type (`#define my_mutex_t
 * pthread_mutex_t`, `... pthread_mutex_t *`, `... struct s`) names that
 * type where it is used: a typedef fact, with "macro": true. Comments go;
 * anything else in the body (numbers, operators, several words) is no
 * type. */
static void type_alias(const char *file, long line, const char *macro,
		       const char *b, size_t n, json_t *facts)
{
	struct buf body = { 0 };
	int words = 0, stars = 0, tagged = 0;

	for (size_t i = 0; i < n;) {
		if (b[i] == '/' && i + 1 < n && b[i + 1] == '*') {
			const char *e = memmem(b + i + 2, n - i - 2, "*/", 2);

			i = e ? (size_t)(e - b) + 2 : n;
		} else if (b[i] == '/' && i + 1 < n && b[i + 1] == '/') {
			break;
		} else if (b[i] == ' ' || b[i] == '\t' || b[i] == '\\' || b[i] == '\n' ||
			   b[i] == '\r') {
			i++;
		} else if (b[i] == '*' && words) {
			buf_puts(&body, stars++ ? "*" : " *");
			i++;
		} else if ((isalpha((unsigned char)b[i]) || b[i] == '_') && !stars) {
			size_t e = i;

			while (e < n && ident(b[e]))
				e++;
			words++;
			tagged |= words == 1 && ((e - i == 6 && !strncmp(b + i, "struct", 6)) ||
						 (e - i == 5 && !strncmp(b + i, "union", 5)));
			if (words > 1 + tagged) {
				buf_free(&body);
				return;
			}
			if (body.len)
				buf_puts(&body, " ");
			buf_append(&body, b + i, e - i);
			i = e;
		} else {
			buf_free(&body);
			return;
		}
	}
	if (words == 1 + tagged && strcmp(body.data, macro))
		json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:b}",
			"k", "typedef", "file", file, "line", (json_int_t)line, "col", (json_int_t)1,
			"name", macro, "of", body.data, "macro", 1));
	buf_free(&body);
}

void macro_facts(const char *path, const char *text, size_t len, json_t *facts)
{
	long line = 1;

	for (size_t i = 0; i < len;) {
		size_t end = i, s = i;
		long first = line;

		/* One logical line: backslash-newline joins. */
		while (end < len && !(text[end] == '\n' && (end == 0 || text[end - 1] != '\\'))) {
			if (text[end] == '\n')
				line++;
			end++;
		}
		while (s < end && (text[s] == ' ' || text[s] == '\t'))
			s++;
		if (s < end && text[s] == '#') {
			s++;
			while (s < end && (text[s] == ' ' || text[s] == '\t'))
				s++;
			if (end - s > 7 && !strncmp(text + s, "define", 6) && !ident(text[s + 6])) {
				size_t ns = s + 6, ne;

				while (ns < end && (text[ns] == ' ' || text[ns] == '\t'))
					ns++;
				for (ne = ns; ne < end && ident(text[ne]); ne++)
					;
				if (ne > ns) {
					char *name = strndup(text + ns, ne - ns);

					scan_body(path, first, name ? name : "", text + ne, end - ne, facts);
					if (ne < end && text[ne] != '(')
						type_alias(path, first, name ? name : "", text + ne,
							   end - ne, facts);
					free(name);
				}
			}
		}
		i = end + 1;
		line++;
	}
}
