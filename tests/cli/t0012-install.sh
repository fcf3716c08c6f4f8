#!/bin/sh
# make install into a staging directory: the staged binary finds its
# patches through LOCKPTR_DATADIR and works from any directory; the man
# page is clean under mandoc's lint.
. "$(dirname "$0")/../lib.sh"
run mandoc -T lint -W warning "$ROOT/wrapper/lockptr.1"
expect "man page: mandoc -T lint -W warning is clean" 0 '!.' '!err:.'

run make -s -C "$ROOT" install DESTDIR="$T/stage" PREFIX=/usr
expect "make install DESTDIR=... PREFIX=/usr" 0
for f in usr/bin/lockptr usr/share/man/man1/lockptr.1 usr/share/lockptr/cocci/detect/prelude.cocci \
	 usr/share/lockptr/cocci/rewrite/lockptr_locks.h.in; do
	if [ -f "$T/stage/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done

mkdir "$T/elsewhere"
cd "$T/elsewhere"
LOCKPTR_DATADIR=$T/stage/usr/share/lockptr run "$T/stage/usr/bin/lockptr" scan --format json "$ROOT/corpus/seed"
expect "staged binary scans from another directory" 1 '"member": "mutex"' '"kind": "init"'
LOCKPTR_DATADIR=$T/stage/usr/share/lockptr run "$T/stage/usr/bin/lockptr" --version
expect "staged binary: --version names the patches it uses" 0 "semantic patches: $T/stage/usr/share/lockptr/cocci"
LOCKPTR_DATADIR= run "$T/stage/usr/bin/lockptr" --version
expect "staged binary: built for PREFIX=/usr" 0 "semantic patches: /usr/share/lockptr/cocci"
LOCKPTR_DATADIR=$T/nowhere run "$T/stage/usr/bin/lockptr" scan "$ROOT/corpus/seed"
expect "a wrong LOCKPTR_DATADIR is an environment error" 2 'line1:cannot find the semantic patches'

run make -s -C "$ROOT" uninstall DESTDIR="$T/stage" PREFIX=/usr
expect "make uninstall" 0
if [ -e "$T/stage/usr/bin/lockptr" ] || [ -e "$T/stage/usr/share/lockptr" ]; then
	not_ok "uninstall removes what install put"
else
	ok "uninstall removes what install put"
fi
summary
