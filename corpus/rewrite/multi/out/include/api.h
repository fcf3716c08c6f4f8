#ifndef API_H
#define API_H
#include "conn.h"

typedef struct conn conn_t;

int conn_init(conn_t *c, int fd);
void conn_close(conn_t *c);
int conn_send(conn_t *c, int byte);
#endif
