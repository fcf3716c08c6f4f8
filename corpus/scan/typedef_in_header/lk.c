/* An init through a typedef from a header matches the member it initialises. */
#include <pthread.h>
#include <stdlib.h>
#include "lk.h"
struct lock_s { pthread_mutex_t mutex; long value; };
lock *new_lock(void) {
    lock *b = malloc(sizeof *b);
    pthread_mutex_init(&b->mutex, NULL);
    return b;
}
