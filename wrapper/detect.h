/*
 * detect.h: the fact pass. Runs the detection patches (the .cocci files of cocci/detect,
 * joined into one patch so that each C file costs one spatch process) over a
 * list of files, -j at a time, each process bounded in time (--timeout) and
 * memory (--max-mem, through prlimit(1)).
 *
 * Each fact is a JSON object (see cocci/detect/prelude.cocci) appended to
 * `facts`. A file that spatch could not parse in full, timed out on, ran out
 * of memory on, or failed on is appended to `incomplete` as
 * {"file", "reason"}: nothing is dropped silently. A malformed fact
 * (schema.h) is an internal error: detect_run() dies with status 2 naming
 * the file, once every spatch process has ended.
 *
 * detect_init() finds the patches (LOCKPTR_DATADIR, the installed data
 * directory, or the source tree next to the binary), writes the joined patch
 * and the macro file into the run's private temporary directory, and dies
 * with status 2 if spatch or the patches are missing, or if --macro-file is
 * not a regular file of at most 16 MiB.
 * The program run is $SPATCH if set, else spatch; its python is
 * $LOCKPTR_PYTHON if set, else /usr/bin/python3 when there is one.
 */
#ifndef LOCKPTR_DETECT_H
#define LOCKPTR_DETECT_H

#include <jansson.h>

#include "cache.h"
#include "compdb.h"
#include "files.h"
#include "options.h"

struct detect {
	const struct options *o;
	const struct compdb *db;    /* NULL without -p */
	struct strvec incdirs;      /* defaults: directories of headers */
	char *patch, *macros;       /* in the temporary directory */
	struct strvec env;          /* environment for spatch */
	const char *spatch;
	const char *python;         /* --python for spatch, or NULL */
	int progress;               /* print a progress line on stderr */
	size_t done, total;         /* for the progress line */
	struct cache cache;         /* facts of files parsed before */
	size_t hits;                /* files answered by the cache */
	int direct_includes;        /* the retry: --all-includes */
	/* Files that parse only with the project's macros, and that macro
	 * file (rescue.h); NULL when there are none. Those files and the
	 * files that include them are read with it. */
	const struct strvec *rescued;
	const char *rescue_macros;
	char *builtins;             /* --macro-file-builtins, or NULL */
};

void detect_init(struct detect *d, const struct options *o,
		 const struct compdb *db, const struct filelist *all);
void detect_run(struct detect *d, struct srcfile **files, size_t n,
		json_t *facts, json_t *incomplete);
/* Adds lines (#define lines of storage-class macros) to spatch's builtin
 * macros for d's runs; nothing when spatch's standard.h is not found. */
void detect_storage_macros(struct detect *d, const char *lines);
void detect_free(struct detect *d);

/* Whether prog can be run (looked up in PATH unless it has a slash). */
int in_path(const char *prog);

/* The spatch command line for one file and patch, with the run's bounds,
 * include directories and macro file. */
void detect_argv(struct detect *d, const char *patch, const char *file,
		 struct strvec *av);

/* The detection patches a migrated file is checked with: the members
 * (no value declaration left) and the static initializers (none left). */
char *detect_recheck_patch(void);

/* The directory holding the semantic patches (cocci/). */
const char *datadir(void);

/* Parses one spatch run's output; pure, for tests and fuzzing. `file` is
 * the input. Every line tagged as a fact must be a fact of schema.h: when
 * one is not (not JSON, or a field missing or of the wrong type) in a run
 * that exited 0, the patches and this reader disagree: it returns -1 with
 * the line and the reason in why, having appended the valid facts only.
 * In a run that failed, such lines are dropped (the run may have been cut
 * mid-line) and the file is incomplete. Otherwise it returns 0. */
int detect_parse_checked(const char *file, const char *out, const char *err,
			 int status, int timed_out, const struct options *o,
			 json_t *facts, json_t *incomplete, char *why, size_t whylen);
/* The same, dying with status 2 ("internal error", naming the file) on a
 * malformed fact. */
void detect_parse(const char *file, const char *out, const char *err,
		  int status, int timed_out, const struct options *o,
		  json_t *facts, json_t *incomplete);

#endif
