typedef struct {
	long opaque[5];
} crit_section;

typedef crit_section my_lock_t;
