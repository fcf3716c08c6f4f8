#define _GNU_SOURCE
#include "hunks.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"

/* Where each line of b starts, with one more entry at the end (b->len):
 * line i is [at[i], at[i + 1]), its newline included. */
static size_t *line_starts(const struct buf *b, size_t *n)
{
	size_t cap = 16, k = 0, *at = xmalloc(cap * sizeof(*at));

	for (size_t i = 0; i < b->len;) {
		const char *nl = memchr(b->data + i, '\n', b->len - i);

		if (k + 2 > cap)
			at = xrealloc(at, (cap *= 2) * sizeof(*at));
		at[k++] = i;
		i = nl ? (size_t)(nl - b->data) + 1 : b->len;
	}
	at[k] = b->len;
	*n = k;
	return at;
}

static void write_tmp(char **path, const char *name, const struct buf *b)
{
	int fd;

	if (!*path)
		*path = tmpdir_file(name);
	fd = open(*path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write_all(fd, b->data ? b->data : "", b->len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", *path);
}

static void push(struct hunks *h, struct hunk k)
{
	h->v = xrealloc(h->v, (h->n + 1) * sizeof(*h->v));
	h->v[h->n++] = k;
}

/* One line of diff's normal output ("3,4c3,5", "7a8", "9d8"), as hunks. */
static int parse_range(const char *l, struct hunks *h)
{
	char *e;
	long a1 = strtol(l, &e, 10), a2 = a1, b1, b2;
	char op;

	if (*e == ',')
		a2 = strtol(e + 1, &e, 10);
	op = *e++;
	b1 = b2 = strtol(e, &e, 10);
	if (*e == ',')
		b2 = strtol(e + 1, &e, 10);
	if (op == 'a') {
		push(h, (struct hunk){ (size_t)a1, 0, (size_t)b1 - 1, (size_t)(b2 - b1 + 1), -1 });
	} else if (op == 'd') {
		push(h, (struct hunk){ (size_t)a1 - 1, (size_t)(a2 - a1 + 1), (size_t)b1, 0, -1 });
	} else if (op == 'c' && a2 - a1 == b2 - b1) {
		for (long i = 0; i <= a2 - a1; i++)
			push(h, (struct hunk){ (size_t)(a1 - 1 + i), 1, (size_t)(b1 - 1 + i), 1, -1 });
	} else if (op == 'c') {
		push(h, (struct hunk){ (size_t)a1 - 1, (size_t)(a2 - a1 + 1), (size_t)b1 - 1,
				       (size_t)(b2 - b1 + 1), -1 });
	} else {
		return -1;
	}
	return 0;
}

int hunks_diff(const struct buf *old, const struct buf *new, struct hunks *out)
{
	static char *po, *pn;
	char *argv[] = { "diff", NULL, NULL, NULL };
	struct job j = { .argv = argv };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	write_tmp(&po, "hunk-old", old);
	write_tmp(&pn, "hunk-new", new);
	argv[1] = po;
	argv[2] = pn;
	spawn_one(&j, 0);
	if (j.status > 1)
		rc = -1;
	for (const char *l = j.out.data; rc == 0 && l && *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
		if (isdigit((unsigned char)*l))
			rc = parse_range(l, out);
	buf_free(&j.out);
	buf_free(&j.err);
	if (rc == 0) {
		/* In order and inside both files, or no hunks to trust. */
		size_t no, nn, end = 0;
		free(line_starts(old, &no));
		free(line_starts(new, &nn));
		for (size_t i = 0; rc == 0 && i < out->n; i++) {
			const struct hunk *k = &out->v[i];

			if (k->old_at < end || k->old_at + k->old_n > no || k->new_at + k->new_n > nn)
				rc = -1;
			end = k->old_at + k->old_n;
		}
	}
	return rc;
}

/* Whether word (n bytes) names the member leaf: the leaf itself, or a
 * box lockptr names after it (lockptr_q_m for q's m). */
static int names_leaf(const char *word, size_t n, const char *leaf)
{
	size_t l = strlen(leaf);

	if (n == l && !memcmp(word, leaf, n))
		return 1;
	return n > l + 9 && !memcmp(word, "lockptr_", 8) && word[n - l - 1] == '_' &&
	       !memcmp(word + n - l, leaf, l);
}

/* Where the comment that starts at text[i] ends (past it), or i when
 * none starts there. Lines of a hunk start outside a comment: the rules
 * change no comment. */
static size_t comment_end(const char *text, size_t i, size_t to)
{
	const char *end;

	if (i + 1 >= to || text[i] != '/' || (text[i + 1] != '*' && text[i + 1] != '/'))
		return i;
	end = text[i + 1] == '/' ? memchr(text + i, '\n', to - i)
				 : memmem(text + i + 2, to - i - 2, "*/", 2);
	return !end ? to : text[i + 1] == '/' ? (size_t)(end - text) : (size_t)(end - text) + 2;
}

/* Sets bit k of *seen for each candidate k whose leaf is a word of the
 * code of text[from, to) (a member named in a comment, "the mutex for
 * x", made no change there). */
static void words_of(const char *text, size_t from, size_t to, const char *const *leaves,
		     const struct strvec *boxes, size_t ncand, unsigned char *seen,
		     unsigned char *by_box)
{
	char word[256];
	/* After a word of lockptr's own (a box: lockptr_obj_m, maybe with
	 * [i]), the field of the box (.lock) is no member of the code:
	 * 1 after such a word, 2 inside its [], 3 after its '.'. */
	int after_box = 0;

	for (size_t i = from; i < to;) {
		size_t s = i;
		int boxed = 0, field;

		if ((i = comment_end(text, i, to)) != s)
			continue;
		if (!isalpha((unsigned char)text[i]) && text[i] != '_') {
			if (after_box == 2)
				after_box = text[i] == ']' ? 1 : 2;
			else if (after_box && !isspace((unsigned char)text[i]))
				after_box = text[i] == '.' && after_box == 1 ? 3
					  : text[i] == '[' && after_box == 1 ? 2 : 0;
			i++;
			continue;
		}
		while (i < to && (isalnum((unsigned char)text[i]) || text[i] == '_'))
			i++;
		if (after_box == 2)
			continue;
		field = after_box == 3;
		after_box = i - s > 8 && !memcmp(text + s, "lockptr_", 8);
		if (field)
			continue;
		/* A box of a candidate's own object names that candidate only. */
		if (boxes && i - s < sizeof(word)) {
			memcpy(word, text + s, i - s);
			word[i - s] = '\0';
			for (size_t k = 0; k < ncand; k++)
				if (strvec_has(&boxes[k], word))
					boxed = seen[k] = by_box[k] = 1;
		}
		for (size_t k = 0; !boxed && k < ncand; k++)
			seen[k] |= names_leaf(text + s, i - s, leaves[k]);
	}
}

/* Drops from seen the candidates that a mark of another candidate with
 * the same last name in old lines [from, to) (from 1) rules out: where
 * the rules marked one member of that name, a word of that name is its. */
static void marked_only(const struct hunk_mark *marks, size_t nmarks, size_t from, size_t to,
			const char *const *leaves, const long *ids, size_t ncand, unsigned char *seen)
{
	unsigned char *in = xcalloc(ncand + 1, 1);
	int any = 0;

	for (size_t m = 0; m < nmarks; m++)
		for (size_t c = 0; c < ncand; c++)
			if (ids[c] == marks[m].id && marks[m].line >= from && marks[m].line < to)
				any = in[c] = 1;
	for (size_t c = 0; any && c < ncand; c++)
		for (size_t o = 0; seen[c] && !in[c] && o < ncand; o++)
			if (in[o] && !strcmp(leaves[o], leaves[c]))
				seen[c] = 0;
	free(in);
}

/* A box names its member: the same last name next to it is its too
 * (.mutex = &lockptr_obj_mutex.lock), not another candidate's. */
static void box_owns_name(const char *const *leaves, size_t ncand, unsigned char *seen,
			  const unsigned char *by_box)
{
	for (size_t c = 0; c < ncand; c++)
		for (size_t o = 0; seen[c] && !by_box[c] && o < ncand; o++)
			if (by_box[o] && !strcmp(leaves[o], leaves[c]))
				seen[c] = 0;
}

/* The candidate line i of new names alone (a box of its own, or its
 * last name), -1 when it names none, -2 when several. */
static long line_names(const struct buf *new, const size_t *an, size_t i,
		       const char *const *leaves, const struct strvec *boxes, size_t ncand)
{
	unsigned char *seen = xcalloc(ncand + 1, 1), *by_box = xcalloc(ncand + 1, 1);
	long who = -1;

	words_of(new->data, an[i], an[i + 1], leaves, boxes, ncand, seen, by_box);
	box_owns_name(leaves, ncand, seen, by_box);
	for (size_t c = 0; c < ncand; c++)
		if (seen[c])
			who = who == -1 ? (long)c : -2;
	free(seen);
	free(by_box);
	return who;
}

/* Lines added together that name different candidates, one each (the
 * boxes of two members of one static object, added before it): a hunk
 * each, the lines that name none with the line before them (or the
 * first that names one). Other hunks stay as they are. */
static void split_added(struct hunks *h, const struct buf *new, const char *const *leaves,
			const struct strvec *boxes, size_t ncand)
{
	size_t nn, *an = line_starts(new, &nn);
	struct hunks out = { 0 };

	for (size_t i = 0; i < h->n; i++) {
		struct hunk k = h->v[i];
		long *who = xcalloc(k.new_n + 1, sizeof(*who)), cur = -1;
		int ok = k.owner < 0 && k.old_n == 0 && k.new_n > 1 && ncand > 1 &&
			 k.new_at + k.new_n <= nn;

		for (size_t l = 0; ok && l < k.new_n; l++)
			ok = (who[l] = line_names(new, an, k.new_at + l, leaves, boxes, ncand)) != -2;
		for (size_t l = 0; ok && l < k.new_n && cur < 0; l++)
			cur = who[l];
		if (!ok || cur < 0) {
			push(&out, k);
			free(who);
			continue;
		}
		free(k.named);  /* split: assign() names the parts again */
		for (size_t l = 0; l < k.new_n; l++) {
			cur = who[l] >= 0 ? who[l] : cur;
			if (l > 0 && (who[l] < 0 || who[l] == out.v[out.n - 1].first)) {
				out.v[out.n - 1].new_n++;
				continue;
			}
			push(&out, (struct hunk){ k.old_at, 0, k.new_at + l, 1, -1 });
			out.v[out.n - 1].first = cur;
		}
		free(who);
	}
	free(h->v);
	*h = out;
	free(an);
}

static size_t assign(struct hunks *h, const struct buf *old, const struct buf *new,
		     const char *const *leaves, const struct strvec *boxes, const long *ids,
		     size_t ncand, const struct hunk_mark *marks, size_t nmarks)
{
	size_t no, nn, orphans = 0;
	size_t *ao = line_starts(old, &no), *an = line_starts(new, &nn);
	unsigned char *seen = xcalloc(ncand + 1, 1), *by_box = xcalloc(ncand + 1, 1);

	for (size_t i = 0; i < h->n; i++) {
		struct hunk *k = &h->v[i];
		size_t hits = 0, who = 0;

		k->first = k->second = -1;
		free(k->named);
		k->named = NULL;
		k->nnamed = 0;

		memset(seen, 0, ncand + 1);
		memset(by_box, 0, ncand + 1);
		if (k->old_at + k->old_n <= no)
			words_of(old->data, ao[k->old_at], ao[k->old_at + k->old_n], leaves, boxes,
				 ncand, seen, by_box);
		if (k->new_at + k->new_n <= nn)
			words_of(new->data, an[k->new_at], an[k->new_at + k->new_n], leaves, boxes,
				 ncand, seen, by_box);
		box_owns_name(leaves, ncand, seen, by_box);
		marked_only(marks, nmarks, k->old_at + 1, k->old_at + k->old_n + 1, leaves, ids, ncand,
			    seen);
		for (size_t c = 0; c < ncand; c++)
			if (seen[c] || ncand == 1) {
				if (++hits == 2)
					k->second = ids[c];
				who = hits == 1 ? c : who;
			}
		k->owner = hits == 1 ? ids[who] : -1;
		k->first = hits ? ids[who] : -1;
		k->names = hits;
		if (hits > 2) {
			k->named = xcalloc(hits, sizeof(*k->named));
			for (size_t c = 0; c < ncand; c++)
				if (seen[c])
					k->named[k->nnamed++] = ids[c];
		}
		orphans += hits != 1;
	}
	free(by_box);
	free(seen);
	free(ao);
	free(an);
	return orphans;
}

size_t hunks_owner(struct hunks *h, const struct buf *old, const struct buf *new,
		   const char *const *leaves, const struct strvec *boxes, const long *ids,
		   size_t ncand, const struct hunk_mark *marks, size_t nmarks)
{
	size_t orphans = assign(h, old, new, leaves, boxes, ids, ncand, marks, nmarks);

	if (orphans) {
		split_added(h, new, leaves, boxes, ncand);
		orphans = assign(h, old, new, leaves, boxes, ids, ncand, marks, nmarks);
	}
	return orphans;
}

/* Lines [i, i + count) of b (their newlines included). */
static void lines_of(const struct buf *b, size_t i, size_t count, struct buf *out)
{
	size_t n, *at = line_starts(b, &n);

	out->len = 0;
	buf_append(out, "", 0);
	if (i + count <= n)
		buf_append(out, b->data + at[i], at[i + count] - at[i]);
	free(at);
}

static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->data, b->data, a->len));
}

/* The lines mid has where hunk k changes old (old's own when mid leaves
 * them): 0, or -1 when mid's change there does not cover the same lines
 * of old (another span, or lines added inside or right after it). */
static int span_in(const struct hunk *k, const struct buf *old, const struct buf *mid,
		   struct buf *then)
{
	struct hunks hm;
	int rc = 0;

	if (k->old_n == 0 || hunks_diff(old, mid, &hm) < 0)
		return -1;
	lines_of(old, k->old_at, k->old_n, then);
	for (size_t i = 0, end = k->old_at + k->old_n; i < hm.n; i++) {
		const struct hunk *m = &hm.v[i];

		if (m->old_at == k->old_at && m->old_n == k->old_n)
			lines_of(mid, m->new_at, m->new_n, then);
		else if (m->old_n ? m->old_at < end && k->old_at < m->old_at + m->old_n
				  : m->old_at > k->old_at && m->old_at <= end)
			rc = -1;
	}
	hunks_free(&hm);
	return rc;
}

int hunks_mid(struct hunks *h, size_t j, const struct buf *old, const struct buf *new,
	      const struct buf *mid)
{
	struct hunk *k = &h->v[j];
	struct buf was = { 0 }, now = { 0 }, then = { 0 };
	int rc = -1;

	if (k->names == 2 && span_in(k, old, mid, &then) == 0) {
		rc = 0;
		lines_of(old, k->old_at, k->old_n, &was);
		lines_of(new, k->new_at, k->new_n, &now);
		/* Unchanged by the first: the second's; its final form: the first's. */
		k->owner = same(&then, &was) ? k->second : same(&then, &now) ? k->first : k->second;
		if (!same(&then, &was) && !same(&then, &now)) {
			k->mid = then;
			k->mid_owner = k->first;
			then.data = NULL;
		}
	}
	buf_free(&was);
	buf_free(&now);
	buf_free(&then);
	return rc;
}

int hunks_chain(struct hunks *h, size_t j, const struct buf *old, const struct buf *mid,
		long upto)
{
	struct hunk *k = &h->v[j];
	size_t i = 0, known = 0;
	struct buf then = { 0 };

	while (i + 1 < k->nnamed && k->named[i] != upto)
		i++;
	if (k->owner >= 0 || i + 1 >= k->nnamed || span_in(k, old, mid, &then) < 0) {
		buf_free(&then);
		return -1;
	}
	if (!k->chain)
		k->chain = xcalloc(k->nnamed, sizeof(*k->chain));
	buf_free(&k->chain[i]);
	k->chain[i] = then;
	for (size_t c = 0; c + 1 < k->nnamed; c++)
		known += k->chain[c].data != NULL;
	if (known + 1 == k->nnamed)
		k->owner = k->named[k->nnamed - 1];
	return 0;
}

/* The text of chain hunk k after the units up to upto: the chain's text
 * after the last of its units <= upto, or NULL for old's. */
static const struct buf *chain_at(const struct hunk *k, long upto)
{
	const struct buf *at = NULL;

	for (size_t i = 0; k->owner >= 0 && k->chain && i + 1 < k->nnamed && k->named[i] <= upto;
	     i++)
		at = &k->chain[i];
	return at;
}

void hunks_apply(const struct hunks *h, const struct buf *old, const struct buf *new,
		 long upto, struct buf *out)
{
	size_t no, nn, pos = 0;
	size_t *ao = line_starts(old, &no), *an = line_starts(new, &nn);

	out->len = 0;
	buf_append(out, "", 0);
	for (size_t i = 0; i < h->n; i++) {
		const struct hunk *k = &h->v[i];

		const struct buf *from = k->owner >= 0 && k->owner <= upto ? new : old;
		size_t *at = from == new ? an : ao;
		size_t a = from == new ? k->new_at : k->old_at, n = from == new ? k->new_n : k->old_n;

		if (old->data)
			buf_append(out, old->data + ao[pos], ao[k->old_at] - ao[pos]);
		if (from == old && k->mid.data && k->mid_owner <= upto)
			buf_append(out, k->mid.data, k->mid.len);
		else if (from == old && chain_at(k, upto))
			buf_append(out, chain_at(k, upto)->data, chain_at(k, upto)->len);
		else if (from->data)
			buf_append(out, from->data + at[a], at[a + n] - at[a]);
		pos = k->old_at + k->old_n;
	}
	if (old->data)
		buf_append(out, old->data + ao[pos], ao[no] - ao[pos]);
	free(ao);
	free(an);
}

/* Which text hunk k takes when only the units in [from, to) apply:
 * 0 old, 1 new, 2 its mid line; -1 when that text is not known (a change
 * without an owner that names one of them, or only the second of a line
 * two units change in turn). */
static int range_pick(const struct hunk *k, long from, long to, const struct buf **text)
{
	int in_owner = k->owner >= from && k->owner < to;

	if (k->chain && k->owner >= 0) {
		size_t in = 0, below = 0;

		for (size_t i = 0; i < k->nnamed; i++) {
			in += k->named[i] >= from && k->named[i] < to;
			below += k->named[i] < from;
		}
		/* Known only for the first units of the chain: what the
		 * others after them make of the line the pass does not say. */
		if (!in || below)
			return !in ? 0 : -1;
		if (in == k->nnamed)
			return 1;
		*text = &k->chain[in - 1];
		return 2;
	}

	if (k->owner < 0)
		return k->names > 2 || (k->first >= from && k->first < to) ||
		       (k->second >= from && k->second < to) ? -1 : 0;
	if (!k->mid.data)
		return in_owner;
	if (k->mid_owner >= from && k->mid_owner < to) {
		*text = &k->mid;
		return in_owner ? 1 : 2;
	}
	return in_owner ? -1 : 0;
}

int hunks_range(const struct hunks *h, const struct buf *old, const struct buf *new, long from,
		long to, struct buf *out)
{
	size_t no, nn, pos = 0;
	size_t *ao = line_starts(old, &no), *an = line_starts(new, &nn);
	int rc = 0;

	out->len = 0;
	buf_append(out, "", 0);
	for (size_t i = 0; i < h->n && rc == 0; i++) {
		const struct hunk *k = &h->v[i];
		const struct buf *text = NULL;
		int pick = range_pick(k, from, to, &text);

		if (pick < 0) {
			rc = -1;
			break;
		}
		if (old->data)
			buf_append(out, old->data + ao[pos], ao[k->old_at] - ao[pos]);
		if (pick == 2)
			buf_append(out, text->data, text->len);
		else if (pick == 1 && new->data)
			buf_append(out, new->data + an[k->new_at], an[k->new_at + k->new_n] - an[k->new_at]);
		else if (pick == 0 && old->data)
			buf_append(out, old->data + ao[k->old_at], ao[k->old_at + k->old_n] - ao[k->old_at]);
		pos = k->old_at + k->old_n;
	}
	if (rc == 0 && old->data)
		buf_append(out, old->data + ao[pos], ao[no] - ao[pos]);
	free(ao);
	free(an);
	return rc;
}

void hunks_free(struct hunks *h)
{
	for (size_t i = 0; i < h->n; i++) {
		buf_free(&h->v[i].mid);
		for (size_t c = 0; h->v[i].chain && c < h->v[i].nnamed; c++)
			buf_free(&h->v[i].chain[c]);
		free(h->v[i].chain);
		free(h->v[i].named);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

int hunks_names(const char *text, size_t n, const char *leaf)
{
	unsigned char seen = 0;

	words_of(text, 0, n, &leaf, NULL, 1, &seen, NULL);
	return seen;
}
