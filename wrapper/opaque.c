#define _GNU_SOURCE
#include "opaque.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

/* The identifier at *p (after blanks), or 0 if there is none. */
static size_t word(const char **p, const char *end)
{
	size_t n = 0;

	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*p + n < end && (isalnum((unsigned char)(*p)[n]) || (*p)[n] == '_'))
		n++;
	return n && !isdigit((unsigned char)**p) ? n : 0;
}

void opaque_facts(const char *path, const char *text, size_t len, json_t *facts)
{
	const char *p = text, *end = text + len;
	long line = 1;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
		const char *stop = eol ? eol : end;
		size_t n;

		n = word(&q, stop);
		if (n == 7 && !strncmp(q, "typedef", 7)) {
			const char *kw, *tag, *name;
			size_t nk, nt, nn;

			q += n;
			kw = q;
			nk = word(&kw, stop);
			q = kw + nk;
			tag = q;
			nt = word(&tag, stop);
			q = tag + nt;
			name = q;
			nn = word(&name, stop);
			q = name + nn;
			while (q < stop && (*q == ' ' || *q == '\t'))
				q++;
			if (((nk == 6 && !strncmp(kw, "struct", 6)) || (nk == 5 && !strncmp(kw, "union", 5))) &&
			    nt && nn && q < stop && *q == ';') {
				char *of = xasprintf("%.*s %.*s", (int)nk, kw, (int)nt, tag);
				char *nm = xasprintf("%.*s", (int)nn, name);

				json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:b}",
					"k", "typedef", "file", path, "line", (json_int_t)line,
					"col", (json_int_t)1, "name", nm, "of", of, "text", 1));
				free(of);
				free(nm);
			}
		}
		line++;
		p = eol ? eol + 1 : end;
	}
}
