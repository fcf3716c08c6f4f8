/*
 * options.h: the command line every subcommand shares (DESIGN.md).
 *
 * options_parse() reads argv after the subcommand name. It never prints and
 * never exits, so that it can be tested: it returns OPT_OK, OPT_HELP,
 * OPT_VERSION, or OPT_ERROR with a one-line reason in o->error (without the
 * "lockptr: " prefix). options_free() releases what it allocated.
 */
#ifndef LOCKPTR_OPTIONS_H
#define LOCKPTR_OPTIONS_H

#include "util.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_FACTS };
enum when { WHEN_AUTO, WHEN_ALWAYS, WHEN_NEVER };
enum { OPT_OK, OPT_HELP, OPT_VERSION, OPT_ERROR };

struct lock_type {
	char *name, *init, *destroy;
	char *nomem; /* what init returns when out of memory, or NULL */
};

struct options {
	int jobs;               /* -j: spatch processes at once */
	const char *compdb;     /* -p: compile_commands.json or its directory */
	struct strvec incdirs;  /* -I */
	struct strvec defines;  /* -D */
	const char *macro_file; /* --macro-file */
	struct lock_type *lock_types; /* --lock-type, user-declared */
	size_t nlock_types;
	struct strvec init_wrappers; /* --init-wrapper NAME:VALUE */
	int timeout;            /* --timeout, seconds per spatch process */
	int max_mem;            /* --max-mem, MiB per spatch process */
	enum format format;
	enum when progress;
	enum when color;        /* --color, for diff */
	int quiet;
	int all;
	int no_cache;           /* --no-cache */
	int cache_readonly;     /* diff: read the cache, never write it */
	int shard, nshards;     /* --shard I/N; nshards 0: no sharding */
	const char *changed_since; /* --changed-since REV */
	struct strvec only;     /* --only TYPE.MEMBER */
	const char *test_cmd;   /* --test-cmd, split like a shell would */
	int include_vendored;   /* --include-vendored: vendored code, public headers */
	int retry;              /* --retry: verify again what a cached verdict says */
	int one_by_one;         /* --one-by-one: no groups (group.h) */
	struct strvec paths;    /* operands */
	/* The project file, suppressions and explain (project.h, keep.h,
	 * explain.h). */
	struct strvec exclude;  /* --exclude GLOB */
	struct strvec keep;     /* --keep 'TYPE.MEMBER: REASON' */
	int no_project;         /* --no-project: read no .lockptr.conf */
	char *project;          /* the project file read, or NULL */
	char *subject;          /* explain: the unit it explains */
	/* A unit at a time (series.h): diff --split DIR, apply --commit,
	 * apply --interactive. */
	const char *split;
	int commit, interactive;
	char error[256];
};

int options_parse(struct options *o, int argc, char **argv);
void options_free(struct options *o);

/* The VALUE of the last --init-wrapper NAME:VALUE for name, or NULL. */
const char *init_wrapper_nomem(const struct options *o, const char *name);
/* Splits "struct stats.rw: why" (--keep) into the unit's name and the
 * reason, both trimmed; 0, or -1 when either is missing or the name is
 * no unit's. */
int split_keep(const char *s, char **unit, char **reason);

/* Why an option given may not go with command cmd ("--split is for
 * diff ..."), or NULL. */
const char *options_misplaced(const struct options *o, const char *cmd);

/* Splits "struct stats.rw" into a type and a member path; 0 or -1. */
int split_unit_name(const char *s, char **type, char **member);

#endif
