/*
 * scan.h: the scan pipeline shared by every subcommand.
 *
 * scan_run() collects the files of the operands, prefilters them, runs the
 * detection pass in rounds until no new lock-holding type appears (a file
 * is parsed only once it mentions a lock type or a holding type found so
 * far, and never twice), and builds the unit table. Usage and environment
 * errors die with status 2. The result is released with scan_free().
 * The typed model (model.h) is what the program works on; result holds
 * its JSON for the report, made again whenever the selection changes it.
 */
#ifndef LOCKPTR_SCAN_H
#define LOCKPTR_SCAN_H

#include "files.h"
#include "model.h"
#include "options.h"
#include "report.h"

struct scan {
	struct filelist files;
	/* Files --exclude dropped (exclude.h), as shown and resolved. */
	struct strvec excluded, excluded_abs;
	json_t *facts, *incomplete;
	json_t *not_built;  /* with -p: scanned files no entry compiles */
	/* Files parsed in full only with the project's macros (rescue.h),
	 * and the macro file that does it: the rewrite reads them so too. */
	struct strvec rescued;
	char *rescue_macros;
	/* The #define lines of every scanned file, read once when first
	 * asked for (rescue_project_defines()). */
	struct buf defines;
	int defines_read;
	struct model model;
	struct scan_result result;
};

void scan_run(struct scan *s, const struct options *o);
void scan_free(struct scan *s);

/* Keeps only the units named by --only (dies with status 2 on an unknown
 * one) and the copies that copy them. */
void scan_select(struct scan *s, const struct options *o);
/* Whether unit u is one of names ("struct stats.rw", or with the file
 * of its declaration or definition: "struct x.m@a_unix.c"); scan_check_only()
 * exits with status 2 naming the first of only that is no unit. */
int scan_unit_named(const struct unit *u, const struct strvec *names);
void scan_check_only(const struct model *m, const struct strvec *only);

int cmd_scan(const struct options *o);

/* lockptr merge FACTS...: the report of the scan whose shards (scan
 * --shard I/N --format facts) wrote these facts files. */
int cmd_merge(const struct options *o);

#endif
