/*
 * probecache.h: what `cc -E` of a compile entry printed last time, so that
 * a run on an unchanged tree does not preprocess every entry again (most
 * of a warm scan's time with -p: config.h).
 *
 * What is kept of an output are its runs: the lines with a token, as
 * (file as the line markers spell it, first line, count) for the files
 * the scan reads. An entry is keyed by the SHA-256 of the command, the
 * directory it runs in, the compiler it names (its real path, size and
 * mtime), the environment variables that move headers (CPATH and the
 * like) and the caller's salt (the set of scanned files), and holds what
 * the output depended on:
 * - the contents (SHA-256) of every file a line marker names, and
 * - the identity (device, inode, mtime; or absence) of every directory a
 *   header could be found in: the compiler's search list for that
 *   command (from its -v), including the directories it ignored as
 *   missing, and the directory of every file read. A header added where
 *   it would shadow another, or that __has_include would now find,
 *   changes one of them.
 * A hit is an entry whose every check holds; anything else is a miss,
 * and cc runs. A failed command is never stored. Entries live in the scan
 * cache's directory (cache.h: written atomically, read only as a plain
 * file of a sane size) and are checked as a whole before any of it is
 * used (probe_entry_parse(), the fuzzed parser). Without a cache a run is
 * slower, not wrong: every function fails silently.
 */
#ifndef LOCKPTR_PROBECACHE_H
#define LOCKPTR_PROBECACHE_H

#include <stddef.h>

#include "util.h"

struct probe_run {
	size_t file;          /* index into probe_runs.files */
	unsigned long line, count;
};

struct probe_runs {
	struct strvec files;  /* every file the markers name, first seen first */
	struct probe_run *v;
	size_t n, cap;
};

/* The runs of a `cc -E` output: a line counts when it has a character
 * other than white space (a #define of -dD too). */
void probe_runs_parse(const char *out, struct probe_runs *r);
void probe_runs_add(struct probe_runs *r, const char *file, unsigned long line,
		    unsigned long count);
void probe_runs_free(struct probe_runs *r);

struct probe_cache;

/* NULL when off (--no-cache); readonly: look up, never store. */
struct probe_cache *probe_cache_new(int on, int readonly, const char *salt);
void probe_cache_free(struct probe_cache *c);

/* 1 and the stored runs in *r (empty before) on a hit, else 0. */
int probe_cache_get(struct probe_cache *c, char *const *argv, struct probe_runs *r);
/* Stores the runs of a command that succeeded: deps are the files its
 * markers named, err what it printed on stderr with -v. */
void probe_cache_put(struct probe_cache *c, char *const *argv, const struct probe_runs *runs,
		     const struct strvec *deps, const char *err);

/* The check of an entry's text, without I/O (for tests and fuzzing): 1
 * and its runs in *r when it is well formed, else 0 and r untouched. */
int probe_entry_parse(const char *text, size_t len, struct probe_runs *r);

#endif
