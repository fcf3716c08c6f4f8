#!/bin/sh
# apply --commit and diff --split refuse what they cannot start on (exit
# 2, one line, nothing written): a dirty work tree, no git work tree, a
# DIR that holds files or is no directory, the option on another
# command. A unit rolled back (a failing --test-cmd, a commit git
# refuses) makes no commit.
. "$(dirname "$0")/../lib.sh"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.org
export GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.org
cd "$T"

new_repo() {
	rm -rf "$1"
	cp -r "$ROOT/corpus/rewrite/runs/in" "$1"
	(cd "$1" && git init -q . && git add -A && git commit -q -m base)
}

# NAME: HEAD is still the base commit and nothing differs from it but
# what the test changed itself (WANT: git status --porcelain).
untouched() {
	if [ "$(git rev-list --count HEAD)" -eq 1 ] && [ "$(git status --porcelain)" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "$(git log --oneline; git status --porcelain)"
	fi
}

new_repo dirty
cd dirty
echo '/* edited */' >>main.c
run "$LOCKPTR" apply --all --commit .
expect "a dirty work tree: exit 2, one line naming the file" 2 \
	'line1:^lockptr: apply: --commit: the work tree has uncommitted changes: main\.c \(commit or stash'
untouched "a dirty work tree: nothing written, nothing committed" " M main.c"
git checkout -q main.c
echo '/* staged */' >>queue.h
git add queue.h
run "$LOCKPTR" apply --all --commit .
expect "a staged change is dirty too" 2 'line1:uncommitted changes: queue\.h'
untouched "a staged change: nothing written" "M  queue.h"
git reset -q --hard
echo 'untracked' >notes.txt
run "$LOCKPTR" diff --all --split ../dirty-series .
expect_rc "diff --split does not need a clean tree" 1 && ok "diff --split does not need a clean tree"
rm -rf ../dirty-series

# A rolled-back unit makes no commit: the test command fails once
# 'ready' is a pointer.
run "$LOCKPTR" apply --all --commit --test-cmd "grep -q 'pthread_cond_t ready;' queue.h" .
expect "a unit the test command rolls back: exit 1" 1 \
	"'struct queue\.ready' rolled-back" "lockptr: 3 migrated, 1 rolled back"
if [ "$(git rev-list --count HEAD)" -eq 4 ] && ! git log --format=%s | grep -q 'queue\.ready' &&
   [ "$(git status --porcelain)" = "?? notes.txt" ]; then
	ok "three commits, none for the rolled-back unit; nothing left uncommitted"
else
	not_ok "three commits, none for the rolled-back unit; nothing left uncommitted" \
		"$(git log --oneline; git status --porcelain)"
fi
run git log -1 --format=%B
expect "the message says the test command passed" 0 '; the test command passes\.$'

# A commit git refuses (a hook) rolls its unit back.
cd "$T"
new_repo hook
cd hook
printf '#!/bin/sh\necho "no commits today" >&2\nexit 1\n' >.git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
run "$LOCKPTR" apply --all --commit .
expect "a refused commit rolls the unit back: exit 1" 1 \
	"'struct queue\.mu' rolled-back: git commit: no commits today" "lockptr: 0 migrated, 4 rolled back"
untouched "a refused commit: the files back, the index clean" ""

cd "$T"
mkdir plain && cp -r "$ROOT/corpus/rewrite/runs/in/." plain/
cd plain
run "$LOCKPTR" apply --all --commit .
expect "not a git work tree: exit 2" 2 'line1:^lockptr: apply: --commit: .* is not in a git work tree'
if [ ! -e lockptr_locks.h ] && grep -q 'pthread_mutex_t mu;' queue.h; then
	ok "not a git work tree: nothing written"
else
	not_ok "not a git work tree: nothing written"
fi

cd "$T/dirty"
mkdir full && echo x >full/0001-old.patch
run "$LOCKPTR" diff --all --split full .
expect "--split DIR that holds files: exit 2, one line" 2 \
	'line1:^lockptr: diff: --split full: the directory holds files already; name a new or empty one$'
if [ "$(ls full)" = "0001-old.patch" ]; then ok "--split DIR that holds files: left as it was"; else not_ok "--split DIR that holds files: left as it was" "$(ls full)"; fi
rm -rf full
echo x >afile
run "$LOCKPTR" diff --all --split afile .
expect "--split FILE: exit 2, one line" 2 'line1:^lockptr: diff: --split afile: '
rm -f afile
run "$LOCKPTR" diff --split '' .
expect "--split '': exit 2" 2 "line1:--split '': expected a directory"
run "$LOCKPTR" apply --split x .
expect "--split is diff's" 2 'line1:^lockptr: apply: --split DIR is for diff'
run "$LOCKPTR" diff --commit .
expect "--commit is apply's" 2 'line1:^lockptr: diff: --commit is for apply'
run "$LOCKPTR" scan --interactive .
expect "--interactive is apply's" 2 'line1:^lockptr: scan: --interactive is for apply'
summary
