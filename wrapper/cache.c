#define _GNU_SOURCE
#include "cache.h"

#include "atomic.h"
#include "schema.h"
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX_ENTRY ((size_t)64 << 20)

static void digest_add(EVP_MD_CTX *md, const void *p, size_t n)
{
	/* Length first, so that concatenations cannot collide. */
	unsigned long long len = n;

	EVP_DigestUpdate(md, &len, sizeof(len));
	EVP_DigestUpdate(md, p, n);
}

static void digest_file(EVP_MD_CTX *md, const char *path, int with_name)
{
	struct buf b = { 0 };

	if (with_name)
		digest_add(md, path, strlen(path));
	if (read_file(path, &b) == 0)
		digest_add(md, b.data, b.len);
	else
		digest_add(md, "", 0);
	buf_free(&b);
}

void cache_init(struct cache *c, int on, const char *patch, const struct strvec *salt,
		char *const *headers, size_t nheaders)
{
	EVP_MD_CTX *md;

	memset(c, 0, sizeof(*c));
	if (!on || !(md = EVP_MD_CTX_new()))
		return;
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return;
	}
	digest_file(md, patch, 0);  /* its name is a fresh temporary one */
	for (size_t i = 0; i < salt->n; i++)
		digest_add(md, salt->v[i], strlen(salt->v[i]));
	for (size_t i = 0; i < nheaders; i++)
		digest_file(md, headers[i], 1);
	c->on = EVP_DigestFinal_ex(md, c->base, NULL) == 1;
	EVP_MD_CTX_free(md);
}

int cache_key(const struct cache *c, const char *path, char key[65])
{
	EVP_MD_CTX *md;
	unsigned char out[32];
	int ok;

	if (!c->on || !(md = EVP_MD_CTX_new()))
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
	if (ok) {
		digest_add(md, c->base, sizeof(c->base));
		digest_file(md, path, 1);
		ok = EVP_DigestFinal_ex(md, out, NULL) == 1;
	}
	EVP_MD_CTX_free(md);
	if (!ok)
		return -1;
	for (int i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", out[i]);
	return 0;
}

/* The directory of key's entry, .lockptr/cache/XX, opened without
 * following a symlink anywhere on the way (state_dir()). */
static int entry_dir(const char *key, int make)
{
	char err[512], sub[3] = { key[0], key[1], '\0' };
	int cfd = state_dir("cache", make, err, sizeof(err)), fd;

	if (cfd < 0) {
		static int warned;

		/* Only a write needs the directory; say once why there is none. */
		if (make && !warned++)
			warn("%s; facts are not cached", err);
		return -1;
	}
	if (make)
		mkdirat(cfd, sub, 0755);
	fd = openat(cfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(cfd);
	return fd;
}

int cache_parse(const char *text, size_t len, json_t *facts, json_t *incomplete)
{
	json_t *e = json_loadb(text, len, 0, NULL);
	json_t *f = json_object_get(e, "facts"), *inc = json_object_get(e, "incomplete");
	int ok = json_is_object(e) && schema_facts(f, NULL, 0) == 0 &&
		 schema_incompletes(inc, NULL, 0) == 0;

	/* All or nothing: a partly valid entry adds nothing. */
	if (ok) {
		json_array_extend(facts, f);
		json_array_extend(incomplete, inc);
	}
	json_decref(e);
	return ok;
}

int cache_read_key(const char *key, struct buf *text)
{
	char *name = xasprintf("%s.json", key + 2);
	int dfd = entry_dir(key, 0), rc = -1;

	/* Whatever sits at the entry's name (a symlink, a FIFO, a huge file)
	 * is read only if it is a plain file of a sane size. */
	if (dfd >= 0) {
		rc = file_read_at(dfd, name, CACHE_MAX_ENTRY, text);
		close(dfd);
	}
	free(name);
	return rc;
}

void cache_write_key(const char *key, const char *text, size_t len)
{
	char *name, err[512];
	int dfd = entry_dir(key, 1);

	if (dfd < 0)
		return;
	name = xasprintf("%s.json", key + 2);
	/* A cache that cannot be written is only a slower next run. */
	atomic_store_at(dfd, name, text, len, err, sizeof(err));
	free(name);
	close(dfd);
}

int cache_get(const struct cache *c, const char *key, json_t *facts, json_t *incomplete)
{
	struct buf text = { 0 };
	int hit = 0;

	if (c->on && cache_read_key(key, &text) == 0)
		hit = cache_parse(text.data ? text.data : "", text.len, facts, incomplete);
	buf_free(&text);
	return hit;
}

void cache_put(const struct cache *c, const char *key, json_t *facts, json_t *incomplete)
{
	char *text;
	json_t *e;

	if (!c->on || c->readonly)
		return;
	e = json_pack("{s:O, s:O}", "facts", facts, "incomplete", incomplete);
	text = json_dumps(e, JSON_COMPACT);
	if (text)
		cache_write_key(key, text, strlen(text));
	free(text);
	json_decref(e);
}
