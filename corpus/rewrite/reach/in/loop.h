#ifndef LOOP_H
#define LOOP_H

#include "metrics.h"

typedef struct loop_fields {
	struct metrics metrics;
	int flags;
} loop_fields_t;

struct loop {
	void *internal;
};

#define FIELDS(l) ((loop_fields_t *)(l)->internal)

#endif
