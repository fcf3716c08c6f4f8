/*
 * prompt.h: the question apply --interactive asks before each unit, the
 * way `git add -p` asks it of a hunk.
 *
 * prompt_usable() is 1 when both standard input (the answers) and
 * standard output (the diffs) are terminals. prompt_unit() prints the
 * heading and the unit's diff on stdout (coloured when color is set),
 * then "apply this unit [y,n,q,?]? " until a line answers it: y (apply
 * it), n (skip it), q (skip it and every unit after it); ? or anything
 * else prints what the answers do and asks again. The end of input is q.
 */
#ifndef LOCKPTR_PROMPT_H
#define LOCKPTR_PROMPT_H

enum answer { ANSWER_YES, ANSWER_NO, ANSWER_QUIT };

int prompt_usable(void);
enum answer prompt_unit(const char *heading, const char *diff, int color);

#endif
