#!/bin/sh
# Bad input never crashes, never hangs, never goes silent: malformed facts
# from spatch and in merge's files, corrupted, truncated and reason-less
# cache entries, a FIFO, /dev/zero or a huge file as -p or --macro-file,
# a database with tens of thousands of -I, a file name that is not UTF-8.
# Each ends in a one-line error and exit 2, or in the answer a clean run
# gives. `timeout` turns a hang into a failure.
. "$(dirname "$0")/../lib.sh"
cd "$T"

# A fake spatch: one valid fact per file, each run counted.
mkdir src
printf '#include <pthread.h>\nstruct s { pthread_mutex_t m; };\n' >src/a.c
cat >fake-spatch <<EOS
#!/bin/sh
for a; do f=\$a; done
echo run >>"$T/runs"
printf 'LOCKPTR\t{"k": "member", "file": "%s", "line": 2, "col": 12, "type": "struct s", "member": "m", "mtype": "pthread_mutex_t", "array": false}\n' "\$f"
EOS
cat >bad-spatch <<'EOS'
#!/bin/sh
for a; do f=$a; done
printf 'LOCKPTR\t{"k": "member", "file": "%s", "line": 2, "col": 12, "member": "m"}\n' "$f"
EOS
chmod +x fake-spatch bad-spatch
export SPATCH="$T/fake-spatch"
runs() { wc -l <"$T/runs" 2>/dev/null || echo 0; }

# --- facts from spatch
SPATCH=$T/bad-spatch run timeout 60 "$LOCKPTR" scan --no-cache src
expect "spatch prints a fact without its type: internal error naming the file" 2 \
	'line1:^lockptr: internal error: spatch printed a malformed fact for src/a\.c \(line 1 of its output: "member" fact without "type" \(a string\)\)$'

# --- the cache
run timeout 60 "$LOCKPTR" scan --format json src
cp "$T/out" first.json
expect "a first scan fills the cache" 1 '"member": "m"' '"refused": "no pthread_mutex_init'
# The cache lives at the top of the tree (the operand src), whatever the
# working directory (wrapper/tree.h).
entries=$(find src/.lockptr/cache -name '*.json')
if [ -n "$entries" ]; then ok "cache entries written"; else not_ok "cache entries written"; fi

# corrupt ENTRY-TEXT NAME: every entry replaced; the next scan must run
# spatch again (a miss) and give the first scan's bytes.
corrupt() {
	before=$(runs)
	for e in $entries; do printf '%s' "$1" >"$e"; done
	run timeout 60 "$LOCKPTR" scan --format json src
	if ! expect_rc "$2" 1; then return 0; fi
	if [ "$(runs)" -le "$before" ]; then not_ok "$2" "spatch did not run again: the entry was used"; return 0; fi
	if grep -q '(null)' "$T/out" "$T/err"; then not_ok "$2" "(null) printed"; return 0; fi
	if cmp -s "$T/out" first.json; then ok "$2"; else not_ok "$2" "$(diff first.json "$T/out" | head -5)"; fi
}
corrupt '{"facts": [], "incomplete": [{"file": "src/a.c"}]}' "a cached incomplete entry without a reason is a miss, never (null)"
corrupt '{"facts": [{"k": "member", "file": "src/a.c", "line": 2, "col": 12}], "incomplete": []}' \
	"a cached fact without its fields is a miss"
corrupt '{"facts": [{"k": "member", "file": "src/a.c", "line": 2, "col": 12, "type": "struct s", "member": "m", "mtype": "pthread_mutex_t", "array": false}], "incomp' \
	"a truncated cache entry is a miss"
corrupt '{"facts": [{"k": "typedef", "file": "src/a.c", "line": 1, "col": 1, "name": "x", "of": "int"}, 7], "incomplete": []}' \
	"a cache entry valid in part is a miss as a whole"
for e in $entries; do rm -f "$e"; mkfifo "$e"; done
run timeout 60 "$LOCKPTR" scan --format json src
expect "a FIFO in place of a cache entry is a miss, not a hang" 1 '"member": "m"'

# --- merge's facts files
fact='{"k": "member", "file": "a.c", "line": 2, "col": 12, "type": "struct s", "member": "m", "mtype": "pthread_mutex_t", "array": false}'
printf '{"version": 1, "facts": [%s], "incomplete": []}\n' "$fact" >good.json
run "$LOCKPTR" merge --format json good.json
expect "merge: a valid facts file" 1 '"member": "m"'

printf '{"version": 1, "facts": [%s, {"k": "def", "file": "a.c", "line": 3, "col": 1}], "incomplete": []}\n' "$fact" >nofields.json
run "$LOCKPTR" merge good.json nofields.json
expect "merge: a fact without its fields is an internal error naming the file" 2 \
	'line1:^lockptr: merge: nofields\.json: internal error: malformed facts file: facts\[1\]: "def" fact without "type" \(a string\)$'

printf '{"version": 1, "facts": [{"k": "copy", "file": "a.c", "line": "2", "col": 1, "kind": "arg", "type": "struct s"}], "incomplete": []}\n' >badtype.json
run "$LOCKPTR" merge badtype.json
expect "merge: a field of the wrong type" 2 'line1:badtype\.json: .*facts\[0\]: fact whose "line" is not an integer'

printf '{"version": 1, "facts": [], "incomplete": [{"file": "a.c"}]}\n' >noreason.json
run "$LOCKPTR" merge noreason.json
expect "merge: an incomplete entry without a reason: exit 2, never (null)" 2 \
	'line1:noreason\.json: .*incomplete\[0\]: entry without "reason"' '!\(null\)'

printf '{"version": 1, "facts": [{"k": "member", "file": "a.c", "line": 1, "col": 1, "type": ["x"], ' >cut.json
run "$LOCKPTR" merge cut.json
expect "merge: a truncated facts file" 2 'line1:^lockptr: merge: cut\.json:1:'

printf '{"version": 1, "facts": [{"k": "no such kind", "file": "a.c", "line": 1, "col": 1}], "incomplete": []}\n' >kind.json
run "$LOCKPTR" merge kind.json
expect "merge: a fact of unknown kind" 2 'line1:kind\.json: .*unknown kind "no such kind"'

mkfifo fifo
run timeout 20 "$LOCKPTR" merge fifo
expect "merge: a FIFO is refused, not read" 2 'line1:^lockptr: merge: fifo: not a regular file$'
run timeout 20 "$LOCKPTR" merge /dev/zero
expect "merge: /dev/zero is refused, not read" 2 'line1:^lockptr: merge: /dev/zero: not a regular file$'

# --- -p and --macro-file: regular files of a sane size only
run timeout 20 "$LOCKPTR" scan -p fifo src
expect "-p FIFO: refused, no hang" 2 'line1:^lockptr: -p fifo: not a regular file$'
run timeout 20 "$LOCKPTR" scan -p /dev/zero src
expect "-p /dev/zero: refused, no memory eaten" 2 'line1:^lockptr: -p /dev/zero: not a regular file$'
run timeout 20 "$LOCKPTR" scan --macro-file fifo src
expect "--macro-file FIFO: refused, no hang" 2 'line1:^lockptr: --macro-file fifo: not a regular file$'
run timeout 20 "$LOCKPTR" scan --macro-file /dev/zero src
expect "--macro-file /dev/zero: refused" 2 'line1:^lockptr: --macro-file /dev/zero: not a regular file$'
truncate -s 17M big.h
run timeout 20 "$LOCKPTR" scan --macro-file big.h src
expect "--macro-file over 16 MiB: refused" 2 'line1:^lockptr: --macro-file big\.h: larger than 16 MiB$'
truncate -s 257M big.json
run timeout 20 "$LOCKPTR" scan -p big.json src
expect "-p over 256 MiB: refused" 2 'line1:^lockptr: -p big\.json: larger than 256 MiB$'
mkdir fifodir
mkfifo fifodir/compile_commands.json
run timeout 20 "$LOCKPTR" scan -p fifodir src
expect "-p DIR holding a FIFO: refused" 2 'line1:^lockptr: -p fifodir/compile_commands\.json: not a regular file$'

# --- a database with 50,000 distinct -I (and each twice): finishes. The
# de-duplication was quadratic: 200,000 took minutes.
mkdir many
printf 'int plain;\n' >many/a.c
awk 'BEGIN {
	printf "[{\"directory\": \".\", \"file\": \"a.c\", \"arguments\": [\"cc\"";
	for (i = 0; i < 50000; i++) printf ", \"-Iinc/%d\", \"-I\", \"inc/%d\"", i, i;
	printf ", \"-c\", \"a.c\"]}]\n" }' >many/compile_commands.json
cd many
run timeout 120 "$LOCKPTR" scan -p compile_commands.json .
cd "$T"
expect "50,000 distinct -I in a database: the scan finishes" 0 '0 lock members.* 0 of 1 files parsed'

# --- a file name that is not UTF-8: refused by name, never silently empty
mkdir names
cp src/a.c names/ok.c
cp src/a.c "names/$(printf 'bad\377.c')"
run timeout 60 "$LOCKPTR" scan names
expect "a directory with a non-UTF-8 file name: exit 2 naming it" 2 \
	'line1:^lockptr: names/bad\\xff\.c: file name is not valid UTF-8'
run timeout 60 "$LOCKPTR" scan "names/$(printf 'bad\377.c')"
expect "a non-UTF-8 file operand: exit 2 naming it" 2 'line1:names/bad\\xff\.c: file name is not valid UTF-8'
summary
