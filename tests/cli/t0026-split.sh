#!/bin/sh
# diff --split DIR and apply --commit on a tree with four units
# (corpus/rewrite/runs): four patches in git format-patch form, in apply's
# order, that git am applies one by one, the tree building after each;
# the result is apply's; apply --commit makes the same four commits (the
# same trees, the same messages). diff writes nothing in the tree.
. "$(dirname "$0")/../lib.sh"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.org
export GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.org
cd "$T"

# A git tree of the corpus, committed.
new_repo() {
	rm -rf "$1"
	cp -r "$ROOT/corpus/rewrite/runs/in" "$1"
	(cd "$1" && git init -q . && git add -A && git commit -q -m base)
}

# Every .c of the tree compiles (cc -fsyntax-only); 1 if one does not.
builds() {
	for c in *.c; do
		cc -fsyntax-only -Wall -Werror "$c" 2>>"$T/cc.err" || return 1
	done
}

new_repo am
cd am
run "$LOCKPTR" diff --all --split ../series .
expect "diff --split: four patches, their paths on stdout, exit 1" 1 \
	'^\.\./series/0001-lockptr-struct-queue\.mu-becomes-a-pointer-to-a-share\.patch$' \
	'^\.\./series/0002-lockptr-struct-queue\.ready-' '^\.\./series/0003-lockptr-struct-counter\.lock-' \
	'^\.\./series/0004-lockptr-struct-registry\.guard-' '!^diff' '!^0005'
if [ "$(wc -l <"$T/out")" -eq 4 ] && [ "$(ls ../series | wc -l)" -eq 4 ]; then
	ok "one patch per unit"
else
	not_ok "one patch per unit" "$(ls ../series)"
fi
if [ -z "$(git status --porcelain --ignored)" ]; then
	ok "diff --split wrote nothing in the tree"
else
	not_ok "diff --split wrote nothing in the tree" "$(git status --porcelain --ignored)"
fi

p2=$(ls ../series/0002-*)
run cat "$p2"
expect "a patch: mail headers, copy sites, what was done, notes, the diff" 0 \
	'^From 0{40} Mon Sep 17 00:00:00 2001$' '^From: Ann <ann@example.org>$' '^Date: .+ [+-][0-9]{4}$' \
	'^Subject: \[PATCH 2/4\] lockptr: struct queue\.ready becomes a pointer to a shared pthread_cond_t$' \
	"^struct queue embeds its pthread_cond_t 'ready' by value \(queue\.h:9\)" \
	'^    main\.c:35:9: returned by value in queue_snapshot\(\)$' \
	'^    main\.c:63:2: initialised from another object in worker\(\)$' \
	'^lockptr makes the member a pointer to one lock that every copy shares' \
	'^Notes: q_cond_init\(\) returns void \(main\.c:20\)' \
	'^---$' '^diff --git a/queue\.h b/queue\.h$' '^\+	pthread_cond_t \*ready;$' '!^new file mode'
run cat ../series/0003-*
expect "a unit copied nowhere says so, and has no notes" 0 \
	"^struct counter embeds its pthread_mutex_t 'lock' by value \(queue\.h:17\);\$" \
	'^it is copied nowhere lockptr looked' \
	'!^Notes:' '!^    main'
run cat ../series/0001-*
expect "the first patch creates the helper header" 0 '^diff --git a/lockptr_locks.h b/lockptr_locks.h$' \
	'^new file mode 100644$' '^--- /dev/null$'

# git am, one patch at a time; the tree builds after each. The trees are
# kept for apply --commit.
n=0 amok=1
: >"$T/am.trees"
for p in ../series/*.patch; do
	n=$((n + 1))
	if ! git am -q "$p" >"$T/am.err" 2>&1; then
		not_ok "git am patch $n" "$(cat "$T/am.err")"
		amok=0
		break
	fi
	if ! builds; then
		not_ok "the tree builds after patch $n" "$(head -5 "$T/cc.err")"
		amok=0
	fi
	git rev-parse 'HEAD^{tree}' >>"$T/am.trees"
done
[ "$amok" -eq 1 ] && [ "$n" -eq 4 ] && ok "git am applies the four patches one by one, each building"
git log --format=%B -4 >"$T/am.msgs"

# The series is what apply writes.
cd "$T"
new_repo applied
(cd applied && "$LOCKPTR" apply -q --all . >/dev/null 2>&1)
if diff -r -x .git -x .lockptr am applied >"$T/d" 2>&1; then
	ok "the series applied = apply"
else
	not_ok "the series applied = apply" "$(head -20 "$T/d")"
fi

# apply --commit: the same four commits.
new_repo commit
cd commit
run "$LOCKPTR" apply --all --commit .
expect "apply --commit: four units migrated, exit 0" 0 "lockptr: 4 migrated, 0 rolled back"
git log --reverse --format=%T -4 >"$T/commit.trees"
git log --format=%B -4 >"$T/commit.msgs"
if [ "$(git rev-list --count HEAD)" -eq 5 ] && cmp -s "$T/am.trees" "$T/commit.trees"; then
	ok "apply --commit: one commit per unit, each tree the one after its git am"
else
	not_ok "apply --commit: one commit per unit, each tree the one after its git am" \
		"$(git log --oneline; cat "$T/am.trees" "$T/commit.trees")"
fi
if cmp -s "$T/am.msgs" "$T/commit.msgs"; then
	ok "apply --commit: the messages of the patches"
else
	not_ok "apply --commit: the messages of the patches" "$(diff "$T/am.msgs" "$T/commit.msgs" | head)"
fi
if [ -z "$(git status --porcelain)" ]; then
	ok "apply --commit leaves nothing uncommitted"
else
	not_ok "apply --commit leaves nothing uncommitted" "$(git status --porcelain)"
fi

# Nothing left to migrate: no patch, exit 0.
run "$LOCKPTR" diff --all --split "$T/none" .
if expect_rc "nothing to migrate: exit 0" 0 && [ ! -s "$T/out" ] && [ -d "$T/none" ] &&
   [ -z "$(ls -A "$T/none")" ]; then
	ok "nothing to migrate: exit 0, DIR made and empty"
fi
summary
