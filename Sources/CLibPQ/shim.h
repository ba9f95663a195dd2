#ifndef TACO_CLIBPQ_SHIM_H
#define TACO_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <poll.h>
#endif
