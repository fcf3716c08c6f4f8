/* A block comment on a #pragma line (zstd's zstdmt_compress.c): spatch
 * 1.1.1 fails on the line and loses the #includes after it, so the type of
 * c->serial, and the copies below, were unknown. The near miss: a line
 * comment, which spatch reads. */
#if defined(_MSC_VER)
#  pragma warning(disable : 4204)   /* C4204: non-constant aggregate initializer */
#endif
#include "../inc/types.h"

struct ctx_s {
	ser_t serial;
	int jobs;
};

ser_t ctx_snapshot(ctx_t *c)
{
	return c->serial;
}

void ctx_reset(ctx_t *c, const ctx_t *from)
{
	c->serial = from->serial;
}
