#define LOCK(s) pthread_mutex_lock(&(s)->st.mu)
#define my_mutex_t pthread_mutex_t
#define P(x) \
	&x->a.b.m
typedef struct lock_s lock_t;
/* c */ typedef union u_s u;
