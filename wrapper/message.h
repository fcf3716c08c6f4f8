/*
 * message.h: what the patch or commit of one migrated unit says, in the
 * form `git format-patch` writes and `git am` reads.
 *
 * message_subject() is the subject line ("lockptr: struct queue.mu
 * becomes a pointer to a shared pthread_mutex_t"); message_body() the
 * paragraphs under it: where the unit's type is copied (its copy sites,
 * or that it is copied nowhere lockptr looked), what the migration did
 * and which files it changed, how it was verified, and the unit's notes
 * (its reason when migrated with notes). Lines are wrapped at 72
 * columns, none ends in a space, no two are blank in a row and none
 * starts with '#', "---" or "diff ": git keeps the message byte for
 * byte, whether it comes through `git am` or `git commit -m`.
 *
 * message_diff() is the change of the unit as git diffs it: per file,
 * sorted by path, "diff --git a/P b/P" (with "new file mode" for a file
 * the unit creates) and the unified diff of diff(1), paths relative to
 * the tree's top; each change goes from the bytes the unit started from
 * to the bytes it writes, so that each patch applies on the tree with
 * the units before it applied. It dies (status 2) when diff(1) cannot
 * run.
 *
 * message_patch() puts it together as one mail: the "From " line, From
 * (author), Date, Subject ("[PATCH n/N] ..." when total > 1), the
 * body, "---", the diff and lockptr's signature. message_patch_name() is
 * its file name: "0001-lockptr-struct-queue.mu-becomes-a-....patch".
 */
#ifndef LOCKPTR_MESSAGE_H
#define LOCKPTR_MESSAGE_H

#include "run.h"

/* What the body says of the check the unit passed. */
enum verified { VERIFIED_COMPILE, VERIFIED_TEST_CMD };

char *message_subject(const struct unit *u);
char *message_body(const struct model *m, const struct unit *u, const char *notes,
		   const struct change *ch, size_t nch, enum verified how);
char *message_diff(const struct change *ch, size_t nch);
char *message_patch(const char *author, const char *date, const char *subject, size_t n,
		    size_t total, const char *body, const char *diff);
char *message_patch_name(size_t n, const char *subject);

/* Paragraphs wrapped at width columns (lines that start with a space
 * are kept as they are). */
char *message_wrap(const char *text, size_t width);

#endif
