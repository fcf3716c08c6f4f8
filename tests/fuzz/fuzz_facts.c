/* libFuzzer: bytes as spatch's output (LOCKPTR\t lines; after a NUL, its
 * stderr, with the parse error regions it names) -> the fact parser and
 * its schema check -> the model, built only from the facts of an output
 * that passed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A user's lock type too, so that the model's paths for them run. */
	static struct lock_type user = { "my_lock_t", "my_lock_init", "my_lock_destroy", "-1" };
	struct options o = { .timeout = 1, .max_mem = 1, .lock_types = &user, .nlock_types = 1 };
	char *out = malloc(size + 1), *err;
	json_t *facts = json_array(), *inc = json_array();
	char why[256];

	if (!out)
		return 0;
	memcpy(out, data, size);
	out[size] = '\0';
	/* out ends at the first NUL; what follows is stderr (or nothing). */
	err = out + strlen(out);
	if (err < out + size)
		err++;
	if (detect_parse_checked("fuzz.c", out, err, 0, 0, &o, facts, inc, why,
				 sizeof(why)) == 0) {
		struct model m;
		json_t *words = json_object(), *tags = json_object();

		model_build(&m, facts, &o);
		model_words(&m, &o, words, tags);
		model_free(&m);
		json_decref(words);
		json_decref(tags);
	}
	json_decref(facts);
	json_decref(inc);
	free(out);
	return 0;
}
