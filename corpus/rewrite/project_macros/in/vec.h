/* A project's own container macros: spatch 1.1.1 drops a struct body that
 * uses one as a member's type, and a file-scope declaration made by one,
 * unless the macro is in its macro file (wrapper/rescue.h). */
#ifndef VEC_H
#define VEC_H
#define vec_t(T) struct { T *items; unsigned n, cap; }
#define MAP_DECLARE(name, K, V) \
	struct name##_map { K *keys; V *vals; unsigned n; }
#endif
