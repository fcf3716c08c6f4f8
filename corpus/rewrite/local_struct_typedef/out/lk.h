/* The struct is defined in lk.c alone; this header names it only for a
 * typedef, and is not read by the scan (no file's facts may depend on
 * another .c file's, or --shard runs would differ from a single run). */
#ifndef LK_H
#define LK_H

typedef struct lk_s lk;

lk *lk_new(void);
void lk_free(lk *l);

#endif
