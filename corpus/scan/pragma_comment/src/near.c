#pragma GCC diagnostic push // a line comment on a #pragma parses
#include "../inc/types.h"

struct near_s {
	ser_t serial;
};

ser_t near_snapshot(struct near_s *c)
{
	return c->serial;
}
#pragma GCC diagnostic pop
