/* libFuzzer: bytes as a cache entry -> the entry's check; a hit's facts
 * go on to the model, as a scan would use them. The same bytes as an
 * entry of cc -E runs (probecache.h), and as a cc -E output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "model.h"
#include "probecache.h"

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
	{
		struct probe_runs r = { 0 };
		char *text = malloc(size + 1);

		if (probe_entry_parse((const char *)data, size, &r))
			for (size_t i = 0; i < r.n; i++)
				if (r.v[i].file >= r.files.n || !r.v[i].count)
					abort();
		probe_runs_free(&r);
		if (text) {
			memcpy(text, data, size);
			text[size] = '\0';
			probe_runs_parse(text, &r);
		}
		probe_runs_free(&r);
		free(text);
	}
	return 0;
}
