#!/bin/sh
# Scope: a unit declared in vendored code or in a public header is refused
# with the way out in its reason, unless --include-vendored or --only asks
# for it; what is public comes from the build's install rules.
. "$(dirname "$0")/../lib.sh"

# scope_tree NAME HEADER...: a tree in $T/NAME where each HEADER (a path)
# defines 'struct <its basename>' with a mutex, and src/use.c copies every
# one of them.
scope_tree() {
	mkdir "$T/$1" && cd "$T/$1" || exit 1
	shift
	: >src.c.tmp
	for h in "$@"; do
		s=$(basename "$h" .h)
		mkdir -p "$(dirname "$h")"
		printf '#include <pthread.h>\nstruct %s { pthread_mutex_t m; };\n' "$s" >"$h"
		printf '#include "../%s"\nvoid use_%s(struct %s v);\nvoid f_%s(struct %s *p) { pthread_mutex_init(&p->m, 0); use_%s(*p); }\n' \
			"$h" "$s" "$s" "$s" "$s" "$s" >>src.c.tmp
	done
	mkdir -p src && mv src.c.tmp src/use.c
}

# status NAME TYPE: the status of TYPE's unit in the last JSON report.
status() {
	tr -d '\n' <"$T/out" | sed 's/}, *{/}\n{/g' | grep "\"struct $1\"" |
		sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p'
}

scope_tree plain deps/lib/v.h include/proj/pub.h src/own.h third/mod/sub.h
printf '[submodule "mod"]\n\tpath = third/mod\n\turl = https://example.org/mod\n' >.gitmodules
run "$LOCKPTR" apply --all --format json .
expect "vendored code and public headers are refused, with the way out" 1 \
	'"reason": "deps/lib/v.h is vendored code \(deps/\): another project.s code is not migrated by default; --include-vendored, or --only .struct v\.m., migrates it"' \
	'"reason": "include/proj/pub.h is a public header \(under include/; no install rule of the build names a header\): the project.s installed interface \(its ABI\) is not changed by default; --include-vendored, or --only .struct pub\.m., migrates it"' \
	'"reason": "third/mod/sub.h is vendored code \(third/mod/, a git submodule\)'
if [ "$(status own)" = migrated ] && [ "$(status v)" = refused ] && [ "$(status pub)" = refused ] &&
   [ "$(status sub)" = refused ]; then
	ok "the project's own unit is migrated, the others refused"
else
	not_ok "the project's own unit is migrated, the others refused" "$(cat "$T/out")"
fi
if grep -q 'pthread_mutex_t m;' deps/lib/v.h include/proj/pub.h third/mod/sub.h &&
   ! [ -e deps/lib/lockptr_locks.h ] && ! [ -e include/proj/lockptr_locks.h ] &&
   [ -e src/lockptr_locks.h ]; then
	ok "no vendored file or public header written, no helper header there"
else
	not_ok "no vendored file or public header written, no helper header there"
fi
run "$LOCKPTR" apply --all --include-vendored --format json .
expect "--include-vendored migrates them, and says where" 0 \
	'deps/lib/v.h is vendored code \(deps/\): changed' \
	'include/proj/pub.h is a public header \(under include/; no install rule of the build names a header\): changed'
if [ -e include/proj/lockptr_locks.h ] && grep -q 'pthread_mutex_t \*m;' deps/lib/v.h; then
	ok "--include-vendored: written, the helper header next to them"
else
	not_ok "--include-vendored: written, the helper header next to them"
fi

scope_tree only deps/lib/v.h include/proj/pub.h
run "$LOCKPTR" apply --only 'struct pub.m' --format json .
expect "--only names a public header's unit: migrated" 0 '"status": "migrated"' '!"refused"'

# With install rules, public is what they name, wherever it is.
scope_tree cmake include/proj/pub.h src/api.h src/priv.h lib/one.h
printf 'set(API api.h)\ninstall(FILES ${API} DESTINATION include)\n' >src/CMakeLists.txt
printf 'install(DIRECTORY lib/ DESTINATION include/lib)\n' >CMakeLists.txt
run "$LOCKPTR" apply --all --format json .
expect "CMake: install(FILES) and install(DIRECTORY) name the public headers" 1 \
	'src/api.h is a public header \(installed by src/CMakeLists.txt:2\)' \
	'lib/one.h is a public header \(installed by CMakeLists.txt:1\)'
if [ "$(status pub)" = migrated ] && [ "$(status priv)" = migrated ] &&
   [ "$(status api)" = refused ] && [ "$(status one)" = refused ]; then
	ok "CMake: a header no rule installs is migrated, also under include/"
else
	not_ok "CMake: a header no rule installs is migrated, also under include/" "$(cat "$T/out")"
fi

scope_tree make inc/a.h inc/b.h inc/c.h inc/d.h
printf 'PREFIX ?= /usr/local\nHDRS = inc/a.h\ninstall:\n\tinstall -d $(DESTDIR)$(PREFIX)/include\n\tinstall -m 644 $(HDRS) $(DESTDIR)$(PREFIX)/include\n' >Makefile
printf 'include_HEADERS = b.h\nnoinst_HEADERS = c.h\n' >inc/Makefile.am
run "$LOCKPTR" apply --all --format json .
expect "make and automake: install lines and *_HEADERS, not noinst_HEADERS" 1 \
	'inc/a.h is a public header \(installed by Makefile:5\)' \
	'inc/b.h is a public header \(installed by inc/Makefile.am:1\)'
if [ "$(status a)" = refused ] && [ "$(status b)" = refused ] &&
   [ "$(status c)" = migrated ] && [ "$(status d)" = migrated ]; then
	ok "make: only what is installed is public"
else
	not_ok "make: only what is installed is public" "$(cat "$T/out")"
fi

# A build file reached through a symlinked directory is not read.
scope_tree link src/x.h
mkdir "$T/elsewhere" && printf 'install(FILES ../src/x.h DESTINATION include)\n' >"$T/elsewhere/CMakeLists.txt"
ln -s "$T/elsewhere" linked
run "$LOCKPTR" apply --all --format json .
expect "a build file behind a symlinked directory adds nothing" 0 '"status": "migrated"'
summary
