/* A user of the opaque type holds pointers only: not read. */
#include "lk.h"

int lk_same(lk *a, lk *b)
{
	return a == b;
}
