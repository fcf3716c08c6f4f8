typedef CRITICAL_SECTION my_mutex_t;
