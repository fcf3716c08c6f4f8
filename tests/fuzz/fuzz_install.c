/* libFuzzer: bytes as a build file (CMake and make), a .gitmodules and a
 * stored verdict -> install.h's names, scope.h's submodules, verdict.h's
 * check: never a crash, and every name tree-relative. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "scope.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct installs in = { 0 };
	struct strvec subs = { 0 };
	struct verdict v;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	install_cmake(text, "d/e", "d/e/CMakeLists.txt", &in);
	install_make(text, "", "Makefile", &in);
	for (size_t i = 0; i < in.names.n; i++)
		if (in.names.v[i][0] == '/' || !strncmp(in.names.v[i], "../", 3) ||
		    !strcmp(in.names.v[i], ".."))
			abort();
	scope_gitmodules(text, &subs);
	if (verdict_parse((const char *)data, size, &v) == 0)
		verdict_free(&v);
	install_free(&in);
	strvec_free(&subs);
	free(text);
	return 0;
}
