/* box.c: see box.h. */
#define _GNU_SOURCE
#include "box.h"

#include <string.h>

#include "rewrite.h"
#include "util.h"

char *box_prefix(const char *lock)
{
	size_t n = strlen(lock);

	if (n > 2 && !strcmp(lock + n - 2, "_t"))
		n -= 2;
	return xasprintf("lockptr_%.*s", (int)n, lock);
}

const char *box_ok(const char *lock)
{
	return !strcmp(lock, "mtx_t") || !strcmp(lock, "cnd_t") ? "thrd_success" : "0";
}

char *box_nomem(const struct options *o, const char *lock)
{
	static const char *const nomem[][2] = {
		{ "mtx_t", "thrd_error" }, { "cnd_t", "thrd_nomem" },
		{ "sem_t", "lockptr_sem_nomem()" }, { NULL, NULL },
	};

	for (int i = 0; nomem[i][0]; i++)
		if (!strcmp(nomem[i][0], lock))
			return xstrdup(nomem[i][1]);
	for (size_t i = 0; i < o->nlock_types; i++)
		if (!strcmp(o->lock_types[i].name, lock))
			return o->lock_types[i].nomem ? xstrdup(o->lock_types[i].nomem) : NULL;
	return xstrdup("ENOMEM");
}

const char *helper_template(void)
{
	static struct buf tmpl;

	if (!tmpl.data) {
		char *path = xasprintf("%s/cocci/rewrite/lockptr_locks.h.in", datadir());

		if (read_file(path, &tmpl) < 0 || !tmpl.data)
			die(EXIT_USAGE, "%s:", path);
		free(path);
	}
	return tmpl.data;
}

char *template_section(const char *name)
{
	struct buf out = { 0 };
	size_t len = strlen(name);
	int keep = 0;

	for (const char *p = helper_template(); *p;) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "//@ ", 4))
			keep = n == 4 + len && !strncmp(p + 4, name, len);
		else if (keep)
			buf_printf(&out, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (!out.data)
		die(EXIT_USAGE, "lockptr_locks.h.in: no %s section", name);
	return out.data;
}

char *box_section(const char *lock, const char *rc_type)
{
	char *tmpl = template_section("box"), *prefix = box_prefix(lock);
	const char *kv[] = { "BOX", prefix, "LOCK", lock, "RC", rc_type, "OK", box_ok(lock), NULL };
	struct buf out = { 0 };

	template_substitute(&out, tmpl, kv);
	free(tmpl);
	free(prefix);
	return out.data;
}
