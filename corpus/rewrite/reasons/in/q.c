#include "q.h"

static struct q global = Q_INITIALIZER;

void use_q(struct q v);
void use_inner(struct inner v);
void use_lit(struct lit v);
void use_ok(struct ok v);

void f(void)
{
	struct outer o = { .in = { .m = PTHREAD_MUTEX_INITIALIZER }, .k = 1 };

	use_q(global);
	use_inner(o.in);
}

void lit_init(struct lit *p)
{
	pthread_mutex_init(&p->m, NULL);
}

void lit_reset(struct lit *p)
{
	*p = (struct lit){ .n = 1, .m = PTHREAD_MUTEX_INITIALIZER };
	use_lit(*p);
}

void ok_init(struct ok *p)
{
	pthread_mutex_init(&p->m, NULL);
	use_ok(*p);
}
