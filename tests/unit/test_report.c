/* The JSON document of a scan: DESIGN.md's keys, in its order. */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "unit.h"

static void json_shape(void **state)
{
	struct scan_result r = { 0 };
	json_t *doc;
	char *text;

	(void)state;
	r.units = json_pack("[{s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:b, s:n}]", "type",
			    "struct server", "member", "mutex", "lock", "pthread_mutex_t",
			    "file", "server.c", "line", 9, "column", 5, "array", 0, "copied", 1,
			    "refused");
	r.copies = json_pack("[{s:s, s:s, s:s, s:s, s:i, s:i, s:s}]", "type", "struct server",
			     "kind", "init", "path", "mutex", "file", "server.c", "line", 19,
			     "column", 5, "function", "worker");
	r.incomplete = json_pack("[{s:s, s:s}]", "file", "x.c", "reason", "parse error at line 120");
	r.conflicts = json_array();
	doc = report_scan_json(&r);
	text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT);
	assert_string_equal(text,
		"{\"version\":1,\"units\":[{\"type\":\"struct server\",\"member\":\"mutex\","
		"\"lock\":\"pthread_mutex_t\",\"file\":\"server.c\",\"line\":9,\"column\":5,"
		"\"array\":false,\"copied\":true,\"refused\":null}],\"copies\":[{\"type\":"
		"\"struct server\",\"kind\":\"init\",\"path\":\"mutex\",\"file\":\"server.c\","
		"\"line\":19,\"column\":5,\"function\":\"worker\"}],\"incomplete\":[{\"file\":"
		"\"x.c\",\"reason\":\"parse error at line 120\"}]}");
	free(text);
	json_decref(doc);
	/* Conflicts appear only when there are some. */
	json_array_append_new(r.conflicts, json_pack("{s:s}", "type", "struct ipc"));
	doc = report_scan_json(&r);
	assert_non_null(json_object_get(doc, "conflicts"));
	json_decref(doc);
	json_decref(r.units);
	json_decref(r.copies);
	json_decref(r.incomplete);
	json_decref(r.conflicts);
}

int test_report(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_shape),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
