#include <stdlib.h>
#include <string.h>

#include "message.h"
#include "options.h"
#include "unit.h"

static void wraps_paragraphs(void **state)
{
	char *w = message_wrap("aaa bbb ccc ddd\n    kept as it is, however long it is\n\nx", 8);

	(void)state;
	assert_string_equal(w, "aaa bbb\nccc ddd\n    kept as it is, however long it is\n\nx\n");
	free(w);
	/* git would read these as a comment, the patch's start, a new mail. */
	w = message_wrap("a #b ---c diff d From e", 3);
	assert_string_equal(w, "a\n #b\n ---c\n diff\nd\n From\ne\n");
	free(w);
}

static void names_like_format_patch(void **state)
{
	char *n = message_patch_name(3, "lockptr: struct queue.mu becomes a pointer to a shared "
				     "pthread_mutex_t");

	(void)state;
	assert_string_equal(n, "0003-lockptr-struct-queue.mu-becomes-a-pointer-to-a-share.patch");
	free(n);
	n = message_patch_name(12, "a..b  c/_d");
	assert_string_equal(n, "0012-a-.b-c-_d.patch");
	free(n);
}

static void a_mail(void **state)
{
	char *one = message_patch("A <a@x>", "Thu, 1 Jan 1970 00:00:00 +0000", "s", 1, 1, "b\n", "d\n");
	char *two = message_patch("A <a@x>", "D", "s", 2, 4, "b\n", "d\n");

	(void)state;
	assert_non_null(strstr(one, "\nFrom: A <a@x>\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n"
			       "Subject: [PATCH] s\n"));
	assert_non_null(strstr(one, "\n\nb\n---\nd\n-- \nlockptr "));
	assert_non_null(strstr(two, "\nSubject: [PATCH 2/4] s\n"));
	free(one);
	free(two);
}

static void options_of_one_command(void **state)
{
	struct options o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.split = "dir";
	assert_null(options_misplaced(&o, "diff"));
	assert_non_null(strstr(options_misplaced(&o, "apply"), "--split DIR is for diff"));
	o.split = NULL;
	o.commit = 1;
	assert_null(options_misplaced(&o, "apply"));
	assert_non_null(options_misplaced(&o, "diff"));
	o.commit = 0;
	o.interactive = 1;
	assert_null(options_misplaced(&o, "apply"));
	assert_non_null(options_misplaced(&o, "verify"));
}

int test_message(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps_paragraphs),
		cmocka_unit_test(names_like_format_patch),
		cmocka_unit_test(a_mail),
		cmocka_unit_test(options_of_one_command),
	};

	return cmocka_run_group_tests_name("message", tests, NULL, NULL);
}
