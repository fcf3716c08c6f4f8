/* A header of headers: the typedef that the .c files use, with no lock
 * token of its own. */
#ifndef API_H
#define API_H
#include "conn.h"

typedef struct conn conn_t;

void conn_init(conn_t *c, int fd);
#endif
