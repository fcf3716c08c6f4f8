/* The Windows flavour: a semaphore is a kernel handle. */
#ifndef PLAT_WIN_H
#define PLAT_WIN_H
#include <windows.h>
typedef HANDLE plat_sem_t;
typedef CRITICAL_SECTION plat_mutex_t;
#endif
