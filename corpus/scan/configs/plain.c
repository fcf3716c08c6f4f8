/* Built without WITH_THREADS: struct stats holds no lock here, so this
 * memcpy copies none (near miss). */
#include <string.h>
#include "stats.h"

void stats_save(struct stats *to, const struct stats *from)
{
	memcpy(to, from, sizeof(struct stats));
}
