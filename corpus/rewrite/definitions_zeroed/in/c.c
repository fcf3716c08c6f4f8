#include <stdlib.h>
#include "c.h"

int main(void)
{
    struct worker *w = malloc(sizeof(*w));
    if (!w || pthread_mutex_init(&w->big_lock, NULL)) return 1;
    pthread_mutex_lock(&w->big_lock);
    w->jobs = 1;
    pthread_mutex_unlock(&w->big_lock);
    pthread_mutex_destroy(&w->big_lock);
    free(w);
    return 0;
}
