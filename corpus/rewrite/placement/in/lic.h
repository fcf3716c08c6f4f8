/*
 * Copyright (c) 2024 The Example Authors.
 * SPDX-License-Identifier: MIT
 */

struct lic {
	pthread_mutex_t m;
};
