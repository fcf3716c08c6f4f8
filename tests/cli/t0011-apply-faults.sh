#!/bin/sh
# apply under faults: kill -9 at every stage of a unit (scan, journal,
# between a temporary file and its rename, between files, verify, roll
# back), two runs on one tree, a unit that does not compile, a failing
# --test-cmd, a spatch that crashes, hangs or prints garbage, CRLF files,
# files with no final newline, file modes, and a symlink out of the tree.
# After any of them no file is torn, no temporary file is left, and a
# second apply ends with the tree an uninterrupted run makes.
. "$(dirname "$0")/../lib.sh"
cd "$T"
SEED=$ROOT/corpus/seed
# lockptr's own temporary directories go in $T: a killed run leaves its own.
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR
REAL_SPATCH=${SPATCH:-$(command -v spatch)}

# fresh DIR: a copy of the seed in $T/DIR.
fresh() {
	rm -rf "$T/$1"
	mkdir "$T/$1"
	cp "$SEED/server.c" "$SEED/server.h" "$T/$1/"
}

# same_tree DIR REF: DIR holds the same files with the same bytes as REF
# (run state in .lockptr aside); prints the differences.
same_tree() {
	diff -r -x .lockptr -x .git "$2" "$1" 2>&1
}

# unchanged DIR [FILE...]: every FILE of DIR has the bytes of the seed and
# no helper header was left; prints what differs.
unchanged() {
	u_dir=$1
	shift
	for u_f in "$@"; do
		cmp "$SEED/$u_f" "$u_dir/$u_f" 2>&1
	done
	[ ! -e "$u_dir/lockptr_locks.h" ] || echo "$u_dir/lockptr_locks.h was left"
	[ ! -e "$u_dir/.lockptr/journal/manifest" ] || echo "$u_dir/.lockptr/journal/manifest was left"
}

# strays DIR [JOURNAL]: temporary files of atomic_write left in DIR (outside
# .lockptr), or with JOURNAL=journal, inside .lockptr.
strays() {
	if [ "${2-}" = journal ]; then
		[ -d "$1/.lockptr" ] && find "$1/.lockptr" -name '.*.lockptr-??????'
	else
		find "$1" -path "$1/.lockptr" -prune -o -name '.*.lockptr-??????' -print
	fi
	return 0
}

# mark DIR: makes a run made elsewhere (DIR.out, DIR.err, DIR.rc) the last
# run, for expect.
mark() {
	cp "$1.out" "$T/out"
	cp "$1.err" "$T/err"
	RC=$(cat "$1.rc")
}

################ 1. Reference: an uninterrupted run.
fresh ref
cd "$T/ref"
run "$LOCKPTR" apply --all --progress never --format json .
cd "$T"
expect "reference: the seed migrates" 0 '"status": "migrated"' '"member": "mutex"'
mkdir "$T/final"
cp "$T/ref/server.c" "$T/ref/server.h" "$T/final/"
[ -f "$T/ref/lockptr_locks.h" ] && cp "$T/ref/lockptr_locks.h" "$T/final/"
if [ -f "$T/final/lockptr_locks.h" ] && ! cmp -s "$SEED/server.h" "$T/final/server.h" &&
	! cmp -s "$SEED/server.c" "$T/final/server.c" &&
	grep -q 'pthread_mutex_t \*mutex' "$T/final/server.h" &&
	[ -z "$(strays "$T/ref"; strays "$T/ref" journal)" ] &&
	[ -z "$(ls -A "$T/ref/.lockptr/journal" 2>/dev/null)" ]; then
	ok "reference: server.c, server.h rewritten, helper written, journal empty"
else
	not_ok "reference: server.c, server.h rewritten, helper written, journal empty" \
		"$(ls -A "$T/ref" "$T/ref/.lockptr/journal" 2>&1)"
fi

################ 2. kill -9 at every stage, then apply again.
# With LOCKPTR_TEST_DELAY_MS=D one run goes: scan (about a second), journal
# (backup of server.c, of server.h, the manifest: each a temporary file, D
# ms, a rename), server.c (temporary file, D ms, rename), D ms, server.h
# (idem), D ms, lockptr_locks.h (idem), verify (compile, re-scan, rewrite
# again), commit. Each case waits until its stage shows in the tree (or a
# fixed time) and kills the run there; the cases run side by side, each in
# a tree of its own, so the stages are found by looking, not by timing.
D=300

# exists GLOB: a file matches GLOB (no process started: the polls are many).
exists() {
	for x in $1; do [ -e "$x" ] && return 0; done
	return 1
}

# torn DIR: each .c/.h of DIR has either its original or its final bytes.
torn() {
	for f in server.c server.h; do
		if ! cmp -s "$1/$f" "$SEED/$f" && ! cmp -s "$1/$f" "$T/final/$f"; then
			echo "$f is torn: neither its original nor its final bytes"
		fi
	done
	if [ -e "$1/lockptr_locks.h" ] && ! cmp -s "$1/lockptr_locks.h" "$T/final/lockptr_locks.h"; then
		echo "lockptr_locks.h is torn"
	fi
	find "$1" -path "$1/.lockptr" -prune -o -type f -name '*.[ch]' -print |
		while read -r f; do
			case ${f#"$1"/} in server.c | server.h | lockptr_locks.h) ;;
			*) echo "unexpected file $f" ;; esac
		done
}

# kill_case K COND: in the tree $T/K, a slow apply killed with
# SIGKILL once COND holds, then an apply again. Leaves K.killed (what the
# tree was like: "journal" if a manifest was there, or why it was not
# killed), K.torn (torn), K.out, K.err, K.rc (the second run).
kill_case() {
	k=$T/$1
	cd "$k"
	LOCKPTR_TEST_DELAY_MS=$D "$LOCKPTR" apply --all --progress never . \
		>"$k.out1" 2>"$k.err1" &
	pid=$!
	if wait_until "$2 || ! kill -0 $pid 2>/dev/null" && kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		if [ -e .lockptr/journal/manifest ]; then echo journal; else echo clean; fi >"$k.killed"
		torn "$k" >"$k.torn"
	else
		wait "$pid" 2>/dev/null
		echo "the run ended before the stage was reached: $(cat "$k.err1")" >"$k.killed"
	fi
	rc=0
	"$LOCKPTR" apply --all --progress never --format json . >"$k.out" 2>"$k.err" || rc=$?
	echo "$rc" >"$k.rc"
}

NKILL=0
# stage NAME COND: a kill case on a copy of the seed (server.c mode 640).
stage() {
	NKILL=$((NKILL + 1))
	fresh "kill$NKILL"
	chmod 640 "$T/kill$NKILL/server.c"
	echo "$1" >"$T/kill$NKILL.name"
	kill_case "kill$NKILL" "$2" &
}
stage "in the scan (0.3 s)" 'sleep 0.3'
stage "at the backup of server.c" 'exists ".lockptr/journal/.0.orig.lockptr-??????"'
stage "before the manifest's rename" 'exists ".lockptr/journal/.manifest.lockptr-??????"'
stage "between server.c's temporary file and its rename" 'exists ".server.c.lockptr-??????"'
stage "between server.c and server.h" '! cmp -s server.c "$SEED/server.c"'
stage "between server.h's temporary file and its rename" 'exists ".server.h.lockptr-??????"'
stage "between server.h and lockptr_locks.h" '! cmp -s server.h "$SEED/server.h"'
stage "between lockptr_locks.h's temporary file and its rename" 'exists ".lockptr_locks.h.lockptr-??????"'
stage "in the verification" '[ -f lockptr_locks.h ] && sleep 0.4'
# kill -9 while a unit is rolled back (it does not compile): the restore
# writes macro.c's backup over it, its temporary file shows once macro.c
# has been rewritten.
RB=$ROOT/corpus/rewrite/rollback/in
rm -rf "$T/killrb"
cp -r "$RB" "$T/killrb"
kill_case killrb '! cmp -s macro.c "$RB/macro.c" && exists ".macro.c.lockptr-??????"' &
cd "$T"
# The other tests run meanwhile; the results of these come at the end.

################ 3. Two applies on one tree.
fresh twice
cd "$T/twice"
LOCKPTR_TEST_DELAY_MS=100 "$LOCKPTR" apply --all --progress never . >"$T/twice.out" 2>"$T/twice.err" &
pid=$!
# The second starts while the first is in the middle of its writes.
if wait_until '[ -f .lockptr/journal/manifest ] || ! kill -0 $pid 2>/dev/null'; then :; fi
run "$LOCKPTR" apply --all --progress never .
expect "second apply on a busy tree: exit 2, one line on .lockptr/lock" 2 \
	'line1:\.lockptr/lock.*another lockptr run'
rc=0
wait "$pid" || rc=$?
echo "$rc" >"$T/twice.rc"
cd "$T"
mark "$T/twice"
expect "the first apply, undisturbed, exits 0" 0 '!err:interrupted'
why=$(same_tree "$T/twice" "$T/final")
if [ -z "$why" ]; then ok "two applies: the tree is the reference tree"; else not_ok "two applies: the tree is the reference tree" "$why"; fi

################ 4. A unit that does not compile is rolled back.
rm -rf "$T/rb"
cp -r "$RB" "$T/rb"
cd "$T/rb"
run "$LOCKPTR" apply --all --progress never --format json .
cd "$T"
expect "no compile: rolled back, exit 1" 1 '"status": "rolled-back"' '"reason": "does not compile: '
why="$(cmp "$RB/macro.c" "$T/rb/macro.c" 2>&1)$(ls "$T/rb/lockptr_locks.h" "$T/rb/.lockptr/journal/manifest" 2>/dev/null)$(strays "$T/rb")"
if [ -z "$why" ]; then ok "no compile: macro.c keeps its bytes, nothing left"; else not_ok "no compile: macro.c keeps its bytes, nothing left" "$why"; fi

################ 5. --test-cmd.
fresh tfalse
cd "$T/tfalse"
run "$LOCKPTR" apply --all --progress never --format json --test-cmd false .
cd "$T"
expect "--test-cmd false: rolled back, exit 1" 1 '"status": "rolled-back"' '"reason": "[^"]*--test-cmd'
why=$(unchanged "$T/tfalse" server.c server.h; strays "$T/tfalse")
if [ -z "$why" ]; then ok "--test-cmd false: files keep their bytes"; else not_ok "--test-cmd false: files keep their bytes" "$why"; fi

# --test-cmd true keeps the unit; the command runs in the migrated tree
# (it sees the pointer).
fresh ttrue
cd "$T/ttrue"
run "$LOCKPTR" apply --all --progress never --format json --test-cmd 'grep -q "pthread_mutex_t \*mutex" server.h' .
cd "$T"
expect "--test-cmd that passes on the migrated tree: kept, exit 0" 0 '"status": "migrated"'
why=$(same_tree "$T/ttrue" "$T/final")
if [ -z "$why" ]; then ok "--test-cmd passes: the reference tree"; else not_ok "--test-cmd passes: the reference tree" "$why"; fi

################ 6. A spatch that crashes, hangs or prints garbage.
fake() {
	printf '#!/bin/sh\n%s\n' "$2" >"$T/$1"
	chmod +x "$T/$1"
}
fake crash 'kill -SEGV $$'
fake hang 'exec sleep 60'
fake garbage 'echo "this is not a fact"'
for sp in crash hang garbage; do
	fresh "sp$sp"
	cd "$T/sp$sp"
	start=$(date +%s)
	SPATCH=$T/$sp run "$LOCKPTR" apply --all --progress never --timeout 1 .
	end=$(date +%s)
	cd "$T"
	expect "spatch $sp: apply is incomplete, exit 3" 3
	# DESIGN: exit 3 is "a file spatch could not parse or timed out on:
	# the run says which, never silently" (scan prints "server.h: error:
	# not fully scanned: ...").
	if cat "$T/out" "$T/err" | grep -Eq 'server\.h: .*(spatch|timed out|incomplete|scanned)'; then
		ok "spatch $sp: the run names the file it could not scan"
	else
		not_ok "spatch $sp: the run names the file it could not scan" "$(cat "$T/out" "$T/err")"
	fi
	why=$(unchanged "$T/sp$sp" server.c server.h; strays "$T/sp$sp")
	[ $((end - start)) -lt 20 ] || why="$why
took $((end - start)) s"
	if [ -z "$why" ]; then ok "spatch $sp: nothing written"; else not_ok "spatch $sp: nothing written" "$why"; fi
done

# A spatch that finds the unit, then writes a broken rewrite: the broken
# file is caught by the compile check and the unit rolled back. The
# rewrite is a unit's patch, or a group's (group.h: a unit alone is a
# group first, then the run of one unit when that fails).
cat >"$T/badrewrite" <<EOF
#!/bin/sh
case " \$* " in
*unit.cocci*|*/group[0-9]*.cocci*)
	out=
	prev=
	for a in "\$@"; do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
	echo 'this is not C' >"\$out"
	exit 0 ;;
esac
exec "$REAL_SPATCH" "\$@"
EOF
chmod +x "$T/badrewrite"
fresh spbad
cd "$T/spbad"
SPATCH=$T/badrewrite run "$LOCKPTR" apply --all --progress never --format json .
cd "$T"
expect "a rewrite that is not C: rolled back, exit 1" 1 '"status": "rolled-back"' '"reason": "does not compile'
why=$(unchanged "$T/spbad" server.c server.h; strays "$T/spbad")
if [ -z "$why" ]; then ok "a rewrite that is not C: files keep their bytes"; else not_ok "a rewrite that is not C: files keep their bytes" "$why"; fi

# A spatch that crashes on the rewrite only: the file spatch could not
# rewrite makes the run incomplete (exit 3, as when it cannot scan one).
cat >"$T/crashrewrite" <<EOF
#!/bin/sh
case " \$* " in *unit.cocci*|*/group[0-9]*.cocci*) kill -SEGV \$\$ ;; esac
exec "$REAL_SPATCH" "\$@"
EOF
chmod +x "$T/crashrewrite"
fresh spcr
cd "$T/spcr"
SPATCH=$T/crashrewrite run "$LOCKPTR" apply --all --progress never --format json .
cd "$T"
expect "spatch crashes on the rewrite: not migrated, exit 3" 3 '!"status": "migrated"'
why=$(unchanged "$T/spcr" server.c server.h; strays "$T/spcr")
if [ -z "$why" ]; then ok "spatch crashes on the rewrite: nothing written"; else not_ok "spatch crashes on the rewrite: nothing written" "$why"; fi

################ 7. Read-only files, CRLF, no final newline, modes.
# apply checks access(W_OK), which root always passes: the read-only case
# runs only for another user.
if [ "$(id -u)" -ne 0 ]; then
	fresh ro
	chmod 444 "$T/ro/server.c"
	cd "$T/ro"
	run "$LOCKPTR" apply --all --progress never --format json .
	cd "$T"
	expect "read-only server.c: rolled back, exit 1" 1 '"status": "rolled-back"' 'server.c: cannot be written'
	why=$(unchanged "$T/ro" server.c server.h; strays "$T/ro")
	[ "$(stat -c %a "$T/ro/server.c")" = 444 ] || why="$why mode $(stat -c %a "$T/ro/server.c")"
	if [ -z "$why" ]; then ok "read-only server.c: nothing written"; else not_ok "read-only server.c: nothing written" "$why"; fi
fi

# One run: server.h in CRLF (the #include of the helper is added to it),
# mode 600; server.c with no final newline, mode 640.
# notcrlf FILE: how many lines of FILE do not end in CR LF.
notcrlf() {
	awk '!/\r$/ { n++ } END { print n + 0 }' "$1"
}
mkdir "$T/crlf"
awk '{ printf "%s\r\n", $0 }' "$SEED/server.h" >"$T/crlf/server.h"
printf '%s' "$(cat "$SEED/server.c")" >"$T/crlf/server.c"
chmod 600 "$T/crlf/server.h"
chmod 640 "$T/crlf/server.c"
cd "$T/crlf"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "CRLF header, .c with no final newline: migrated, exit 0" 0
why=
[ "$(notcrlf "$T/crlf/server.h")" -eq 0 ] || why="$(notcrlf "$T/crlf/server.h") lines end in LF alone"
tr -d '\r' <"$T/crlf/server.h" | cmp -s - "$T/final/server.h" || why="$why
server.h without its CRs differs from the reference"
if [ -z "$why" ]; then ok "CRLF: every line of server.h, old and added, ends in CR LF"; else not_ok "CRLF: every line of server.h, old and added, ends in CR LF" "$why"; fi
why=
[ "$(tail -c 1 "$T/crlf/server.c" | wc -l)" -eq 0 ] || why="server.c now ends in a newline"
printf '%s' "$(cat "$T/final/server.c")" | cmp -s - "$T/crlf/server.c" || why="$why
server.c differs from the reference (final newline aside)"
if [ -z "$why" ]; then ok "no final newline: server.c still has none"; else not_ok "no final newline: server.c still has none" "$why"; fi
if [ "$(stat -c %a "$T/crlf/server.c") $(stat -c %a "$T/crlf/server.h")" = "640 600" ]; then
	ok "file modes kept (640, 600)"
else
	not_ok "file modes kept (640, 600)" "server.c $(stat -c %a "$T/crlf/server.c"), server.h $(stat -c %a "$T/crlf/server.h")"
fi

################ 8. A symlink out of the tree is not written through.
mkdir "$T/outside" "$T/sym"
cp "$SEED/server.c" "$T/outside/server.c"
cp "$SEED/server.h" "$T/sym/server.h"
ln -s "$T/outside/server.c" "$T/sym/server.c"
cd "$T/sym"
run "$LOCKPTR" apply --all --progress never --format json .
cd "$T"
expect "symlink out of the tree: not migrated, exit 1" 1 '!"status": "migrated"'
why="$(cmp "$SEED/server.c" "$T/outside/server.c" 2>&1)"
[ -L "$T/sym/server.c" ] || why="$why
sym/server.c is no longer a symlink"
if [ -z "$why" ]; then ok "symlink out of the tree: the target keeps its bytes"; else not_ok "symlink out of the tree: the target keeps its bytes" "$why"; fi
why=$(unchanged "$T/sym" server.h; strays "$T/sym"; strays "$T/outside")
if [ -z "$why" ]; then ok "symlink out of the tree: the unit is rolled back whole"; else not_ok "symlink out of the tree: the unit is rolled back whole" "$why"; fi
cd "$T/sym"
run "$LOCKPTR" apply --all --progress never .
cd "$T"
expect "symlink out of the tree: a second apply does not fail on the journal" 1 '!recovering'
################ 2 (end). The kill cases.
wait
i=1
while [ "$i" -le "$NKILL" ]; do
	k=$T/kill$i
	kname="kill -9 $(cat "$k.name")"
	case $(cat "$k.killed") in
	journal) mark "$k"; expect "$kname: apply again rolls back, then migrates: exit 0" 0 \
		'"status": "migrated"' 'err:interrupted run was rolled back' ;;
	clean) mark "$k"; expect "$kname: apply again migrates: exit 0" 0 \
		'"status": "migrated"' '!err:interrupted' ;;
	*) not_ok "$kname" "$(cat "$k.killed")" ;;
	esac
	why=$(cat "$k.torn" 2>/dev/null)
	if [ -z "$why" ]; then ok "$kname: no file torn"; else not_ok "$kname: no file torn" "$why"; fi
	why=$(same_tree "$k" "$T/final")
	[ "$(stat -c %a "$k/server.c")" = 640 ] || why="$why
server.c has mode $(stat -c %a "$k/server.c"), not 640"
	if [ -z "$why" ]; then ok "$kname: apply again makes the reference tree"
	else not_ok "$kname: apply again makes the reference tree" "$why"; fi
	why=$(strays "$k")
	if [ -z "$why" ]; then ok "$kname: no temporary file left in the tree"
	else not_ok "$kname: no temporary file left in the tree" "$why"; fi
	why="$(strays "$k" journal; ls -A "$k/.lockptr/journal" 2>/dev/null)"
	if [ -z "$why" ]; then ok "$kname: .lockptr/journal left empty"
	else not_ok "$kname: .lockptr/journal left empty" "$why"; fi
	i=$((i + 1))
done

k=$T/killrb
case $(cat "$k.killed") in
journal) mark "$k"; expect "kill -9 in a roll-back: apply again finishes it, exit 1" 1 \
	'"status": "rolled-back"' 'err:interrupted run was rolled back' ;;
*) not_ok "kill -9 in a roll-back: apply again finishes it, exit 1" "$(cat "$k.killed")" ;;
esac
why="$(cmp "$RB/macro.c" "$k/macro.c" 2>&1; ls "$k/lockptr_locks.h" 2>/dev/null; strays "$k"; strays "$k" journal)"
if [ -z "$why" ]; then ok "kill -9 in a roll-back: macro.c keeps its bytes, nothing left"
else not_ok "kill -9 in a roll-back: macro.c keeps its bytes, nothing left" "$why"; fi
summary
