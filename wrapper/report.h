/*
 * report.h: the scan's results as text, JSON (DESIGN.md's shape) or SARIF
 * 2.1.0, on a stream. Returns 0, or -1 if the stream could not be written
 * (a full disk is an error, never silent).
 */
#ifndef LOCKPTR_REPORT_H
#define LOCKPTR_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "options.h"

struct scan_result {
	json_t *units, *copies, *incomplete, *conflicts;
	size_t files, parsed;
};

int report_scan(FILE *out, const struct scan_result *r, enum format format,
		int quiet);

/* The JSON document of `scan --format json`; a new reference. */
json_t *report_scan_json(const struct scan_result *r);

#define LOCKPTR_VERSION "0.1.0"

#endif
