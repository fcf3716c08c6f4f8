#define _GNU_SOURCE
#include "macros.h"

#include <ctype.h>
#include <string.h>

#include "util.h"

static int ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int keyword(const char *w, size_t n);

/* Blanks between tokens of a #define, backslash-newlines included. */
static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\\' || c == '\r' || c == '\n';
}

/* The function whose argument starts after b[i - 1] ("f(a, &x->m)":
 * "f"), or NULL when what comes before is no call's '(' or ','. */
static char *callee_of(const char *b, size_t i)
{
	int depth = 0;
	size_t e, s;

	while (i > 0 && blank(b[i - 1]))
		i--;
	if (i == 0 || (b[i - 1] != '(' && b[i - 1] != ','))
		return NULL;
	for (i--; b[i] != '(' || depth > 0; i--) {
		if (b[i] == ')' || b[i] == ']')
			depth++;
		else if ((b[i] == '(' || b[i] == '[') && depth-- == 0)
			return NULL;
		if (i == 0)
			return NULL;
	}
	for (e = i; e > 0 && blank(b[e - 1]); e--)
		;
	for (s = e; s > 0 && ident(b[s - 1]); s--)
		;
	if (s == e || isdigit((unsigned char)b[s]) || keyword(b + s, e - s))
		return NULL;
	return strndup(b + s, e - s);
}

/* The operand of the '&' at b[i]: its end (a ',', ';', ')' ... at depth 0,
 * or n), the member names met on the way appended to path (when not
 * NULL), *last the last of them ("->name" or ".name"), NULL if none. */
static size_t addr_operand(const char *b, size_t i, size_t n, json_t *path, const char **last,
			   size_t *lastlen)
{
	int depth = 0;
	size_t k;

	*last = NULL;
	*lastlen = 0;
	for (k = i + 1; k < n; k++) {
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
		if ((c == '.' && k + 1 < n && ident(b[k + 1])) || (c == '>' && b[k - 1] == '-')) {
			size_t s = k + 1, e;

			while (s < n && b[s] == ' ')
				s++;
			for (e = s; e < n && ident(b[e]); e++)
				;
			if (e > s) {
				*last = b + s;
				*lastlen = e - s;
				if (path) {
					char *name = strndup(b + s, e - s);

					json_array_append_new(path, json_string(name ? name : ""));
					free(name);
				}
			}
		}
	}
	return k;
}

static int address_of(const char *b, size_t i, size_t n)
{
	return b[i] == '&' && !(i + 1 < n && b[i + 1] == '&') && !(i > 0 && b[i - 1] == '&');
}

/* The members whose address the body takes: after each '&', the last
 * "->name" or ".name" before the operand ends, with the function it is
 * an argument of. */
static void scan_body(const char *file, long line, const char *macro,
		      const char *b, size_t n, json_t *facts)
{
	for (size_t i = 0; i < n; i++) {
		const char *last;
		size_t lastlen;
		json_t *path;

		if (!address_of(b, i, n))
			continue;
		path = json_array();
		addr_operand(b, i, n, path, &last, &lastlen);
		if (last) {
			char *m = strndup(last, lastlen), *fn = callee_of(b, i);
			json_t *fact = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:O}",
				"k", "macro_addr", "file", file, "line", (json_int_t)line,
				"col", (json_int_t)1, "macro", macro, "member", m ? m : "",
				"path", path);

			if (fn)
				json_object_set_new(fact, "callee", json_string(fn));
			json_array_append_new(facts, fact);
			free(m);
			free(fn);
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

/* The end of the argument that starts at b[i] (a ',' or ')' at depth 0,
 * or n). */
static size_t arg_end(const char *b, size_t i, size_t n)
{
	int depth = 0;

	for (; i < n; i++) {
		if (b[i] == '(' || b[i] == '[' || b[i] == '{')
			depth++;
		else if ((b[i] == ')' || b[i] == ']' || b[i] == '}') && depth-- == 0)
			return i;
		else if (b[i] == ',' && depth == 0)
			return i;
	}
	return n;
}

/* An argument as a plain word: blanks, backslash-newlines and the
 * parentheses around it dropped ("( (a) )" -> "a"). */
static char *arg_text(const char *b, size_t s, size_t e)
{
	struct buf t = { 0 };
	size_t i, j;

	for (i = s; i < e; i++)
		if (b[i] != ' ' && b[i] != '\t' && b[i] != '\\' && b[i] != '\n' && b[i] != '\r')
			buf_append(&t, b + i, 1);
	if (!t.data)
		return xstrdup("");
	for (i = 0, j = t.len; j - i >= 2 && t.data[i] == '(' && t.data[j - 1] == ')' &&
	     arg_end(t.data, i + 1, j) == j - 1; i++, j--)
		;
	{
		char *r = strndup(t.data + i, j - i);

		buf_free(&t);
		return r ? r : xstrdup("");
	}
}

/* A lock operation other than init and destroy (the list of
 * LOCKPTR_LOCK_OPS in prelude.cocci): never a wrapper's call. */
static int lock_api(const char *fn)
{
	static const char *const ops[] = {
		"pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_unlock",
		"pthread_mutex_timedlock", "pthread_mutex_clocklock", "pthread_mutex_consistent",
		"pthread_mutex_getprioceiling", "pthread_mutex_setprioceiling",
		"pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "pthread_rwlock_tryrdlock",
		"pthread_rwlock_trywrlock", "pthread_rwlock_timedrdlock",
		"pthread_rwlock_timedwrlock", "pthread_rwlock_clockrdlock",
		"pthread_rwlock_clockwrlock", "pthread_rwlock_unlock", "pthread_spin_lock",
		"pthread_spin_trylock", "pthread_spin_unlock", "pthread_cond_wait",
		"pthread_cond_timedwait", "pthread_cond_clockwait", "pthread_cond_signal",
		"pthread_cond_broadcast", "pthread_barrier_wait", "mtx_lock", "mtx_timedlock",
		"mtx_trylock", "mtx_unlock", "cnd_signal", "cnd_broadcast", "cnd_wait",
		"cnd_timedwait", "sem_wait", "sem_trywait", "sem_timedwait", "sem_clockwait",
		"sem_post", "sem_getvalue", NULL,
	};

	for (int k = 0; ops[k]; k++)
		if (!strcmp(fn, ops[k]))
			return 1;
	return 0;
}

static int keyword(const char *w, size_t n)
{
	static const char *const kw[] = { "if", "while", "for", "switch", "return", "sizeof",
					  "do", "_Alignof", "__typeof__", "typeof", NULL };

	for (int k = 0; kw[k]; k++)
		if (strlen(kw[k]) == n && !strncmp(w, kw[k], n))
			return 1;
	return 0;
}

/* A function-like macro that hands its first parameter on as the first
 * argument of a call may be a lock wrapper (`#define my_mutex_init(a)
 * pthread_mutex_init(a, NULL)`): the same facts as wrappers.cocci prints
 * for a function, which typed rules cannot see in a macro body. "wcall"
 * (the callee; ret "void" for a statement body, do { } while (0), else
 * "") with "init_arg" (its second argument) at the call's place, "wret"
 * when the body is that call and nothing else (the macro's value is the
 * call's); "pshared" and "recursive" for attribute calls in the body. The
 * driver keeps the calls whose callee is an init, a destroy, or another
 * wrapper. */
static void macro_wrapper(const char *file, long line, const char *macro, const char *b,
			  size_t n, json_t *facts)
{
	size_t i = 1, ps, body, s;
	char *param;
	int stmt;

	/* The first parameter. */
	while (i < n && (b[i] == ' ' || b[i] == '\t'))
		i++;
	for (ps = i; i < n && ident(b[i]); i++)
		;
	if (i == ps)
		return;
	param = strndup(b + ps, i - ps);
	if (!param)
		return;
	body = arg_end(b, 1, n);
	while (body < n && b[body] != ')')
		body = arg_end(b, body + 1, n);
	body = body < n ? body + 1 : n;
	for (s = body; s < n && strchr(" \t\\\r\n", b[s]); s++)
		;
	stmt = (n - s >= 2 && !strncmp(b + s, "do", 2) && !ident(b[s + 2])) ||
	       (s < n && b[s] == '{');
	for (i = body; i < n; i++) {
		size_t ws = i, we, open, a1, a2;
		char *fn, *first, *second = NULL;

		if (!ident(b[i]) || (i > 0 && ident(b[i - 1])) || isdigit((unsigned char)b[i]))
			continue;
		for (we = ws; we < n && ident(b[we]); we++)
			;
		for (open = we; open < n && (b[open] == ' ' || b[open] == '\t'); open++)
			;
		i = we - 1;
		if (open >= n || b[open] != '(' || keyword(b + ws, we - ws))
			continue;
		a1 = arg_end(b, open + 1, n);
		if (a1 >= n)
			continue;
		fn = strndup(b + ws, we - ws);
		first = arg_text(b, open + 1, a1);
		if (b[a1] == ',') {
			a2 = arg_end(b, a1 + 1, n);
			second = arg_text(b, a1 + 1, a2);
		}
		if (fn && second && !strcmp(second, "PTHREAD_PROCESS_SHARED") &&
		    strstr(fn, "attr_setpshared"))
			json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s}",
				"k", "pshared", "file", file, "line", (json_int_t)line,
				"col", (json_int_t)(ws + 1), "func", macro, "attr", first));
		if (fn && second && !strcmp(fn, "pthread_mutexattr_settype") &&
		    !strncmp(second, "PTHREAD_MUTEX_RECURSIVE", 23))
			json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s}",
				"k", "recursive", "file", file, "line", (json_int_t)line,
				"col", (json_int_t)(ws + 1), "func", macro, "attr", first));
		if (fn && !strcmp(first, param) && !lock_api(fn) && strcmp(fn, macro)) {
			size_t e = a1, t;

			json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:n, s:s, s:b}",
				"k", "wcall", "file", file, "line", (json_int_t)line,
				"col", (json_int_t)(ws + 1), "func", macro, "fn", fn, "ptype",
				"ret", stmt ? "void" : "", "macro", 1));
			if (second)
				json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
					"k", "init_arg", "file", file, "line", (json_int_t)line,
					"col", (json_int_t)(ws + 1), "func", macro, "fn", fn,
					"arg", second));
			/* The macro's value is the call's when the body is the
			 * call alone, in parentheses or not. */
			while (e < n && b[e] != ')')
				e = arg_end(b, e + 1, n);
			for (t = e + 1; t < n && strchr(" \t\\\r\n)", b[t]); t++)
				;
			if (!stmt && e < n && t == n && ws >= s &&
			    strspn(b + s, " \t\\\r\n(") == ws - s)
				json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s, s:n}",
					"k", "wret", "file", file, "line", (json_int_t)line,
					"col", (json_int_t)(ws + 1), "func", macro, "var"));
		}
		free(fn);
		free(first);
		free(second);
	}
	free(param);
}

/* A function-like macro of one parameter whose value is that parameter
 * negated (`#define ERR(x) (-(x))`: a project whose errors are negative
 * errno values): {"k": "negate", "macro"}, for the wrappers that return
 * an init's result through it. */
static void negating(const char *file, long line, const char *macro, const char *b, size_t n,
		     json_t *facts)
{
	size_t close = arg_end(b, 1, n);
	char *param, *body, *want[4];
	int match = 0;

	if (close >= n || b[close] != ')')
		return;
	param = arg_text(b, 1, close);
	body = arg_text(b, close + 1, n);
	for (const char *const *c = (const char *const[]){ "/*", "//", NULL }; *c; c++)
		if (strstr(body, *c))
			*strstr(body, *c) = '\0';
	want[0] = xasprintf("-(%s)", param);
	want[1] = xasprintf("(-(%s))", param);
	want[2] = xasprintf("(-%s)", param);
	want[3] = xasprintf("-%s", param);
	for (int k = 0; k < 4; k++) {
		match |= *param && ident(*param) && !strcmp(body, want[k]);
		free(want[k]);
	}
	if (match)
		json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s}",
			"k", "negate", "file", file, "line", (json_int_t)line,
			"col", (json_int_t)1, "macro", macro));
	free(param);
	free(body);
}

/* A function-like macro whose value is void (`((void)(a))`, a
 * `do { } while (0)`, an empty body): {"k": "void_macro", "macro"}. A
 * --lock-type destroy that is one in some configuration has no result a
 * helper may use. */
static void void_valued(const char *file, long line, const char *macro, const char *b, size_t n,
			json_t *facts)
{
	size_t close = arg_end(b, 1, n);
	char *body;
	size_t len;

	if (close >= n || b[close] != ')')
		return;
	body = arg_text(b, close + 1, n);
	for (const char *const *c = (const char *const[]){ "/*", "//", NULL }; *c; c++)
		if (strstr(body, *c))
			*strstr(body, *c) = '\0';
	len = strlen(body);
	if (!len || (!strncmp(body, "(void)", 6) && arg_end(body, 0, len) == len) ||
	    (!strncmp(body, "do", 2) && !ident(body[2])))
		json_array_append_new(facts, json_pack("{s:s, s:s, s:I, s:I, s:s}",
			"k", "void_macro", "file", file, "line", (json_int_t)line,
			"col", (json_int_t)1, "macro", macro));
	free(body);
}

/* One #define of text: its name [ns, ne), the end of its logical line
 * (backslash-newlines join) and the lines it spans. */
struct define {
	size_t ns, ne, end;
	long first, last;
};

/* The next #define from text[*i] on, *line being text[*i]'s line; 0 at
 * the end. *i and *line move past it. */
static int next_define(const char *text, size_t len, size_t *i, long *line, struct define *d)
{
	while (*i < len) {
		size_t end = *i, s = *i;

		d->first = *line;
		while (end < len && !(text[end] == '\n' && (end == 0 || text[end - 1] != '\\'))) {
			if (text[end] == '\n')
				(*line)++;
			end++;
		}
		d->last = *line;
		*i = end + 1;
		(*line)++;
		while (s < end && (text[s] == ' ' || text[s] == '\t'))
			s++;
		if (s >= end || text[s] != '#')
			continue;
		for (s++; s < end && (text[s] == ' ' || text[s] == '\t'); s++)
			;
		if (end - s <= 7 || strncmp(text + s, "define", 6) || ident(text[s + 6]))
			continue;
		for (d->ns = s + 6; d->ns < end && (text[d->ns] == ' ' || text[d->ns] == '\t'); d->ns++)
			;
		for (d->ne = d->ns; d->ne < end && ident(text[d->ne]); d->ne++)
			;
		d->end = end;
		if (d->ne > d->ns)
			return 1;
	}
	return 0;
}

char *macro_around(const char *text, size_t len, long line)
{
	struct define d;
	long at = 1;
	size_t i = 0;

	while (next_define(text, len, &i, &at, &d) && d.first <= line)
		/* The #define line itself is no body line. */
		if (line > d.first && line <= d.last)
			return strndup(text + d.ns, d.ne - d.ns);
	return NULL;
}

void macro_facts(const char *path, const char *text, size_t len, json_t *facts)
{
	struct define d;
	long line = 1;
	size_t i = 0;

	while (next_define(text, len, &i, &line, &d)) {
		char *name = strndup(text + d.ns, d.ne - d.ns);
		const char *n = name ? name : "", *b = text + d.ne;
		size_t blen = d.end - d.ne;

		scan_body(path, d.first, n, b, blen, facts);
		if (blen && *b != '(')
			type_alias(path, d.first, n, b, blen, facts);
		else if (blen) {
			macro_wrapper(path, d.first, n, b, blen, facts);
			negating(path, d.first, n, b, blen, facts);
			void_valued(path, d.first, n, b, blen, facts);
		}
		free(name);
	}
}

int macro_unaddress(struct buf *text, const char *macro, const char *leaf)
{
	struct define d;
	struct buf out = { 0 };
	long line = 1;
	size_t i = 0, copied = 0, llen = strlen(leaf);
	int edits = 0;

	while (next_define(text->data, text->len, &i, &line, &d)) {
		const char *b = text->data;

		if (d.ne - d.ns != strlen(macro) || strncmp(b + d.ns, macro, d.ne - d.ns))
			continue;
		for (size_t k = d.ne; k < d.end; k++) {
			const char *last;
			size_t lastlen, end, after;

			if (!address_of(b, k, d.end))
				continue;
			end = addr_operand(b, k, d.end, NULL, &last, &lastlen);
			if (!last || lastlen != llen || strncmp(last, leaf, llen))
				continue;
			/* The member ends the operand: &E->m, &(E->m), not &E->m.x. */
			for (after = (size_t)(last - b) + llen; after < end && strchr(" \t)", b[after]); after++)
				;
			if (after != end)
				continue;
			buf_append(&out, b + copied, k - copied);
			for (copied = k + 1; copied < end && (b[copied] == ' ' || b[copied] == '\t'); copied++)
				;
			edits++;
		}
	}
	if (edits) {
		buf_append(&out, text->data + copied, text->len - copied);
		buf_free(text);
		*text = out;
	} else {
		buf_free(&out);
	}
	return edits;
}
