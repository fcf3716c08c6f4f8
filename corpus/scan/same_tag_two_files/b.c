/* A file-local struct with the tag of a lock-holding struct elsewhere holds no lock (and, naming no type that other files can see, is not even parsed). */
struct ctx { void (*entry)(void *); void *arg; };
void b_start(struct ctx *p) { struct ctx c; c = *p; c.entry(c.arg); }
