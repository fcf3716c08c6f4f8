#include "unit.h"

int main(void)
{
	int failed = 0;

	failed += test_options();
	failed += test_text();
	failed += test_model();
	failed += test_report();
	failed += test_usertype();
	failed += test_view();
	failed += test_config();
	failed += test_rescue();
	failed += test_macrocall();
	failed += test_strmap();
	failed += test_schema();
	failed += test_defs();
	failed += test_project();
	failed += test_scope();
	failed += test_message();
	failed += test_hunks();
	failed += test_probecache();
	return failed ? 1 : 0;
}
