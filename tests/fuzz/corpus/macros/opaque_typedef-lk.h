/* An opaque type: the header names the struct only for a typedef. */
#ifndef LK_H
#define LK_H

typedef struct lk_s lk;

lk *lk_new(void);

#endif
