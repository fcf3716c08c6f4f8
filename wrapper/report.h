/*
 * report.h: the scan's results as text, JSON (DESIGN.md's shape) or SARIF
 * 2.1.0, on a stream. Returns 0, or -1 if the stream could not be written
 * (a full disk is an error, never silent). This is where the typed model
 * (model.h) becomes JSON again: scan_result holds the JSON arrays made
 * from it with the report_*_json() functions.
 */
#ifndef LOCKPTR_REPORT_H
#define LOCKPTR_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "model.h"
#include "options.h"

struct scan_result {
	json_t *units, *copies, *incomplete, *conflicts, *wrappers;
	size_t files, parsed;
};

int report_scan(FILE *out, const struct scan_result *r, enum format format,
		int quiet);

/* Whether r has a finding: a unit or copy site that is not kept. */
int report_findings(const struct scan_result *r);

/* The JSON document of `scan --format json`; a new reference. */
json_t *report_scan_json(const struct scan_result *r);

/* The typed model at the output edge: arrays of the objects DESIGN.md
 * shows (keys in that order); new references. */
json_t *report_unit_json(const struct unit *u);
json_t *report_units_json(const struct unit *u, size_t n);
json_t *report_copies_json(const struct copy_site *c, size_t n);
json_t *report_conflicts_json(const struct conflict *c, size_t n);
/* The lock wrappers, as "wrappers" of the scan JSON (there only when
 * there are some). */
json_t *report_wrappers_json(const struct lock_wrapper *w, size_t n);

/* How a copy site of that kind copies: "returned by value", ... */
const char *report_copy_verb(const char *kind);

/* A unified diff on out, coloured as git colours one when color is set. */
void report_diff(FILE *out, const char *text, int color);

#define LOCKPTR_VERSION "0.1.0"

#endif
