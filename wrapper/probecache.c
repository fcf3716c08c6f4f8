#define _GNU_SOURCE
#include "probecache.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "strmap.h"
#include "tree.h"

#define PROBE_MAX_FILE ((off_t)64 << 20)
#define PROBE_MAX_LINE 0x7fffffffUL

struct probe_cache {
	int readonly;
	unsigned char base[32];  /* digest of the salt and the environment */
	struct strmap sums;      /* path -> its SHA-256 in hex ("" unreadable) */
	struct strmap dirs;      /* path -> its identity */
};

/* The index of file in r->files, added if new. */
static size_t file_index(struct probe_runs *r, const char *file)
{
	for (size_t i = r->files.n; i-- > 0;)
		if (!strcmp(r->files.v[i], file))
			return i;
	strvec_push(&r->files, file);
	return r->files.n - 1;
}

static void push_run(struct probe_runs *r, size_t f, unsigned long line, unsigned long count)
{
	if (!count)
		return;
	if (r->n && r->v[r->n - 1].file == f && r->v[r->n - 1].line + r->v[r->n - 1].count == line) {
		r->v[r->n - 1].count += count;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n++] = (struct probe_run){ f, line, count };
}

void probe_runs_add(struct probe_runs *r, const char *file, unsigned long line,
		    unsigned long count)
{
	push_run(r, file_index(r, file), line, count);
}

void probe_runs_parse(const char *out, struct probe_runs *r)
{
	/* The file of the last marker, looked up once per marker, not once
	 * per line. */
	size_t file = SIZE_MAX;
	unsigned long line = 0;

	for (const char *l = out; l && *l;) {
		size_t n = strcspn(l, "\n"), k = 0;

		if (n > 2 && l[0] == '#' && l[1] == ' ' && isdigit((unsigned char)l[2])) {
			char *end;
			const char *q;

			line = strtoul(l + 2, &end, 10);
			q = end + strspn(end, " ");
			file = SIZE_MAX;
			if (*q == '"') {
				const char *close = memchr(q + 1, '"', n - (size_t)(q + 1 - l));
				char *name = close ? strndup(q + 1, (size_t)(close - q - 1)) : NULL;

				if (name)
					file = file_index(r, name);
				free(name);
			}
		} else {
			while (k < n && isspace((unsigned char)l[k]))
				k++;
			if (k < n && file != SIZE_MAX && line >= 1)
				push_run(r, file, line, 1);
			line++;
		}
		l += n + (l[n] == '\n');
	}
}

void probe_runs_free(struct probe_runs *r)
{
	strvec_free(&r->files);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static void digest_str(EVP_MD_CTX *md, const char *s)
{
	unsigned long long len = s ? strlen(s) : 0;

	/* Length first, so that concatenations cannot collide. */
	EVP_DigestUpdate(md, &len, sizeof(len));
	if (s)
		EVP_DigestUpdate(md, s, len);
}

static void hex(const unsigned char *d, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* A path's identity: device, inode and mtime, or "-" when missing. */
static char *identity(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return xstrdup("-");
	return xasprintf("%llu:%llu:%lld.%09ld:%lld", (unsigned long long)st.st_dev,
			 (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec, (long long)st.st_size);
}

/* The compiler a command runs, found as posix_spawnp() finds it. */
static char *which(const char *prog)
{
	const char *path = getenv("PATH");
	char *found = NULL;

	if (strchr(prog, '/'))
		return realpath(prog, NULL);
	for (const char *p = path ? path : "/usr/bin:/bin"; !found;) {
		size_t n = strcspn(p, ":");
		char *cand = xasprintf("%.*s/%s", (int)n, n ? p : ".", prog);

		if (access(cand, X_OK) == 0)
			found = realpath(cand, NULL);
		free(cand);
		if (!p[n])
			break;
		p += n + 1;
	}
	return found;
}

struct probe_cache *probe_cache_new(int on, int readonly, const char *salt)
{
	static const char *const env[] = { "CPATH", "C_INCLUDE_PATH", "GCC_EXEC_PREFIX",
					   "COMPILER_PATH", NULL };
	struct probe_cache *c;
	EVP_MD_CTX *md;
	char cwd[PATH_MAX];
	int ok;

	if (!on || !(md = EVP_MD_CTX_new()))
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->readonly = readonly;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	digest_str(md, "lockptr cc -E runs 1");
	digest_str(md, salt);
	digest_str(md, getcwd(cwd, sizeof(cwd)) ? cwd : "");
	for (int i = 0; env[i]; i++) {
		digest_str(md, env[i]);
		digest_str(md, getenv(env[i]));
	}
	ok = ok && EVP_DigestFinal_ex(md, c->base, NULL) == 1;
	EVP_MD_CTX_free(md);
	if (!ok) {
		free(c);
		return NULL;
	}
	/* Made before any command runs: making .lockptr later would change
	 * the identity of the tree's top, a directory most commands search. */
	if (!readonly) {
		char err[512];
		int fd = state_dir("cache", 1, err, sizeof(err));

		if (fd >= 0)
			close(fd);
	}
	return c;
}

void probe_cache_free(struct probe_cache *c)
{
	if (!c)
		return;
	strmap_clear(&c->sums, free);
	strmap_clear(&c->dirs, free);
	free(c);
}

static int key_of(const struct probe_cache *c, char *const *argv, char key[65])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char out[32];
	char *cc = argv[0] ? which(argv[0]) : NULL;
	char *id = cc ? identity(cc) : NULL;
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;

	if (ok) {
		EVP_DigestUpdate(md, c->base, sizeof(c->base));
		digest_str(md, cc);
		digest_str(md, id);
		for (size_t i = 0; argv[i]; i++)
			digest_str(md, argv[i]);
		ok = EVP_DigestFinal_ex(md, out, NULL) == 1;
	}
	EVP_MD_CTX_free(md);
	ok = ok && cc;
	free(cc);
	free(id);
	if (ok)
		hex(out, key);
	return ok ? 0 : -1;
}

/* The SHA-256 of a plain file's contents in hex, "" for anything else
 * (a FIFO is never waited on, a huge file never read). */
static const char *sum_of(struct probe_cache *c, const char *path)
{
	char *s = strmap_get(&c->sums, path);
	int fd;
	struct stat st;

	if (s)
		return s;
	s = xstrdup("");
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= PROBE_MAX_FILE) {
		unsigned char d[32];
		char h[65];
		char chunk[65536];
		ssize_t n;
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;

		while (ok && (n = read(fd, chunk, sizeof(chunk))) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			ok = n > 0 && EVP_DigestUpdate(md, chunk, (size_t)n) == 1;
		}
		if (ok && EVP_DigestFinal_ex(md, d, NULL) == 1) {
			hex(d, h);
			free(s);
			s = xstrdup(h);
		}
		EVP_MD_CTX_free(md);
	}
	if (fd >= 0)
		close(fd);
	strmap_put(&c->sums, path, s);
	return s;
}

static const char *dir_of(struct probe_cache *c, const char *path)
{
	char *s = strmap_get(&c->dirs, path);

	if (!s) {
		s = identity(path);
		strmap_put(&c->dirs, path, s);
	}
	return s;
}

static int is_pair(json_t *a)
{
	return json_is_array(a) && json_array_size(a) == 2 &&
	       json_is_string(json_array_get(a, 0)) && json_is_string(json_array_get(a, 1));
}

/* The entry, if it has the shape probe_cache_put() writes: every run in
 * a named file, at a line and of a count that fit. */
static json_t *entry_load(const char *text, size_t len)
{
	json_t *e = json_loadb(text, len, 0, NULL);
	json_t *files = json_object_get(e, "files"), *dirs = json_object_get(e, "dirs");
	json_t *rf = json_object_get(e, "runfiles"), *runs = json_object_get(e, "runs"), *x;
	size_t i;

	if (!json_is_object(e) || !json_is_array(files) || !json_is_array(dirs) ||
	    !json_is_array(rf) || !json_is_array(runs))
		goto bad;
	json_array_foreach(files, i, x)
		if (!is_pair(x) || strlen(json_string_value(json_array_get(x, 1))) != 64)
			goto bad;
	json_array_foreach(dirs, i, x)
		if (!is_pair(x))
			goto bad;
	json_array_foreach(rf, i, x)
		if (!json_is_string(x))
			goto bad;
	json_array_foreach(runs, i, x) {
		json_int_t f, line, count;

		if (!json_is_array(x) || json_array_size(x) != 3 ||
		    !json_is_integer(json_array_get(x, 0)) || !json_is_integer(json_array_get(x, 1)) ||
		    !json_is_integer(json_array_get(x, 2)))
			goto bad;
		f = json_integer_value(json_array_get(x, 0));
		line = json_integer_value(json_array_get(x, 1));
		count = json_integer_value(json_array_get(x, 2));
		if (f < 0 || (size_t)f >= json_array_size(rf) || line < 1 || count < 1 ||
		    (json_int_t)PROBE_MAX_LINE - line < count)
			goto bad;
	}
	return e;
bad:
	json_decref(e);
	return NULL;
}

static void runs_from(json_t *e, struct probe_runs *r)
{
	json_t *rf = json_object_get(e, "runfiles"), *runs = json_object_get(e, "runs"), *x;
	size_t i;

	json_array_foreach(runs, i, x)
		probe_runs_add(r, json_string_value(json_array_get(rf, (size_t)json_integer_value(
								   json_array_get(x, 0)))),
			       (unsigned long)json_integer_value(json_array_get(x, 1)),
			       (unsigned long)json_integer_value(json_array_get(x, 2)));
}

int probe_entry_parse(const char *text, size_t len, struct probe_runs *r)
{
	json_t *e = entry_load(text, len);

	if (!e)
		return 0;
	runs_from(e, r);
	json_decref(e);
	return 1;
}

static int still_holds(struct probe_cache *c, json_t *e)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(e, "dirs"), i, x)
		if (strcmp(dir_of(c, json_string_value(json_array_get(x, 0))),
			   json_string_value(json_array_get(x, 1))))
			return 0;
	json_array_foreach(json_object_get(e, "files"), i, x) {
		const char *sum = sum_of(c, json_string_value(json_array_get(x, 0)));

		if (!*sum || strcmp(sum, json_string_value(json_array_get(x, 1))))
			return 0;
	}
	return 1;
}

int probe_cache_get(struct probe_cache *c, char *const *argv, struct probe_runs *r)
{
	char key[65];
	struct buf text = { 0 };
	json_t *e = NULL;
	int hit = 0;

	if (c && key_of(c, argv, key) == 0 && cache_read_key(key, &text) == 0 &&
	    (e = entry_load(text.data ? text.data : "", text.len)) && still_holds(c, e)) {
		runs_from(e, r);
		hit = 1;
	}
	json_decref(e);
	buf_free(&text);
	return hit;
}

/* The directories of cc -v's search list, and those it ignored as
 * missing (a header put there later would be found). */
static void search_dirs(const char *err, struct strvec *dirs)
{
	int in_list = 0;

	for (const char *l = err; l && *l;) {
		size_t n = strcspn(l, "\n");
		static const char ign[] = "ignoring nonexistent directory \"";

		if (!strncmp(l, "#include ", 9) && memmem(l, n, "search starts here:", 19))
			in_list = 1;
		else if (!strncmp(l, "End of search list.", 19))
			in_list = 0;
		else if (in_list && n > 1 && l[0] == ' ') {
			const char *fw = memmem(l, n, " (framework directory)", 22);
			size_t len = fw ? (size_t)(fw - l) - 1 : n - 1;
			char *d = strndup(l + 1, len);

			if (d && !strvec_has(dirs, d))
				strvec_push(dirs, d);
			free(d);
		} else if (!strncmp(l, ign, sizeof(ign) - 1)) {
			const char *q = memchr(l + sizeof(ign) - 1, '"', n - (sizeof(ign) - 1));

			if (q) {
				char *d = strndup(l + sizeof(ign) - 1, (size_t)(q - l) - (sizeof(ign) - 1));

				if (d && !strvec_has(dirs, d))
					strvec_push(dirs, d);
				free(d);
			}
		}
		l += n + (l[n] == '\n');
	}
}

void probe_cache_put(struct probe_cache *c, char *const *argv, const struct probe_runs *runs,
		     const struct strvec *deps, const char *err)
{
	char key[65];
	struct strvec dirs = { 0 };
	json_t *e, *files, *jd, *rf, *jr;
	char *text;

	if (!c || c->readonly || key_of(c, argv, key) < 0)
		return;
	files = json_array();
	jd = json_array();
	rf = json_array();
	jr = json_array();
	search_dirs(err, &dirs);
	for (size_t i = 0; i < deps->n; i++) {
		const char *sum;
		char *copy, *d;

		if (deps->v[i][0] == '<')  /* <built-in>, <command-line> */
			continue;
		sum = sum_of(c, deps->v[i]);
		if (!*sum)
			goto out;  /* a file that cannot be checked: not stored */
		json_array_append_new(files, json_pack("[s,s]", deps->v[i], sum));
		copy = xstrdup(deps->v[i]);
		d = dirname(copy);
		if (!strvec_has(&dirs, d))
			strvec_push(&dirs, d);
		free(copy);
	}
	for (size_t i = 0; i < dirs.n; i++)
		json_array_append_new(jd, json_pack("[s,s]", dirs.v[i], dir_of(c, dirs.v[i])));
	for (size_t i = 0; i < runs->files.n; i++)
		json_array_append_new(rf, json_string(runs->files.v[i]));
	for (size_t i = 0; i < runs->n; i++)
		json_array_append_new(jr, json_pack("[I,I,I]", (json_int_t)runs->v[i].file,
						    (json_int_t)runs->v[i].line,
						    (json_int_t)runs->v[i].count));
	e = json_pack("{s:O, s:O, s:O, s:O}", "files", files, "dirs", jd, "runfiles", rf, "runs", jr);
	text = e ? json_dumps(e, JSON_COMPACT) : NULL;
	if (text)
		cache_write_key(key, text, strlen(text));
	free(text);
	json_decref(e);
out:
	json_decref(files);
	json_decref(jd);
	json_decref(rf);
	json_decref(jr);
	strvec_free(&dirs);
}
