/*
 * Copyright (c) 2024 The Example Authors.
 * SPDX-License-Identifier: MIT
 */

#include "lockptr_locks.h"
struct lic {
	pthread_mutex_t *m;
};
