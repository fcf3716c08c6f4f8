/*
 * box.h: where a migrated member points (cocci/rewrite/lockptr_locks.h.in,
 * its "box" section).
 *
 * Every lock lockptr points a member at lives in a box, { L lock;
 * unsigned char heap; }: the init helpers allocate heap boxes, static
 * initializers get static ones, and the destroy helpers free heap boxes
 * only. So one type can have static and destroyed heap instances, and a
 * zeroed static object can point at a zeroed static lock until its init.
 *
 * box_prefix() gives the names of a family's box functions and type:
 * "lockptr_pthread_mutex" for pthread_mutex_t (PREFIX_box, PREFIX_alloc,
 * PREFIX_after_init, PREFIX_after_destroy, PREFIX_release).
 * box_nomem() is what an init of the family gives when it cannot
 * allocate (ENOMEM for pthreads); box_ok() what it gives on success.
 * box_section() instantiates the box section for a lock type whose init
 * and destroy return rc_type; helper_template() is the helper template
 * (cocci/rewrite/lockptr_locks.h.in), read once; template_section() one
 * "//@ NAME" section of it.
 */
#ifndef LOCKPTR_BOX_H
#define LOCKPTR_BOX_H

#include "options.h"

char *box_prefix(const char *lock);
const char *box_ok(const char *lock);
char *box_nomem(const struct options *o, const char *lock);
char *box_section(const char *lock, const char *rc_type);
const char *helper_template(void);
char *template_section(const char *name);

#endif
