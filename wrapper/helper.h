/*
 * helper.h: the helper header a migrated unit calls (lockptr_locks.h, or
 * lockptr_NAME.h for a --lock-type) and the #include that brings it in.
 *
 * helper_host() says which file includes the helper header, and so which
 * directory it goes to: the file that defines the type, unless a
 * --lock-type's functions are declared only in another header that is
 * the one scanned file to include the defining one (then that header).
 * include_helper() adds the #include to the host's new contents: where
 * every configuration sees it (after the last #include outside any #if,
 * above the unit's declaration), and after the declarations of a
 * --lock-type's functions when the host has them. helper_include_host()
 * adds the host to the changes when the rewrite left it as it was (-1
 * with res set when the host cannot be read); helper_header_change() adds
 * the helper header itself when it is new or its contents change,
 * indented like the defining file (ch has room for one more change), or
 * refuses the unit (-1, res set) when it may not be written there.
 */
#ifndef LOCKPTR_HELPER_H
#define LOCKPTR_HELPER_H

#include "plan.h"
#include "run.h"

/* lockptr_locks.h, or lockptr_NAME.h for a --lock-type. */
char *helper_name_for(const char *lock);
const char *helper_host(struct run *r, const struct unit_spec *spec, const char *defining);
void include_helper(struct run *r, const struct unit_spec *spec, const struct unit *u,
		    const char *host, struct buf *text);
int helper_include_host(struct run *r, const struct unit *u, const struct plan *p,
			struct change **ch, size_t *nch, struct result *res);
int helper_header_change(const struct run *r, const struct unit *u, const struct plan *p,
			 struct change *ch, size_t *nch, struct result *res);

#endif
