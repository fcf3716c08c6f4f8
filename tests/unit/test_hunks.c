/* hunks.h: a group's change of one file, each hunk to the unit that made
 * it, and the file as it is after each unit. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "hunks.h"
#include "util.h"

static struct buf text(const char *s)
{
	struct buf b = { 0 };

	buf_puts(&b, s);
	return b;
}

static const char old_text[] =
	"struct m {\n"
	"\tpthread_mutex_t a;\n"
	"\tpthread_mutex_t b;\n"
	"};\n"
	"void f(struct m *m)\n"
	"{\n"
	"\tlock(&m->a); lock(&m->b);\n"
	"\tlock(&m->b);\n"
	"}\n";

static const char new_text[] =
	"struct m {\n"
	"\tpthread_mutex_t *a;\n"
	"\tpthread_mutex_t *b;\n"
	"};\n"
	"void f(struct m *m)\n"
	"{\n"
	"\tlock(&m->a); lock(&m->b);\n"
	"\tlock(m->b);\n"
	"}\n";

/* Adjacent lines of two members are two hunks; each unit's file is the
 * old one with its own hunks and those of the units before it. */
static void owners_and_layout(void **state)
{
	struct buf o = text(old_text), n = text(new_text), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "a", "b" };
	long ids[] = { 0, 1 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 0);
	assert_int_equal(h.v[0].owner, 0);
	assert_int_equal(h.v[1].owner, 1);
	assert_int_equal(h.v[2].owner, 1);
	hunks_apply(&h, &o, &n, 0, &out);
	assert_non_null(strstr(out.data, "pthread_mutex_t *a;\n\tpthread_mutex_t b;\n"));
	assert_non_null(strstr(out.data, "\tlock(&m->b);\n}"));
	hunks_apply(&h, &o, &n, 1, &out);
	assert_int_equal(out.len, n.len);
	assert_memory_equal(out.data, n.data, n.len);
	hunks_apply(&h, &o, &n, -1, &out);
	assert_memory_equal(out.data, o.data, o.len);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
}

/* A line that names both members has no owner: the group is split. */
static void shared_line(void **state)
{
	struct buf o = text("x(&s->a, &s->b);\n"), n = text("x(s->a, s->b);\n");
	struct hunks h;
	const char *leaves[] = { "a", "b" };
	long ids[] = { 0, 1 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 1);
	assert_int_equal(h.v[0].owner, -1);
	/* The group splits before the second unit the line names. */
	assert_int_equal(h.v[0].second, 1);
	/* One candidate owns everything. */
	assert_int_equal(hunks_owner(&h, &o, &n, leaves + 1, NULL, ids + 1, 1, NULL, 0), 0);
	assert_int_equal(h.v[0].owner, 1);
	hunks_free(&h);
	buf_free(&o);
	buf_free(&n);
}

/* A line both members change gets its form between them from the file
 * after the first: each unit's file is then as one by one makes it. */
static void mid_line(void **state)
{
	struct buf o = text("int x;\nwait(&s->c, &s->m);\n"), n = text("int x;\nwait(s->c, s->m);\n"),
		   mid = text("int x;\nwait(&s->c, s->m);\n"), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "m", "c" };
	long ids[] = { 0, 1 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 1);
	assert_int_equal(h.v[0].first, 0);
	assert_int_equal(hunks_mid(&h, 0, &o, &n, &mid), 0);
	assert_int_equal(h.v[0].owner, 1);
	hunks_apply(&h, &o, &n, 0, &out);
	assert_string_equal(out.data, mid.data);
	hunks_apply(&h, &o, &n, 1, &out);
	assert_string_equal(out.data, n.data);
	hunks_apply(&h, &o, &n, -1, &out);
	assert_string_equal(out.data, o.data);
	/* The first changed nothing there: the line is the second's. */
	hunks_free(&h);
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0);
	assert_int_equal(hunks_mid(&h, 0, &o, &n, &o), 0);
	assert_int_equal(h.v[0].owner, 1);
	assert_null(h.v[0].mid.data);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
	buf_free(&mid);
}

/* One line three units change in turn (a static object's initializer,
 * a designator each): its text after each of the first two comes from a
 * pass with the rules up to it; the last owns it, the file after each
 * unit and for a part that starts the chain is known, and a part that
 * starts inside it is not. */
static void chain_line(void **state)
{
	struct buf o = text("int x;\nstatic struct s v;\n"),
		   n = text("int x;\nstatic struct s v = { .a = A, .b = B, .c = C };\n"),
		   after_a = text("int x;\nstatic struct s v = { .a = A };\n"),
		   after_b = text("int x;\nstatic struct s v = { .a = A, .b = B };\n"), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "a", "b", "c" };
	long ids[] = { 0, 1, 2 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 3, NULL, 0), 1);
	assert_int_equal(h.v[0].nnamed, 3);
	assert_int_equal(hunks_chain(&h, 0, &o, &after_b, 1), 0);
	assert_int_equal(h.v[0].owner, -1);  /* not all known yet */
	assert_int_equal(hunks_chain(&h, 0, &o, &after_a, 2), -1);  /* no such step */
	assert_int_equal(hunks_chain(&h, 0, &o, &after_a, 0), 0);
	assert_int_equal(h.v[0].owner, 2);
	hunks_apply(&h, &o, &n, -1, &out);
	assert_string_equal(out.data, o.data);
	hunks_apply(&h, &o, &n, 0, &out);
	assert_string_equal(out.data, after_a.data);
	hunks_apply(&h, &o, &n, 1, &out);
	assert_string_equal(out.data, after_b.data);
	hunks_apply(&h, &o, &n, 2, &out);
	assert_string_equal(out.data, n.data);
	assert_int_equal(hunks_range(&h, &o, &n, 0, 2, &out), 0);
	assert_string_equal(out.data, after_b.data);
	assert_int_equal(hunks_range(&h, &o, &n, 0, 1, &out), 0);
	assert_string_equal(out.data, after_a.data);
	assert_int_equal(hunks_range(&h, &o, &n, 1, 3, &out), -1);
	assert_int_equal(hunks_range(&h, &o, &n, 3, 4, &out), 0);
	assert_string_equal(out.data, o.data);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
	buf_free(&after_a);
	buf_free(&after_b);
}

/* Two types' members of one name (q's mutex, s's mutex): the marks of
 * where the rules found each give each line its owner; a line with the
 * marks of both still names both; without marks, none has one. */
static void same_name_marks(void **state)
{
	struct buf o = text("lock(&q->mutex);\nlock(&s->mutex);\nboth(&q->mutex, &s->mutex);\n"),
		   n = text("lock(q->mutex);\nlock(s->mutex);\nboth(q->mutex, s->mutex);\n");
	struct hunks h;
	const char *leaves[] = { "mutex", "mutex" };
	long ids[] = { 0, 1 };
	struct hunk_mark marks[] = { { 1, 0 }, { 2, 1 }, { 3, 0 }, { 3, 1 } };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, marks, 4), 1);
	assert_int_equal(h.v[0].owner, 0);
	assert_int_equal(h.v[1].owner, 1);
	assert_int_equal(h.v[2].owner, -1);
	assert_int_equal(h.v[2].names, 2);
	hunks_free(&h);
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 3);
	hunks_free(&h);
	buf_free(&o);
	buf_free(&n);
}

/* Lines added together, each naming another member (the boxes of a
 * lock and a cond added before their object): a hunk each. */
static void added_lines_split(void **state)
{
	struct buf o = text("obj;\n"),
		   n = text("box lockptr_o_mutex;\nbox lockptr_o_cond;\n/* both */\nobj;\n"), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "mutex", "cond" };
	long ids[] = { 0, 1 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(h.n, 1);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.v[0].owner, 0);
	assert_int_equal(h.v[1].owner, 1);
	hunks_apply(&h, &o, &n, 0, &out);
	assert_string_equal(out.data, "box lockptr_o_mutex;\nobj;\n");
	hunks_apply(&h, &o, &n, 1, &out);
	assert_string_equal(out.data, n.data);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
}

/* The box of a member's own object names that member alone, and the
 * same last name next to it is its too; without the boxes, both. */
static void box_names_its_member(void **state)
{
	struct buf o = text("int n;\n"), n = text("int n;\n.mutex = &lockptr_g_map_mutex.lock,\n");
	struct hunks h;
	const char *leaves[] = { "mutex", "mutex" };
	long ids[] = { 0, 1 };
	struct strvec boxes[2] = { { 0 }, { 0 } };

	(void)state;
	strvec_push(&boxes[1], "lockptr_g_map_mutex");
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, boxes, ids, 2, NULL, 0), 0);
	assert_int_equal(h.v[0].owner, 1);
	hunks_free(&h);
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 1);
	hunks_free(&h);
	strvec_free(&boxes[1]);
	buf_free(&o);
	buf_free(&n);
}

/* The field of a box (lockptr_obj_m.lock, lockptr_a_m[1].lock) is no
 * member: it does not name a candidate whose last name is lock. */
static void box_field_names_none(void **state)
{
	struct buf o = text("int n;\n"),
		   n = text("int n;\n.cond = &lockptr_g_cond.lock,\n.c = { &lockptr_a_c[1] . lock },\n");
	struct hunks h;
	const char *leaves[] = { "cond", "lock", "c" };
	long ids[] = { 0, 1, 2 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 3, NULL, 0), 0);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.v[0].owner, 0);
	assert_int_equal(h.v[1].owner, 2);
	hunks_free(&h);
	buf_free(&o);
	buf_free(&n);
}

/* A part of a group takes, from the group's pass, the changes of its
 * own units only; a line two units change in turn gives the first its mid
 * form, and nothing it can trust to the second alone. */
static void range_of_units(void **state)
{
	struct buf o = text("a(&s->x);\nwait(&s->c, &s->m);\nb(&s->m);\n"),
		   n = text("a(s->x);\nwait(s->c, s->m);\nb(s->m);\n"),
		   mid = text("a(&s->x);\nwait(s->c, &s->m);\nb(&s->m);\n"), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "x", "c", "m" };
	long ids[] = { 0, 1, 2 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 3, NULL, 0), 1);
	assert_int_equal(hunks_mid(&h, 1, &o, &n, &mid), 0);
	assert_int_equal(hunks_range(&h, &o, &n, 0, 3, &out), 0);
	assert_string_equal(out.data, n.data);
	assert_int_equal(hunks_range(&h, &o, &n, 0, 1, &out), 0);
	assert_string_equal(out.data, "a(s->x);\nwait(&s->c, &s->m);\nb(&s->m);\n");
	assert_int_equal(hunks_range(&h, &o, &n, 1, 2, &out), 0);
	assert_string_equal(out.data, "a(&s->x);\nwait(s->c, &s->m);\nb(&s->m);\n");
	/* m alone: its form of the shared line is not known. */
	assert_int_equal(hunks_range(&h, &o, &n, 2, 3, &out), -1);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
	buf_free(&mid);
}

/* A member named in a comment made no change there (memcached's
 * "pthread_mutex_t ion_lock;   / * mutex for ion_head * /"). */
static void comment_words(void **state)
{
	struct buf o = text("\tpthread_mutex_t ion_lock;   /* mutex for ion_head */\n"
			    "\tint n; // the mutex\n"),
		   n = text("\tpthread_mutex_t *ion_lock;   /* mutex for ion_head */\n"
			    "\tint n; // the mutex\n");
	struct hunks h;
	const char *leaves[] = { "mutex", "ion_lock" };
	long ids[] = { 0, 1 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 2, NULL, 0), 0);
	assert_int_equal(h.v[0].owner, 1);
	assert_false(hunks_names("a; /* mutex */", 14, "mutex"));
	assert_true(hunks_names("a / mutex", 9, "mutex"));
	hunks_free(&h);
	buf_free(&o);
	buf_free(&n);
}

/* Boxes named after a member are that member's; a longer name is not. */
static void names(void **state)
{
	static const char *const yes[] = {
		"static struct lockptr_pthread_mutex_box lockptr_q_mu;",
		".mu = &lockptr_q_mu.lock", NULL,
	};
	static const char *const no[] = { "s->mutex", "lockptr_mu", "x->amu", NULL };

	(void)state;
	for (int i = 0; yes[i]; i++)
		assert_true(hunks_names(yes[i], strlen(yes[i]), "mu"));
	for (int i = 0; no[i]; i++)
		assert_false(hunks_names(no[i], strlen(no[i]), "mu"));
}

/* No final newline, and insertions at the end. */
static void last_line(void **state)
{
	struct buf o = text("int a;\nint b;"), n = text("int a;\nint b;\nint c;\n"), out = { 0 };
	struct hunks h;
	const char *leaves[] = { "c" };
	long ids[] = { 3 };

	(void)state;
	assert_int_equal(hunks_diff(&o, &n, &h), 0);
	assert_int_equal(hunks_owner(&h, &o, &n, leaves, NULL, ids, 1, NULL, 0), 0);
	hunks_apply(&h, &o, &n, 3, &out);
	assert_string_equal(out.data, n.data);
	hunks_apply(&h, &o, &n, 2, &out);
	assert_string_equal(out.data, o.data);
	hunks_free(&h);
	buf_free(&out);
	buf_free(&o);
	buf_free(&n);
}

int test_hunks(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owners_and_layout),
		cmocka_unit_test(shared_line),
		cmocka_unit_test(comment_words),
		cmocka_unit_test(mid_line),
		cmocka_unit_test(chain_line),
		cmocka_unit_test(same_name_marks),
		cmocka_unit_test(range_of_units),
		cmocka_unit_test(box_names_its_member),
		cmocka_unit_test(box_field_names_none),
		cmocka_unit_test(added_lines_split),
		cmocka_unit_test(names),
		cmocka_unit_test(last_line),
	};

	return cmocka_run_group_tests_name("hunks", tests, NULL, NULL);
}
