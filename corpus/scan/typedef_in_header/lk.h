typedef struct lock_s lock;
lock *new_lock(void);
