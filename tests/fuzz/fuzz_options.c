/* libFuzzer: bytes split at NUL into the arguments after the subcommand
 * -> options_parse(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char **argv;
	int argc = 1;
	struct options o;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i < size; i++)
		argc += copy[i] == '\0';
	argc += 1;
	argv = calloc((size_t)argc + 1, sizeof(*argv));
	if (!argv) {
		free(copy);
		return 0;
	}
	/* argv[0] is the subcommand, as main() hands it over; the strings
	 * are writable, as a real argv's are (--shard writes in place). */
	argc = 0;
	argv[argc++] = (char *)"scan";
	for (size_t i = 0; i <= size; i += strlen(copy + i) + 1)
		argv[argc++] = copy + i;
	argv[argc] = NULL;
	options_parse(&o, argc, argv);
	options_free(&o);
	free(argv);
	free(copy);
	return 0;
}
