#ifndef REPO_H
#define REPO_H

#include "metrics.h"

struct repo {
	struct metrics *stats;
	const char *path;
};

void repo_touch(struct repo *r);

#endif
