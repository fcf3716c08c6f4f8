/* libFuzzer: bytes as the text of a header -> the facts lockptr reads from
 * source text itself (macros.c: macros that take a member's address or
 * name a type; opaque.c: typedefs of opaque structs). They skip spatch, so
 * they must pass the schema as spatch's do (a finding otherwise), and the
 * model is built from them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "macros.h"
#include "model.h"
#include "opaque.h"
#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = { .timeout = 1, .max_mem = 1 };
	json_t *facts = json_array();
	struct model m;
	char why[256];

	macro_facts("fuzz.h", (const char *)data, size, facts);
	opaque_facts("fuzz.h", (const char *)data, size, facts);
	if (schema_facts(facts, why, sizeof(why)) < 0) {
		fprintf(stderr, "a fact read from the text breaks the schema: %s\n", why);
		abort();
	}
	model_build(&m, facts, &o);
	model_free(&m);
	json_decref(facts);
	return 0;
}
