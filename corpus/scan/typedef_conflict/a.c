/* One typedef name, two platform definitions: the lock one counts, the clash is reported. */
#include "unix.h"
struct bar { my_mutex_t mutex; int n; };
void bar_init(struct bar *b) { pthread_mutex_init(&b->mutex, NULL); }
