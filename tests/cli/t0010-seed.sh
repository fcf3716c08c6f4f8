#!/bin/sh
# The seed end to end (make demo): ThreadSanitizer sees the race before
# the migration and not after, and the count comes out right.
. "$(dirname "$0")/../lib.sh"
run sh "$ROOT/tests/demo.sh"
expect "seed: race before, none after" 0 \
	'WARNING: ThreadSanitizer: data race' \
	'^\+#include "lockptr_locks.h"' \
	'^-	pthread_mutex_t mutex;' '^\+	pthread_mutex_t \*mutex;' \
	'^count: 80000 of 80000$' \
	'race before, none after'
summary
