#pragma once
/* A header with #pragma once and no guard. */

struct once {
	pthread_mutex_t m;
};
