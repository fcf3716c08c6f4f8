#!/bin/sh
# The project file, .lockptr.conf: found from the operands upward (not
# past the top of a git work tree), its paths relative to itself, its
# test-cmd run in its directory, overridden by the command line, a bad
# one a one-line error naming FILE:LINE (exit 2); --exclude.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/seed" p
mkdir p/sub && cp p/server.c p/sub/copy.c && printf '' >p/m.h

printf '# seed\nmacro-file = m.h\ntimeout = 60\ninclude = .\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "found next to the operand, its paths relative to itself" 1 \
	"lock member 'struct server.mutex'"
run "$LOCKPTR" scan p/sub
expect "found from an operand below it (include = . finds server.h)" 1 \
	"sub/copy.c:34:2: warning"

printf 'macro-file = nosuch.h\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "a missing file it names is an error" 2 "line1:p/nosuch.h"
run "$LOCKPTR" scan --macro-file p/m.h p
expect "a single-valued option on the command line replaces it" 1 "struct server.mutex"
run "$LOCKPTR" scan --no-project p
expect "--no-project reads none" 1 "struct server.mutex"

printf '# one\ntimeout = 1\nbogus = 2\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "an unknown key: FILE:LINE, exit 2" 2 \
	"line1:^lockptr: scan: p/.lockptr.conf:3: unknown key 'bogus'"
printf 'timeout = 1\nlock-type = x\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "a bad value: checked as the option is" 2 \
	"line1:p/.lockptr.conf:2: --lock-type 'x': expected NAME:INIT:DESTROY"
printf 'timeout = 1\n\ntimeout = 2\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "a single-valued key twice" 2 "line1:p/.lockptr.conf:3: 'timeout' is set twice"
printf 'timeout = 1\nno pair here\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "a line that is no pair" 2 "line1:p/.lockptr.conf:2: expected 'key = value'"
rm p/.lockptr.conf && mkdir p/.lockptr.conf
run "$LOCKPTR" scan p
expect "a directory is no project file" 2 "line1:p/.lockptr.conf: is a directory"
rmdir p/.lockptr.conf

# Not past the top of a git work tree: the file above it is another
# project's.
mkdir outer && printf 'bogus = 1\n' >outer/.lockptr.conf && cp -r p outer/repo
(cd outer/repo && git init -q . && git add -A)
run "$LOCKPTR" scan outer/repo
expect "not read from above the git work tree" 1 "struct server.mutex"

# Repeatable keys add to the command line's; excluded files are not
# scanned, also headers that included ones bring in.
printf 'exclude = sub\n' >p/.lockptr.conf
run "$LOCKPTR" scan p
expect "exclude = a name at any depth" 1 "p/server.c:34" "!sub/copy.c"
run "$LOCKPTR" scan --exclude p/server.c --exclude p/server.h p
expect "--exclude adds to the file's" 0 "0 lock members" "!copy.c"
run "$LOCKPTR" scan --exclude 'p/*.c' p
expect "--exclude GLOB anchored at the working directory" 1 "p/server.h:12" "!p/server.c:34" \
	"!sub/copy.c"
(cd p && "$LOCKPTR" diff --exclude sub .) >"$T/out" 2>"$T/err"
RC=$?
expect "a unit an excluded file uses is refused" 0 \
	"err:sub/copy.c uses the member and is excluded"
run "$LOCKPTR" scan --exclude '' p
expect "--exclude with no glob" 2 "line1:--exclude ''"

# test-cmd runs in the project file's directory, wherever lockptr runs.
printf 'test-cmd = test -f m.h\n' >p/.lockptr.conf
rm -r p/sub
run "$LOCKPTR" apply p
expect "test-cmd runs in the project file's directory" 0 "'struct server.mutex' migrated"

run "$LOCKPTR" --help
expect "--help tells of the project file" 0 "\.lockptr\.conf" "command line override it"
summary
