#!/bin/sh
# The fact cache: a second scan of an unchanged tree gives the same bytes
# from .lockptr/cache; a changed file or header is parsed again; a torn or
# corrupt entry is a miss, never a wrong answer; --no-cache writes none.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan/multi" multi
cd multi

run "$LOCKPTR" scan --format json .
cp "$T/out" "$T/first.json"
expect "first scan fills .lockptr/cache" 1 '"member": "wlock"'
n=$(find .lockptr/cache -name '*.json' | wc -l)
if [ "$n" -ge 3 ]; then ok "cache entries written ($n)"; else not_ok "cache entries written ($n)"; fi
if [ "$(cat .lockptr/.gitignore)" = '*' ]; then ok ".lockptr keeps out of git status"; else not_ok ".lockptr keeps out of git status"; fi

# A spatch that fails, first in PATH, proves that the second run does not
# run spatch at all.
mkdir "$T/fakebin"
printf '#!/bin/sh\nexit 99\n' >"$T/fakebin/spatch"
chmod +x "$T/fakebin/spatch"
PATH=$T/fakebin:$PATH run "$LOCKPTR" scan --format json .
if cmp -s "$T/out" "$T/first.json"; then ok "second scan: same bytes, from the cache"; else not_ok "second scan: same bytes, from the cache" "$(diff "$T/first.json" "$T/out" | head)"; fi

for f in $(find .lockptr/cache -name '*.json'); do printf '{"facts": [tor' >"$f"; done
run "$LOCKPTR" scan --format json .
if cmp -s "$T/out" "$T/first.json"; then ok "corrupt entries are misses"; else not_ok "corrupt entries are misses"; fi

sed 's/int fd;/int fd;\n\tpthread_mutex_t rlock;/' include/conn.h >conn.tmp && mv conn.tmp include/conn.h
run "$LOCKPTR" scan --format json .
expect "a changed header is parsed again" 1 '"member": "rlock"'

rm -rf .lockptr
run "$LOCKPTR" scan --no-cache --format json .
if [ ! -d .lockptr ]; then ok "--no-cache writes no cache"; else not_ok "--no-cache writes no cache"; fi
summary
