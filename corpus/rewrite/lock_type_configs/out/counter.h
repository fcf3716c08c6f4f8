#ifndef COUNTER_H
#define COUNTER_H

typedef struct counter counter_t;

counter_t *counter_create(void);
void counter_free(counter_t *c);
void counter_add(counter_t *c, long n);
long counter_take(counter_t *c);
long counter_idle(void);

#endif
