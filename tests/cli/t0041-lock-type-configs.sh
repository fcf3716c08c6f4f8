#!/bin/sh
# A --lock-type that is the pthread lock in one configuration, a pointer its
# own init allocates in another and an int with a void destroy in a third
# (corpus/rewrite/lock_type_configs): the migrated program builds and
# prints the same exact totals as before in all three, with four threads
# where there are threads.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
case_dir=corpus/rewrite/lock_type_configs
want="total 80000 after take 5 best 79999"
for tree in in out; do
	for cfg in "-DMT" "-DMT -DLEVEL=2" "-DNO_THREADS"; do
		name="$tree $cfg"
		# shellcheck disable=SC2086
		if ! cc -std=c11 -D_XOPEN_SOURCE=700 -pthread -Wall -Wextra -Werror $cfg \
			-I"$case_dir/$tree" "$case_dir/$tree"/*.c -o "$T/prog" 2>"$T/cc"; then
			not_ok "$name: builds" "$(head -n 5 "$T/cc")"
			continue
		fi
		good=0
		for i in 1 2 3; do
			[ "$("$T/prog" 2>&1)" = "$want" ] && good=$((good + 1))
		done
		if [ "$good" -eq 3 ]; then
			ok "$name: builds and prints exact totals, 3 runs of 3"
		else
			not_ok "$name: prints exact totals" "$good runs of 3 gave: $want"
		fi
	done
done
# The helper is included after the type's header, which counter.c includes
# inside #ifdef MT, and outside the leading #ifndef of best.h.
if grep -n 'include "lockptr_my_mutex_t.h"' "$case_dir/out/counter.c" | grep -q '^10:' &&
	grep -n 'include "lockptr_my_mutex_t.h"' "$case_dir/out/best.h" | grep -q '^9:'; then
	ok "helper #include after the type's header, outside a leading #ifndef"
else
	not_ok "helper #include after the type's header, outside a leading #ifndef" \
		"$(grep -n 'lockptr_my' "$case_dir/out/counter.c" "$case_dir/out/best.h")"
fi
summary
