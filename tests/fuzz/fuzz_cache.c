/* libFuzzer: bytes as a cache entry -> the entry's check; a hit's facts
 * go on to the model, as a scan would use them. */
#include <stdint.h>
#include <stdlib.h>

#include "cache.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = { .timeout = 1, .max_mem = 1 };
	json_t *facts = json_array(), *inc = json_array();

	if (cache_parse((const char *)data, size, facts, inc)) {
		struct model m;

		model_build(&m, facts, &o);
		model_free(&m);
	}
	json_decref(facts);
	json_decref(inc);
	return 0;
}
