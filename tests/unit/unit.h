/* The cmocka groups of the unit tests, one per module under test. */
#ifndef LOCKPTR_UNIT_H
#define LOCKPTR_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

int test_options(void);
int test_text(void);
int test_model(void);
int test_report(void);
int test_usertype(void);
int test_view(void);
int test_config(void);
int test_rescue(void);
int test_macrocall(void);
int test_strmap(void);
int test_schema(void);
int test_defs(void);
int test_project(void);
int test_scope(void);
int test_message(void);
int test_hunks(void);
int test_probecache(void);

#endif
