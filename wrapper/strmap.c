#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* FNV-1a: short keys (type names), no adversary to fear. */
static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t find(const struct strmap *m, const char *key)
{
	size_t i = hash(key) & (m->nslot - 1);

	while (m->slot[i] && strcmp(m->v[m->slot[i] - 1].key, key))
		i = (i + 1) & (m->nslot - 1);
	return i;
}

static void grow(struct strmap *m)
{
	size_t nslot = m->nslot ? m->nslot * 2 : 16;

	free(m->slot);
	m->nslot = nslot;
	m->slot = xcalloc(nslot, sizeof(*m->slot));
	for (size_t k = 0; k < m->n; k++)
		m->slot[find(m, m->v[k].key)] = k + 1;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->nslot || !key)
		return NULL;
	i = find(m, key);
	return m->slot[i] ? m->v[m->slot[i] - 1].value : NULL;
}

int strmap_has(const struct strmap *m, const char *key)
{
	return m->nslot && key && m->slot[find(m, key)] != 0;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	size_t i;
	void *old;

	if ((m->n + 1) * 2 > m->nslot)
		grow(m);
	i = find(m, key);
	if (m->slot[i]) {
		old = m->v[m->slot[i] - 1].value;
		m->v[m->slot[i] - 1].value = value;
		return old;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n].key = xstrdup(key);
	m->v[m->n].value = value;
	m->slot[i] = ++m->n;
	return NULL;
}

void strmap_clear(struct strmap *m, void (*free_value)(void *))
{
	for (size_t k = 0; k < m->n; k++) {
		if (free_value)
			free_value(m->v[k].value);
		free(m->v[k].key);
	}
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

int strset_add(struct strset *s, const char *key)
{
	if (strmap_has(&s->m, key))
		return 0;
	strmap_put(&s->m, key, NULL);
	return 1;
}

int strset_has(const struct strset *s, const char *key)
{
	return strmap_has(&s->m, key);
}

void strset_clear(struct strset *s)
{
	strmap_clear(&s->m, NULL);
}
