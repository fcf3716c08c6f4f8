/* libFuzzer: bytes as the text of a project file -> project_args() (inih
 * and each value through options_parse()), and as a source line ->
 * keep_comment(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keep.h"
#include "project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec args = { 0 };
	char err[256], *kept;
	long line;

	/* A fault names a line of the text, or the whole file (0). */
	if (project_args((const char *)data, size, "sub", &args, &line, err, sizeof(err)) < 0 &&
	    (line < 0 || (size_t)line > size + 1 || !memchr(err, '\0', sizeof(err))))
		abort();
	/* Each key gives an option and its value. */
	if (args.n % 2)
		abort();
	strvec_free(&args);
	kept = keep_comment((const char *)data, size);
	free(kept);
	return 0;
}
