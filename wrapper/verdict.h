/*
 * verdict.h: what an earlier apply concluded about a unit it rolled back
 * or refused in verification, so that a run on the same inputs reports
 * it again without running spatch or the compiler (issue 14, item 7).
 *
 * A verdict is stored per unit in .lockptr/verdicts/KEY.json at the
 * tree's top (tree.h: state_dir(), never through a symlink), written to
 * a temporary file and renamed (atomic.h). KEY is the SHA-256 of the
 * run's part (verdict_open(): lockptr's version and executable, the
 * rewrite templates and the detection patch, spatch and $CC, -I, -D,
 * --macro-file's contents, --lock-type) and of the unit (type, member,
 * its declaration's place, its rewrite patch). The verdict holds the
 * digest of its inputs: the contents of every file the rewrite read and
 * every translation unit it compiled, with the scanned headers they
 * include, and the flags of each configuration (database entry, borrowed
 * or not) it compiled them under. The changed files are kept too, so
 * that a later run asks plan.h which translation units a rewrite with
 * those changes would compile, and digests those.
 *
 * Only verdicts of the code are stored: a rollback or refusal by the
 * rewrite ("rewrite" stage: an attribute the rewrite would lose, the
 * declaration not rewritten) or by verification ("verify" stage: does
 * not compile before or after, re-scan, idempotence). Never stored:
 * a translation unit that did not compile before for a missing file (a
 * library not installed, a header the build generates: it may be there
 * next time),
 * --test-cmd failures (they depend on more than these files), spatch
 * giving up (time, memory), files that cannot be written, edits made
 * while lockptr ran, journal errors.
 *
 * verdict_open() settles the run's part: only apply uses verdicts, and
 * not with --no-cache; --retry writes them but never reads them.
 * verdict_get() returns 1 with res set (its reason ending in " (cached)",
 * its entries as stored) when a verdict for the unit exists and its
 * inputs are what they were; 0 otherwise (no entry, other inputs, an
 * entry that fails verdict_parse(): a miss). verdict_inputs() digests
 * the inputs of a unit about to be verified (tus and confs NULL for the
 * rewrite stage); verdict_put() stores res under that digest. Every
 * function fails silently: without verdicts a run is slower, not wrong.
 *
 * verdict_parse() is the check of an entry's text, without I/O (for
 * tests and fuzzing): 0 and v filled when it is an object with "version"
 * 1, "status" "rolled-back" or "refused", a non-empty "reason", "stage"
 * "rewrite" or "verify", "inputs" of 64 lowercase hex digits, "changed"
 * an array of plain tree-relative paths (no "..", not absolute), and
 * "entries", if present, an array of {"file", "entry" >= 1, "compiled",
 * "borrowed"?}; else -1 and v untouched.
 */
#ifndef LOCKPTR_VERDICT_H
#define LOCKPTR_VERDICT_H

#include <jansson.h>

#include "plan.h"
#include "run.h"

struct verdict {
	char *status, *reason, *stage;
	char inputs[65];
	struct strvec changed;  /* tree-relative */
	json_t *entries;        /* or NULL */
};

/* The key of one unit in one run, and the digest of its inputs. */
struct verdict_key {
	int on;
	char key[65];
	char inputs[65];
};

void verdict_open(struct run *r);
int verdict_get(struct run *r, const struct unit *u, const struct plan *p, const char *patch,
		struct verdict_key *k, struct result *res);
void verdict_inputs(struct run *r, const struct plan *p, const struct strvec *tus,
		    const struct conf_list *confs, struct verdict_key *k);
void verdict_put(const struct verdict_key *k, const char *stage, const struct change *ch,
		 size_t nch, const struct result *res);

int verdict_parse(const char *text, size_t len, struct verdict *v);
void verdict_free(struct verdict *v);

#endif
