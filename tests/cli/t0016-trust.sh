#!/bin/sh
# Trust: a tree lockptr does not own is never touched, a user's edit is
# never lost, bad state never crashes. Each case gives the attack or the
# accident as the input: a planted journal, a symlinked .lockptr, journal
# or cache, file names that forge manifest lines, a symlinked directory out
# of the tree, an edit while a unit runs, two runs from two directories, a
# kill then a re-run from another directory, hard links, files of another
# owner (as root), diff --test-cmd, mixed line endings.
. "$(dirname "$0")/../lib.sh"
cd "$T"
SEED=$ROOT/corpus/seed
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR

fresh() {
	rm -rf "$T/$1"
	mkdir -p "$T/$1"
	cp "$SEED/server.c" "$SEED/server.h" "$T/$1/"
}

# seed_bytes DIR: DIR's server.c and server.h are the seed's, no helper.
seed_bytes() {
	cmp -s "$SEED/server.c" "$1/server.c" && cmp -s "$SEED/server.h" "$1/server.h" &&
		[ ! -e "$1/lockptr_locks.h" ]
}

# A directory outside every tree whose files must survive every case.
mkdir "$T/victim"
echo precious >"$T/victim/a.txt"
echo precious >"$T/victim/server.h"
intact() {
	[ "$(cat "$T/victim/a.txt")" = precious ] && [ "$(cat "$T/victim/server.h")" = precious ] &&
		[ "$(ls -A "$T/victim" | wc -l)" -eq 2 ]
}
check_intact() {
	if intact; then ok "$1: nothing outside the tree touched"
	else not_ok "$1: nothing outside the tree touched" "$(ls -lA "$T/victim")"; fi
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

################ 1. A planted journal.
fresh planted1
mkdir -p planted1/.lockptr/journal
printf '0\tkeep\t%s\n1\tnew\t../victim/a.txt\n' "$T/victim/server.h" \
	>planted1/.lockptr/journal/manifest
echo evil >planted1/.lockptr/journal/0.orig
cd "$T/planted1"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "planted journal (old format, paths outside): refused" 2 \
	'line1:manifest: it is not (JSON|a journal of this lockptr); nothing was restored.*remove .lockptr/journal'
check_intact "planted journal (old format)"
if seed_bytes planted1; then ok "planted journal (old format): the tree is as it was"
else not_ok "planted journal (old format): the tree is as it was"; fi

fresh planted2
top=$(cd planted2 && pwd -P)
mkdir -p planted2/.lockptr/journal
cat >planted2/.lockptr/journal/manifest <<EOF
{"lockptr_journal": 2, "tree": "$top",
 "files": [{"path": "../victim/a.txt", "existed": false, "new": "$(sha "$T/victim/a.txt")"}]}
EOF
cd "$T/planted2"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "planted journal (a ../ path): refused" 2 'line1:entry 0 is not a plain path'
check_intact "planted journal (a ../ path)"

# In the tree, well formed, but the backup is not what its checksum says.
fresh planted3
top=$(cd planted3 && pwd -P)
mkdir -p planted3/.lockptr/journal
echo 'int evil;' >planted3/.lockptr/journal/0.orig
cat >planted3/.lockptr/journal/manifest <<EOF
{"lockptr_journal": 2, "tree": "$top",
 "files": [{"path": "server.c", "existed": true, "orig": "$(sha "$SEED/server.h")",
            "new": "$(sha "$SEED/server.c")"}]}
EOF
cd "$T/planted3"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "planted journal (an altered backup): refused" 2 \
	'line1:the backup of server.c does not match its checksum'
if cmp -s "$SEED/server.c" planted3/server.c; then ok "planted journal (an altered backup): nothing restored"
else not_ok "planted journal (an altered backup): nothing restored"; fi

# Another tree's journal (a copied tree) is not obeyed either.
fresh planted4
mkdir -p planted4/.lockptr/journal
cat >planted4/.lockptr/journal/manifest <<EOF
{"lockptr_journal": 2, "tree": "/elsewhere", "files": []}
EOF
cd "$T/planted4"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "planted journal (another tree): refused" 2 'line1:written for another tree \(/elsewhere\)'

################ 2. Symlinks where lockptr keeps its state.
fresh link1
mkdir -p link1/.lockptr
ln -s "$T/victim" link1/.lockptr/journal
cd "$T/link1"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "a symlinked .lockptr/journal: refused" 2 \
	'line1:\.lockptr/journal is a symbolic link or not a directory'
check_intact "a symlinked .lockptr/journal"

fresh link2
ln -s "$T/victim" link2/.lockptr
cd "$T/link2"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "a symlinked .lockptr: refused" 2 'line1:\.lockptr is a symbolic link or not a directory'
check_intact "a symlinked .lockptr"

fresh link3
mkdir -p link3/.lockptr
ln -s "$T/victim" link3/.lockptr/cache
cd "$T/link3"
run "$LOCKPTR" scan --progress never .
cd "$T"
expect "a symlinked .lockptr/cache: scan warns and caches nothing" 1 \
	'line1:\.lockptr/cache is a symbolic link.*not cached'
check_intact "a symlinked .lockptr/cache"

################ 3. File names that would forge manifest lines.
nl=$(printf '\n_')
nl=${nl%_}
tab=$(printf '\t')
mkdir -p "$T/forged"
echo sentinel >"$T/forged/sentinel.txt"
echo sentinel >"$T/sentinel.txt"
d="$T/forged/x${nl}9${tab}new${tab}.."
mkdir "$d"
cp "$SEED/server.c" "$SEED/server.h" "$d/"
cd "$T/forged"
run "$LOCKPTR" apply --all --progress never --test-cmd false .
cd "$T"
expect "forged names: the unit is rolled back (--test-cmd false)" 1 'rolled-back'
if [ -f "$T/forged/sentinel.txt" ] && [ -f "$T/sentinel.txt" ] && seed_bytes "$d" &&
	[ -z "$(ls -A "$T/forged/.lockptr/journal")" ]; then
	ok "forged names: every file kept, the tree as it was"
else
	not_ok "forged names: every file kept, the tree as it was" "$(ls -lAR "$T/forged" | head -30)"
fi
check_intact "forged names"

################ 4. A symlinked directory out of the tree.
mkdir -p "$T/other" "$T/symdir"
cp "$SEED/server.h" "$T/other/server.h"
sed 's|"server.h"|"inc/server.h"|' "$SEED/server.c" >"$T/symdir/server.c"
ln -s ../other "$T/symdir/inc"
cd "$T/symdir"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "a symlinked directory: the unit is refused" 1 \
	"refused: inc/server.h: inc is a symbolic link or not a directory: lockptr never writes through one"
if cmp -s "$SEED/server.h" "$T/other/server.h" && [ ! -e "$T/other/lockptr_locks.h" ] &&
	[ ! -e "$T/symdir/lockptr_locks.h" ]; then
	ok "a symlinked directory: nothing written through it"
else
	not_ok "a symlinked directory: nothing written through it" "$(ls -lA "$T/other" "$T/symdir")"
fi

################ 5. An edit made while a unit runs.
fresh edit1
cd "$T/edit1"
LOCKPTR_TEST_DELAY_MS=400 "$LOCKPTR" apply --all --progress never . >"$T/edit1.out" 2>"$T/edit1.err" &
pid=$!
wait_until '[ -e .lockptr/journal/manifest ]'
echo '/* the user was here */' >>server.c
wait "$pid"
echo $? >"$T/edit1.rc"
cd "$T"
cp "$T/edit1.out" "$T/out"
cp "$T/edit1.err" "$T/err"
RC=$(cat "$T/edit1.rc")
expect "an edit before the write: the unit stops, exit 1" 1 \
	"rolled-back: changed while lockptr ran: server.c \(left as it is\)"
if grep -q 'the user was here' edit1/server.c && cmp -s "$SEED/server.h" edit1/server.h &&
	[ ! -e edit1/lockptr_locks.h ] && [ -z "$(ls -A edit1/.lockptr/journal)" ] &&
	[ -z "$(find edit1 -name '.*.lockptr-??????')" ]; then
	ok "an edit before the write: the user's bytes kept, the rest as it was"
else
	not_ok "an edit before the write: the user's bytes kept, the rest as it was" \
		"$(diff "$SEED/server.c" edit1/server.c | head; ls -A edit1 edit1/.lockptr/journal)"
fi

# An edit after the write, then a rollback: the edit is not undone.
fresh edit2
cd "$T/edit2"
LOCKPTR_TEST_DELAY_MS=200 "$LOCKPTR" apply --all --progress never --test-cmd false . \
	>"$T/edit2.out" 2>"$T/edit2.err" &
pid=$!
wait_until 'grep -q "pthread_mutex_t \*mutex" server.h'
echo '/* the user was here too */' >>server.h
wait "$pid"
echo $? >"$T/edit2.rc"
cd "$T"
cp "$T/edit2.out" "$T/out"
cp "$T/edit2.err" "$T/err"
RC=$(cat "$T/edit2.rc")
expect "an edit after the write: reported at the rollback" 1 \
	"rolled-back: --test-cmd failed.*changed while lockptr ran: server.h \(left as it is, not rolled back\)"
if grep -q 'the user was here too' edit2/server.h && cmp -s "$SEED/server.c" edit2/server.c; then
	ok "an edit after the write: the user's bytes kept, the other files rolled back"
else
	not_ok "an edit after the write: the user's bytes kept, the other files rolled back" \
		"$(diff "$SEED/server.c" edit2/server.c | head)"
fi

################ 6. Two runs, two working directories, one tree.
fresh ref
(cd "$T/ref" && "$LOCKPTR" apply --all --progress never . >/dev/null 2>&1)
fresh two
mkdir two/sub
cd "$T/two"
LOCKPTR_TEST_DELAY_MS=400 "$LOCKPTR" apply --all --progress never . >"$T/two.out" 2>"$T/two.err" &
pid=$!
wait_until '[ -e .lockptr/journal/manifest ]'
cd "$T/two/sub"
run "$LOCKPTR" apply --all --progress never ..
expect "a second run from another directory: refused while the first holds the tree" 2 \
	'line1:\.lockptr/lock: another lockptr run is migrating this tree'
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
# The re-run starts elsewhere again, and still finds the journal.
cd "$T"
run "$LOCKPTR" apply --all --progress never two
expect "a kill, then a re-run from another directory: the journal is found" 0 \
	'err:an interrupted run was rolled back' 'migrated'
if diff -r -x .lockptr -x sub "$T/ref" "$T/two" >/dev/null; then
	ok "a kill, then a re-run from another directory: the tree an uninterrupted run makes"
else
	not_ok "a kill, then a re-run from another directory: the tree an uninterrupted run makes" \
		"$(diff -r -x .lockptr -x sub "$T/ref" "$T/two" | head)"
fi
if [ ! -e "$T/two/sub/.lockptr" ] && [ ! -e "$T/.lockptr" ]; then
	ok "state lives at the tree's top only"
else
	not_ok "state lives at the tree's top only" "$(ls -d "$T/two/sub/.lockptr" "$T/.lockptr" 2>&1)"
fi

################ 7. Hard links, and owners (as root).
fresh hard
ln "$T/hard/server.h" "$T/hard-link.h"
cd "$T/hard"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "a file with two hard links: the unit is refused" 1 \
	'refused: server.h has 2 hard links: replacing it would split them'
if cmp -s "$SEED/server.h" "$T/hard-link.h" && seed_bytes hard; then
	ok "a file with two hard links: neither link changed"
else
	not_ok "a file with two hard links: neither link changed"
fi

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	fresh owned
	chown nobody "$T/owned/server.c" "$T/owned/server.h"
	chmod 664 "$T/owned/server.h"
	cd "$T/owned"
	run "$LOCKPTR" apply --all --progress never .
	cd "$T"
	expect "root migrates another user's files" 0 'migrated'
	if [ "$(stat -c %U:%a owned/server.c)" = "nobody:$(stat -c %a "$SEED/server.c")" ] &&
		[ "$(stat -c %U:%a owned/server.h)" = nobody:664 ]; then
		ok "root keeps each file's owner and mode"
	else
		not_ok "root keeps each file's owner and mode" "$(ls -l owned)"
	fi
else
	echo "skip root keeps each file's owner and mode (not root)"
fi

################ 8. diff and --test-cmd; mixed line endings.
fresh dt
cd "$T/dt"
run "$LOCKPTR" diff --all --progress never --test-cmd "touch $T/ran" .
cd "$T"
expect "diff --test-cmd: says it does not run it" 1 'err:diff does not run --test-cmd' '^\+\+\+ b/server.h'
if [ ! -e "$T/ran" ]; then ok "diff --test-cmd: the command did not run"
else not_ok "diff --test-cmd: the command did not run"; fi

# The first ten lines CRLF, the rest LF: so they stay, line by line.
fresh mixed
awk 'NR <= 10 { printf "%s\r\n", $0; next } { print }' "$SEED/server.c" >mixed/server.c
cd "$T/mixed"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "mixed line endings: migrated" 0 'migrated'
crlf_head=$(head -n 10 mixed/server.c | grep -c "$(printf '\r')$")
crlf_rest=$(tail -n +11 mixed/server.c | grep -c "$(printf '\r')$")
if [ "$crlf_head" -eq 10 ] && [ "$crlf_rest" -eq 0 ] && grep -q 'lockptr_pthread_mutex_init' mixed/server.c; then
	ok "mixed line endings: kept line by line"
else
	not_ok "mixed line endings: kept line by line" "CRLF in the first 10: $crlf_head, after: $crlf_rest"
fi

summary
