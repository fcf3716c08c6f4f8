/*
 * run.h: the state of one diff or apply run, which every step of the
 * migration of a unit reads and adds to.
 *
 * A run holds the scan (facts and typed model), the detection settings
 * (spatch, compiler flags), what the tree's translation units are known
 * to say to the compiler right now (verify.h keeps it), the include graph
 * of the tree as it is now, and one struct result per selected unit. The
 * steps are, in order: plan.h (which files, translation units and
 * spellings a unit touches; refusals), rewrite.h (new contents), helper.h
 * (the helper header and its #include), verify.h (compile before and
 * after, re-scan, idempotence, --test-cmd) and apply.h (writes, journal,
 * rollback). migrate.c runs them for each unit and holds the commands.
 */
#ifndef LOCKPTR_RUN_H
#define LOCKPTR_RUN_H

#include <jansson.h>
#include <sys/types.h>

#include "compdb.h"
#include "compile.h"
#include "detect.h"
#include "includes.h"
#include "options.h"
#include "scan.h"
#include "scope.h"
#include "strmap.h"
#include "util.h"

/* The name of the helper header of the built-in lock types. */
#define HELPER "lockptr_locks.h"

enum mode { MODE_APPLY, MODE_DIFF };

/* What became of one selected unit: status is migrated, rolled-back,
 * refused, unchanged, kept or skipped (apply --interactive); files are those written, for a migrated unit;
 * entries (with -p, or NULL) the database entries its translation units
 * were compiled under, as apply --format json reports them; judged when
 * the status is the verdict of the code (the rewrite or verification),
 * not of the environment, and may be kept for the next run (verdict.h). */
struct result {
	char *type, *member, *status, *reason;
	struct strvec files;
	json_t *entries;
	int judged;
	json_int_t line, column;
	char *file;
	int by_design;           /* refused for what the code is (model.h) */
	char *def;               /* its definition, as struct unit has it */
};

struct run {
	const struct options *o;
	enum mode mode;
	struct scan s;
	struct detect d;
	struct compdb *db;
	struct result *res;
	size_t nres;
	struct strvec written;   /* every path written, in order, once */
	/* The diagnostics of translation units in the tree as it is now: a
	 * unit's "before" is the last kept unit's "after" (or the "before"
	 * of a unit that was rolled back, whose bytes are back). */
	struct known_diags {
		char *path;
		long entry;          /* its configuration (struct tu_conf) */
		struct diags d;
	} *known;
	size_t nknown;
	struct includes inc;     /* of the tree as it is now */
	struct scope scope;      /* vendored code, public headers */
	/* verdict.h: the run's part of every verdict key; whether verdicts
	 * are read and written. */
	char verdict_base[65];
	int verdict_read, verdict_write;
	int inc_stale;
	/* Why each scanned file may not be written (NULL: it may), settled
	 * in the real tree before diff moves to its private copy, so that
	 * both modes refuse the same units. */
	char **unwritable;
	struct series *series;   /* series.h, or NULL */
	/* group.h: while a group's units are laid out one after the other
	 * in memory, the contents each file would have at that point (path
	 * -> struct buf *); run_read() answers from it before the disk. */
	struct strmap *overlay;
};

/* One file's new contents, to be written with the mode it has, over
 * the bytes the unit started from (orig; none if it did not exist). */
struct change {
	char *path;
	struct buf contents;
	mode_t mode;
	int existed;
	struct buf orig;
};

/* Why path (a scanned file) may not be written, or NULL. */
const char *run_unwritable(const struct run *r, const char *path);

/* read_file(), but from r->overlay when it holds path. */
int run_read(const struct run *r, const char *path, struct buf *out);

/* The index of path's change in (*chp)[0, *nchp): an existing one, or a
 * new one at the end that leaves the file as it is (its bytes as
 * run_read() gives them), with room kept for one more change. -1 with
 * res set when path cannot be read. */
long change_of(const struct run *r, const char *path, struct change **chp, size_t *nchp,
	       struct result *res);

/* Sets res's status and reason (taking reason, which may be NULL). */
void result_set(struct result *res, const char *status, char *reason);

/* LOCKPTR_PROFILE=1: the time of a phase of a unit on stderr. */
void profile(const struct unit *u, const char *phase, long long since, size_t files);

#endif
