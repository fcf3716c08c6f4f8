/* Every region spatch could not parse is named, with the lines lost. */
#include <pthread.h>
struct a {
    int x;
    QHEAD(ah, a) head;
};
struct b {
    pthread_mutex_t mutex;
    QENTRY(b) next;
    int y;
};
void f(struct b *s) { pthread_mutex_init(&s->mutex, NULL); }
void g(struct b *d, struct b *s) { *d = *s; }
