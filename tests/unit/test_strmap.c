/* The string map and set: lookups, the order of first insertion kept
 * through growth and replacement, NULL keys found nowhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"
#include "unit.h"

static void order_and_replace(void **state)
{
	struct strmap m = { 0 };
	struct strmap_entry *e;
	char key[32];
	size_t i = 0;

	(void)state;
	/* Enough keys to grow the table several times. */
	for (int k = 0; k < 200; k++) {
		snprintf(key, sizeof(key), "k%d", (k * 37) % 200);
		assert_null(strmap_put(&m, key, (void *)(size_t)(k + 1)));
	}
	assert_int_equal(m.n, 200);
	assert_ptr_equal(strmap_put(&m, "k37", (void *)7), (void *)2);
	assert_ptr_equal(strmap_get(&m, "k37"), (void *)7);
	assert_null(strmap_get(&m, "absent"));
	assert_null(strmap_get(&m, NULL));
	assert_false(strmap_has(&m, NULL));
	strmap_foreach(&m, e) {
		snprintf(key, sizeof(key), "k%zu", (i * 37) % 200);
		assert_string_equal(e->key, key);
		i++;
	}
	assert_int_equal(i, 200);
	strmap_clear(&m, NULL);
	assert_int_equal(m.n, 0);
	assert_null(strmap_get(&m, "k37"));
}

static void sets(void **state)
{
	struct strset s = { 0 };

	(void)state;
	assert_false(strset_has(&s, "struct a"));
	assert_true(strset_add(&s, "struct a"));
	assert_false(strset_add(&s, "struct a"));
	assert_true(strset_add(&s, "b_t"));
	assert_true(strset_has(&s, "b_t"));
	assert_int_equal(s.m.n, 2);
	strset_clear(&s);
	assert_false(strset_has(&s, "b_t"));
}

static void owned_values(void **state)
{
	struct strmap m = { 0 };

	(void)state;
	free(strmap_put(&m, "a", xstrdup("one")));
	free(strmap_put(&m, "a", xstrdup("two")));
	assert_string_equal(strmap_get(&m, "a"), "two");
	strmap_clear(&m, free);
}

int test_strmap(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_and_replace),
		cmocka_unit_test(sets),
		cmocka_unit_test(owned_values),
	};

	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
