#define _GNU_SOURCE
#include "report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef LOCKPTR_DOCDIR
#define LOCKPTR_DOCDIR "/usr/local/share/doc/lockptr"
#endif

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

json_t *report_scan_json(const struct scan_result *r)
{
	json_t *doc = json_pack("{s:i, s:O, s:O, s:O}", "version", 1, "units", r->units,
				"copies", r->copies, "incomplete", r->incomplete);

	if (json_array_size(r->conflicts))
		json_object_set(doc, "conflicts", r->conflicts);
	if (json_array_size(r->wrappers))
		json_object_set(doc, "wrappers", r->wrappers);
	return doc;
}

/* "kept": {"reason", "by"}, on a kept unit or copy only. */
static void add_kept(json_t *o, const char *kept, enum kept_by by)
{
	static const char *const names[] = { "", "comment", "keep", "unit" };

	if (kept)
		json_object_set_new(o, "kept", json_pack("{s:s, s:s}", "reason", kept,
							 "by", names[by]));
}

json_t *report_unit_json(const struct unit *u)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:b, s:o}", "type", u->type,
			      "member", u->member, "lock", u->lock, "file", u->file,
			      "line", (json_int_t)u->line, "column", (json_int_t)u->column,
			      "array", u->array, "copied", u->copied, "refused",
			      u->refused ? json_string(u->refused) : json_null());

	/* Only where it is true: a refusal without it is a limit of lockptr. */
	if (u->refused && u->by_design)
		json_object_set_new(o, "by_design", json_true());
	if (u->def)
		json_object_set_new(o, "definition", json_string(u->def));
	add_kept(o, u->kept, u->kept_by);
	return o;
}

json_t *report_units_json(const struct unit *u, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, report_unit_json(&u[i]));
	return a;
}

static json_t *strings_json(const struct strvec *v)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(a, json_string(v->v[i]));
	return a;
}

json_t *report_copies_json(const struct copy_site *c, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s?}", "type", c[i].type,
				      "kind", c[i].kind, "path", c[i].path, "file", c[i].file,
				      "line", (json_int_t)c[i].line,
				      "column", (json_int_t)c[i].column,
				      "function", c[i].function);

		if (c[i].paths.n)
			json_object_set_new(o, "paths", strings_json(&c[i].paths));
		if (c[i].def)
			json_object_set_new(o, "definition", json_string(c[i].def));
		add_kept(o, c[i].kept, c[i].kept_by);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *report_conflicts_json(const struct conflict *c, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o}", "type", c[i].type,
						   "files", strings_json(&c[i].files)));
	return a;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *report_wrappers_json(const struct lock_wrapper *w, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:o, s:o, s:o, s:o}",
			"name", w[i].name, "kind", w[i].kind, "lock", w[i].lock,
			"file", w[i].file, "line", (json_int_t)w[i].line, "macro", w[i].macro,
			"via", w[i].via, "returns", str_or_null(*w[i].returns ? w[i].returns : NULL),
			"through", str_or_null(w[i].returns_var),
			"pshared", str_or_null(w[i].pshared),
			"recursive", str_or_null(w[i].recursive)));
	return a;
}

const char *report_copy_verb(const char *kind)
{
	static const char *const kinds[][2] = {
		{ "param", "passed by value as a parameter" },
		{ "arg", "passed by value as an argument" },
		{ "return", "returned by value" },
		{ "assign", "assigned by value" },
		{ "init", "initialised from another object" },
		{ "literal", "copied into an initializer" },
		{ "memcpy", "copied with memcpy/memmove" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i][0], kind))
			return kinds[i][1];
	return "copied";
}

/* The reason of a kept unit or copy, or NULL. */
static const char *kept(json_t *v)
{
	return str(json_object_get(v, "kept"), "reason");
}

static char *kept_message(const char *what, const char *how, json_t *v)
{
	const char *why = kept(v);

	return xasprintf("%s %s: %s", what, how, *why ? why : "(no reason given)");
}

static char *unit_message(json_t *u)
{
	const char *refused = str(u, "refused");

	if (kept(u)) {
		char *what = xasprintf("lock member '%s.%s%s%s' (%s%s)", str(u, "type"),
				       str(u, "member"), str(u, "definition") ? "@" : "",
				       str(u, "definition") ? str(u, "definition") : "", str(u, "lock"),
				       json_is_true(json_object_get(u, "array")) ? " array" : "");
		char *msg = kept_message(what, "is kept by value on purpose", u);

		free(what);
		return msg;
	}
	return xasprintf("lock member '%s.%s%s%s' (%s%s) is embedded by value%s%s%s",
			 str(u, "type"), str(u, "member"), str(u, "definition") ? "@" : "",
			 str(u, "definition") ? str(u, "definition") : "", str(u, "lock"),
			 json_is_true(json_object_get(u, "array")) ? " array" : "",
			 json_is_true(json_object_get(u, "copied")) ? " and copied" : "",
			 refused ? "; not migrated: " : "", refused ? refused : "");
}

static char *copy_message(json_t *c)
{
	const char *fn = str(c, "function"), *def = str(c, "definition");
	json_t *paths = json_object_get(c, "paths");
	struct buf locks = { 0 };
	char *type = xasprintf("%s%s%s", str(c, "type"), def ? "@" : "", def ? def : "");
	char *msg;

	if (kept(c)) {
		char *what = xasprintf("'%s' %s%s%s%s", type, report_copy_verb(str(c, "kind")),
				       fn ? " in " : "", fn ? fn : "", fn ? "()" : "");

		msg = kept_message(what, "is accepted", c);
		free(what);
		free(type);
		return msg;
	}
	if (paths) {
		size_t i;
		json_t *p;

		json_array_foreach(paths, i, p)
			buf_printf(&locks, "%s'%s'", i ? ", " : "", json_string_value(p));
	} else if (*str(c, "path")) {
		buf_printf(&locks, "'%s'", str(c, "path"));
	}
	if (locks.data)
		msg = xasprintf("'%s' %s%s%s%s: the copy gets its own lock%s %s",
				type, report_copy_verb(str(c, "kind")), fn ? " in " : "",
				fn ? fn : "", fn ? "()" : "", paths ? "s" : "", locks.data);
	else
		msg = xasprintf("a lock ('%s') %s%s%s%s: the copy is another lock",
				type, report_copy_verb(str(c, "kind")), fn ? " in " : "",
				fn ? fn : "", fn ? "()" : "");
	buf_free(&locks);
	free(type);
	return msg;
}

static void text(FILE *out, const struct scan_result *r, int quiet)
{
	size_t i, nc = 0, nr = 0, nk = 0, nck = 0;
	json_t *v;

	json_array_foreach(r->units, i, v) {
		char *msg = unit_message(v);

		fprintf(out, "%s:%lld:%lld: %s: %s [lock-member]\n", str(v, "file"),
			num(v, "line"), num(v, "column"), kept(v) ? "note" : "warning", msg);
		free(msg);
		nc += json_is_true(json_object_get(v, "copied"));
		nr += str(v, "refused") != NULL;
		nk += kept(v) != NULL;
	}
	json_array_foreach(r->copies, i, v) {
		char *msg = copy_message(v);

		fprintf(out, "%s:%lld:%lld: %s: %s [lock-copy]\n", str(v, "file"),
			num(v, "line"), num(v, "column"), kept(v) ? "note" : "warning", msg);
		free(msg);
		nck += kept(v) != NULL;
	}
	json_array_foreach(r->conflicts, i, v) {
		size_t j;
		json_t *f;

		fprintf(out, "lockptr: warning: '%s' is defined differently in:", str(v, "type"));
		json_array_foreach(json_object_get(v, "files"), j, f)
			fprintf(out, " %s", json_string_value(f));
		fputc('\n', out);
	}
	json_array_foreach(r->incomplete, i, v)
		fprintf(out, "%s: error: not fully scanned: %s [incomplete]\n",
			str(v, "file"), str(v, "reason"));
	if (quiet)
		return;
	/* Kept ones are counted only where there are some. */
	fprintf(out, "lockptr: %zu lock member%s (%zu copied, %zu refused", json_array_size(r->units),
		json_array_size(r->units) == 1 ? "" : "s", nc, nr);
	if (nk)
		fprintf(out, ", %zu kept", nk);
	fprintf(out, "), %zu copy site%s", json_array_size(r->copies),
		json_array_size(r->copies) == 1 ? "" : "s");
	if (nck)
		fprintf(out, " (%zu kept)", nck);
	fprintf(out, ", %zu incomplete file%s; %zu of %zu files parsed\n",
		json_array_size(r->incomplete), json_array_size(r->incomplete) == 1 ? "" : "s",
		r->parsed, r->files);
}

int report_findings(const struct scan_result *r)
{
	size_t i;
	json_t *v;

	json_array_foreach(r->units, i, v)
		if (!kept(v))
			return 1;
	json_array_foreach(r->copies, i, v)
		if (!kept(v))
			return 1;
	return 0;
}

/* RFC 3986 path: unreserved characters and '/' stay, the rest is %XX. */
static char *uri_path(const char *p)
{
	struct buf b = { 0 };

	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) || strchr("-._~/", c))
			buf_append(&b, p, 1);
		else
			buf_printf(&b, "%%%02X", c);
	}
	if (!b.data)
		buf_puts(&b, "");
	return b.data;
}

static json_t *location(json_t *v)
{
	char *uri = uri_path(str(v, "file"));
	json_t *region = json_object();
	json_t *art = json_pack("{s:s}", "uri", uri);

	/* Relative paths are resolved against %SRCROOT%, absolute ones
	 * (files outside the working directory) are file URIs. */
	if (str(v, "file")[0] == '/') {
		char *abs = xasprintf("file://%s", uri);

		json_object_set_new(art, "uri", json_string(abs));
		free(abs);
	} else {
		json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
	}
	free(uri);
	if (num(v, "line") > 0) {
		json_object_set_new(region, "startLine", json_integer(num(v, "line")));
		if (num(v, "column") > 0)
			json_object_set_new(region, "startColumn",
					    json_integer(num(v, "column")));
	}
	if (json_object_size(region) == 0) {
		json_decref(region);
		return json_pack("{s:{s:o}}", "physicalLocation", "artifactLocation", art);
	}
	return json_pack("{s:{s:o, s:o}}", "physicalLocation", "artifactLocation", art,
			 "region", region);
}

/* A kept result carries its suppression: inSource for a comment at the
 * result's own line, external for --keep (the project file) and for a
 * copy kept with its units. */
static json_t *result(const char *rule, int index, const char *level, char *msg,
		      json_t *v)
{
	json_t *r = json_pack("{s:s, s:i, s:s, s:{s:s}, s:[o]}", "ruleId", rule,
			      "ruleIndex", index, "level", level, "message", "text", msg,
			      "locations", location(v));
	const char *by = str(json_object_get(v, "kept"), "by");

	if (by)
		json_object_set_new(r, "suppressions", json_pack("[{s:s, s:s, s:s}]", "kind",
			!strcmp(by, "comment") ? "inSource" : "external", "status", "accepted",
			"justification", *kept(v) ? kept(v) : "(no reason given)"));
	free(msg);
	return r;
}

static json_t *rule(const char *id, const char *name, const char *shortd,
		    const char *help)
{
	return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "id", id,
			 "name", name, "shortDescription", "text", shortd,
			 "fullDescription", "text", help, "help", "text", help,
			 "defaultConfiguration", "level", "warning");
}

static json_t *sarif(const struct scan_result *r)
{
	json_t *results = json_array(), *notes = json_array();
	char *cwd = getcwd(NULL, 0);
	char *root_uri, *root_path = uri_path(cwd ? cwd : "/");
	json_t *doc;
	size_t i;
	json_t *v;

	root_uri = xasprintf("file://%s%s", root_path,
			     root_path[strlen(root_path) - 1] == '/' ? "" : "/");
	json_array_foreach(r->units, i, v)
		json_array_append_new(results, result("lock-member", 0, "warning",
						      unit_message(v), v));
	json_array_foreach(r->copies, i, v)
		json_array_append_new(results, result("lock-copy", 1, "warning",
						      copy_message(v), v));
	json_array_foreach(r->incomplete, i, v) {
		char *msg = xasprintf("%s: not fully scanned: %s", str(v, "file"),
				      str(v, "reason"));

		json_array_append_new(notes, json_pack("{s:s, s:{s:s}, s:[o]}", "level",
						       "error", "message", "text", msg,
						       "locations", location(v)));
		free(msg);
	}
	doc = json_pack(
		"{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:[o, o]}}, s:{s:{s:s}}, s:o,"
		" s:[{s:b, s:o}]}]}",
		"$schema", "https://json.schemastore.org/sarif-2.1.0.json",
		"version", "2.1.0", "runs", "tool", "driver", "name", "lockptr",
		"version", LOCKPTR_VERSION, "semanticVersion", LOCKPTR_VERSION,
		"informationUri", "file://" LOCKPTR_DOCDIR "/README.md", "rules",
		rule("lock-member", "EmbeddedLock",
		     "A lock is embedded by value in a struct or union.",
		     "A struct or union member holds a lock (pthread mutex, rwlock, "
		     "spinlock, condition variable, barrier, C11 mtx_t/cnd_t, sem_t) by "
		     "value. Every copy of the struct gets a lock of its own while "
		     "pointers inside it still share data, and POSIX (XSH 2.9.9) leaves "
		     "the use of a copied lock undefined. 'lockptr diff' shows the "
		     "migration of the member to a pointer."),
		rule("lock-copy", "LockCopy",
		     "An object that holds a lock is copied by value.",
		     "An object whose type holds a lock (the message names the member "
		     "path to it) is copied: passed or returned by value, assigned, "
		     "initialised from another object, or memcpy'd. The copy locks "
		     "its own lock, not the original's: a data race. Pass a pointer "
		     "instead, or migrate the lock member to a pointer."),
		"originalUriBaseIds", "%SRCROOT%", "uri", root_uri, "results", results,
		"invocations", "executionSuccessful",
		json_array_size(r->incomplete) == 0, "toolExecutionNotifications", notes);
	free(root_uri);
	free(root_path);
	free(cwd);
	return doc;
}

int report_scan(FILE *out, const struct scan_result *r, enum format format,
		int quiet)
{
	json_t *doc = NULL;

	if (format == FORMAT_TEXT)
		text(out, r, quiet);
	else
		doc = format == FORMAT_JSON ? report_scan_json(r) : sarif(r);
	if (doc) {
		/* A failed write shows in ferror() below. */
		(void)json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(doc);
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

void report_diff(FILE *out, const char *text, int color)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		const char *on = !color ? NULL
				 : !strncmp(p, "+++ ", 4) || !strncmp(p, "--- ", 4) ? "\033[1m"
				 : p[0] == '+' ? "\033[32m" : p[0] == '-' ? "\033[31m"
				 : !strncmp(p, "@@", 2) ? "\033[36m" : NULL;

		if (on)
			fprintf(out, "%s%.*s\033[m\n", on, (int)n, p);
		else
			fprintf(out, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}
