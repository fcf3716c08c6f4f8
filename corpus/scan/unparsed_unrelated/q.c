#include "q.h"

void q_use(struct q v);

void q_pass(struct q *p)
{
	q_use(*p);
}
