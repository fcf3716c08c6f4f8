/* Whether a function-like macro copies an argument (macrocall.h): a body
 * that passes, assigns or returns the parameter does; one that ignores it
 * or takes only its address, a member of it, its size does not. */
#include "macrocall.h"
#include "unit.h"

static void copies(void **state)
{
	(void)state;
	assert_int_equal(macrocall_copies("#define IGNORE(obj) do { } while (0)", 0), 0);
	assert_int_equal(macrocall_copies("#define ADDR(o) note(&(o))", 0), 0);
	assert_int_equal(macrocall_copies("#define MEMB(o) ((o).n + (o)->m)", 0), 0);
	assert_int_equal(macrocall_copies("#define SIZE(o) sizeof(o)", 0), 0);
	assert_int_equal(macrocall_copies("#define NAME(o) #o", 0), 0);
	assert_int_equal(macrocall_copies("#define COPY(a, b) ((a) = (b))", 1), 1);
	assert_int_equal(macrocall_copies("#define PASS(x) use(x)", 0), 1);
	assert_int_equal(macrocall_copies("#define BOTH(x, y) (&(x) && use(y))", 0), 0);
	assert_int_equal(macrocall_copies("#define BOTH(x, y) (&(x) && use(y))", 1), 1);
	assert_int_equal(macrocall_copies("#define LOG(fmt, ...) printf(fmt, __VA_ARGS__)", 2), 1);
	assert_int_equal(macrocall_copies("#define PLAIN 1", 0), -1);
}

int test_macrocall(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copies),
	};

	return cmocka_run_group_tests_name("macrocall", tests, NULL, NULL);
}
