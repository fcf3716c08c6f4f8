/* Macro wrappers in a header that names no lock type: its macros name the
 * inits they call. */
#ifndef COMPAT_H
#define COMPAT_H
#define my_mutex_init(a) pthread_mutex_init(a, NULL)
#define Z_mutex_init(a, b) pthread_mutex_init((a), (b))
#define Z_mutex_destroy(a) pthread_mutex_destroy((a))
#define cond_setup(c) do { pthread_cond_init((c), NULL); } while (0)
/* Near misses: the parameter is not the lock handed on, or the macro
 * only locks. */
#define with_lock(m) pthread_mutex_lock(m)
#define count_init(n) init_counter(0, n)
#endif
