#define _GNU_SOURCE
#include "cache.h"

#include "atomic.h"
#include "files.h"
#include "schema.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_DIR ".lockptr/cache"
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

static char *entry_path(const char *key)
{
	return xasprintf(CACHE_DIR "/%.2s/%s.json", key, key + 2);
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

int cache_get(const struct cache *c, const char *key, json_t *facts, json_t *incomplete)
{
	struct buf b = { 0 };
	char *p;
	int hit;

	if (!c->on)
		return 0;
	p = entry_path(key);
	/* Whatever sits at the entry's name (a FIFO, a huge file) is read
	 * only if it is a plain file of a sane size. */
	hit = files_read_regular(p, CACHE_MAX_ENTRY, &b) == 0 &&
	      cache_parse(b.data, b.len, facts, incomplete);
	free(p);
	buf_free(&b);
	return hit;
}

void cache_put(const struct cache *c, const char *key, json_t *facts, json_t *incomplete)
{
	char *p, *dir, *tmp;
	char *text;
	json_t *e;
	int fd;

	if (!c->on || c->readonly)
		return;
	make_state_dir();
	mkdir(CACHE_DIR, 0755);
	dir = xasprintf(CACHE_DIR "/%.2s", key);
	mkdir(dir, 0755);
	p = entry_path(key);
	tmp = xasprintf("%s/.tmp-XXXXXX", dir);
	e = json_pack("{s:O, s:O}", "facts", facts, "incomplete", incomplete);
	text = json_dumps(e, JSON_COMPACT);
	fd = mkstemp(tmp);
	if (fd >= 0) {
		int bad = !text || write_all(fd, text, strlen(text)) < 0;

		bad |= close(fd) < 0;
		if (bad || rename(tmp, p) < 0)
			unlink(tmp);
	}
	free(text);
	json_decref(e);
	free(tmp);
	free(p);
	free(dir);
}
