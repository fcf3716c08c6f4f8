#!/bin/sh
# apply and diff in groups (the default) against --one-by-one, on every
# case of corpus/rewrite: the same report (statuses, reasons, files), the
# same exit status and the same tree, byte for byte; and a group of units
# with one that must roll back keeps the others (issue 15).
. "$(dirname "$0")/../lib.sh"
cd "$T"

# args CASE: the case's options, one a line, into "$@" of the caller.
for dir in "$ROOT"/corpus/rewrite/*/; do
	case=$(basename "$dir")
	[ -d "$dir/in" ] || continue
	set --
	if [ -f "$dir/args" ]; then
		while IFS= read -r a; do set -- "$@" "$a"; done <"$dir/args"
	fi
	for mode in one group; do
		rm -rf "$T/$mode"
		cp -r "$dir/in" "$T/$mode"
		flag=""
		[ "$mode" = one ] && flag=--one-by-one
		# shellcheck disable=SC2086
		(cd "$T/$mode" && "$LOCKPTR" apply --format json -j 2 --progress never $flag "$@" .) \
			>"$T/$mode.json" 2>"$T/$mode.err"
		echo $? >"$T/$mode.rc"
	done
	RC=$(cat "$T/group.rc")
	cp "$T/group.err" "$T/err"
	if ! diff -u "$T/one.json" "$T/group.json" >"$T/diff"; then
		not_ok "group $case: report as one by one" "$(head -n 40 "$T/diff")"
	elif expect_rc "group $case: exit status as one by one" "$(cat "$T/one.rc")"; then
		ok "group $case: report as one by one"
	fi
	if diff -r -x .lockptr "$T/one" "$T/group" >"$T/diff"; then
		ok "group $case: tree as one by one"
	else
		not_ok "group $case: tree as one by one" "$(head -n 60 "$T/diff")"
	fi
done

# Three members of one struct, the middle one read by value through a
# macro (the migrated code does not compile): it rolls back alone, the
# others are kept, as one by one.
mkdir mix
cat >mix/m.h <<'H'
#ifndef M_H
#define M_H
#include <pthread.h>
struct m {
	pthread_mutex_t a;
	pthread_mutex_t b;
	pthread_mutex_t c;
};
#define LOCK_OF_B(x) ((x)->b)
int m_init(struct m *m);
#endif
H
cat >mix/m.c <<'C'
#include "m.h"

int m_init(struct m *m)
{
	if (pthread_mutex_init(&m->a, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&m->b, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&m->c, NULL) != 0)
		return -1;
	pthread_mutex_t snapshot = LOCK_OF_B(m);

	(void)snapshot;
	pthread_mutex_lock(&m->a);
	pthread_mutex_lock(&m->c);
	return 0;
}
C
cp -r mix mix1
(cd mix1 && "$LOCKPTR" apply --all --one-by-one --progress never .) >one.txt 2>&1
echo $? >one.rc
run sh -c "cd mix && LOCKPTR_PROFILE=1 '$LOCKPTR' apply --all --progress never ."
grep -v '^lockptr: profile' "$T/out" >group.txt
if expect_rc "group: a member that rolls back" "$(cat one.rc)" &&
	diff -u one.txt group.txt >diff && diff -r -x .lockptr mix1 mix >>diff; then
	ok "group: a member that rolls back"
else
	not_ok "group: a member that rolls back" "$(head -n 40 diff)"
fi
if grep -q "'struct m.b' rolled-back" group.txt && grep -q "'struct m.a' migrated" group.txt &&
	grep -q "'struct m.c' migrated" group.txt; then
	ok "group: the others are kept"
else
	not_ok "group: the others are kept" "$(cat group.txt)"
fi
# The group was tried once as a whole: one pass for the three units.
if grep -q 'profile: struct m.a: group rewrite' "$T/err"; then
	ok "group: one pass for the group"
else
	not_ok "group: one pass for the group" "$(head -n 20 "$T/err")"
fi
# The part before the unit that failed takes its files from the failed
# group's pass (the tree still holds what that pass read): no spatch.
if grep -q 'profile: a: 2 of 2 files from the failed group.s pass' "$T/err" &&
	grep -q 'profile: struct m.a: group rewrite [0-9]* ms, 0 files' "$T/err"; then
	ok "group: a part reuses the failed group's pass"
else
	not_ok "group: a part reuses the failed group's pass" "$(grep profile "$T/err")"
fi
# one_pass CASE NAME: corpus/rewrite/CASE applied in groups is one group,
# never split, and no change goes without its unit.
one_pass() {
	rm -rf "$T/one_pass"
	cp -r "$ROOT/corpus/rewrite/$1/in" "$T/one_pass"
	run sh -c "cd '$T/one_pass' && LOCKPTR_PROFILE=1 '$LOCKPTR' apply --all -j 2 --progress never ."
	if [ "$(grep -c 'profile: group of' "$T/err")" = 1 ] && ! grep -q 'unowned change' "$T/err"; then
		ok "group: $2, in one pass"
	else
		not_ok "group: $2, in one pass" "$(grep profile "$T/err")"
	fi
}
# Members of two types with the same name (queue.mutex, stats.mutex) in
# the same files: the probe's places tell their changes apart.
one_pass same_name "same-named members of two types"
if grep -q 'profile: group of 3: struct queue.mutex, struct queue.cond, struct stats.mutex$' "$T/err"; then
	ok "group: the three units of same_name together"
else
	not_ok "group: the three units of same_name together" "$(grep profile "$T/err")"
fi
# A line two members change in turn that spatch breaks in two (a cond
# waited on with one of two mutexes, fio's idletime.c): its form between
# the two comes from one more pass.
one_pass wait_wrapped "lines changed in turn and broken in two"
# Two types' members named mutex, each in a file-scope object that gets
# a box named after it (git's attr.c): the box names its own unit.
one_pass same_name_statics "boxes of same-named members' objects"
# A statically initialised object of a struct with a lock and a cond
# (pigz's yarn.c): the two box lines added before it are one unit's each.
one_pass static_pair "two members' boxes added together"
# Two file-scope objects of a struct holding a struct with four locks
# (fio's t/read-to-pipe-async.c): the four units write one initializer
# in turn; its text after each of the first three comes from one more
# pass each.
one_pass static_nested_chain "one initializer four members write in turn"
# The same where the third of the four must roll back: the parts before
# and after it are one pass each, the first from the group's pass (the
# field of a box, lockptr_reader_thread_cond.lock, names no `lock`).
rm -rf "$T/chain"
cp -r "$ROOT/corpus/rewrite/static_nested_chain_rollback/in" "$T/chain"
run sh -c "cd '$T/chain' && LOCKPTR_PROFILE=1 '$LOCKPTR' apply --all -j 2 --progress never ."
if [ "$(grep -c 'failed, split' "$T/err")" = 1 ] && ! grep -q 'unowned change' "$T/err" &&
	grep -q 'lock: 1 of 1 files from the failed group' "$T/err"; then
	ok "group: a chain's parts, each one pass"
else
	not_ok "group: a chain's parts, each one pass" "$(grep profile "$T/err")"
fi
summary
