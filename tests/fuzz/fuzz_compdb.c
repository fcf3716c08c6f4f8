/* libFuzzer: bytes as compile_commands.json -> compdb_load() on a file
 * holding them (in a private mkdtemp directory), then the lookups a scan
 * makes. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compdb.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *path;

static void cleanup(void)
{
	if (path)
		unlink(path);
	if (dir)
		rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compdb *db = NULL;
	char err[512];
	int fd;

	if (!dir) {
		const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

		dir = xasprintf("%s/lockptr-fuzz.XXXXXX", base);
		if (!mkdtemp(dir))
			abort();
		path = xasprintf("%s/compile_commands.json", dir);
		atexit(cleanup);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write_all(fd, data, size) < 0 || close(fd) < 0)
		abort();
	if (compdb_load(path, &db, err, sizeof(err)) == 0) {
		const struct strvec *inc, *defs, *extra;
		struct strvec all = { 0 };

		compdb_flags(db, "a.c", &inc, &defs, &extra);
		compdb_flags(db, "/src/a.c", &inc, &defs, NULL);
		compdb_all_incdirs(db, &all);
		strvec_free(&all);
		compdb_free(db);
	}
	return 0;
}
