/* The struct is defined in lk.c alone; this header names it only for a
 * typedef, which lockptr reads from the text of every header. */
#ifndef LK_H
#define LK_H

typedef struct lk_s lk;

lk *lk_new(void);
void lk_free(lk *l);

#endif
