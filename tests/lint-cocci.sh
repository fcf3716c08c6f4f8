#!/bin/sh
# Every semantic patch must parse: each detection patch after the shared
# prelude (as the driver joins them), and the whole joined patch; -D
# lockptr_user turns on the rules for --lock-type declarations.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
lint() { # NAME FILE [SPATCH OPTIONS]
	name=$1 file=$2
	shift 2
	if spatch --parse-cocci "$@" "$file" >"$T/lint.out" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "$(grep -v 'type defaults' "$T/lint.out" | tail -n 5)"
	fi
}
for f in cocci/detect/*.cocci; do
	[ "$(basename "$f")" = prelude.cocci ] && continue
	cat cocci/detect/prelude.cocci "$f" >"$T/one.cocci"
	lint "parse-cocci $f" "$T/one.cocci" -D lockptr_user
done
cat cocci/detect/prelude.cocci $(ls cocci/detect/*.cocci | grep -v prelude) >"$T/all.cocci"
lint "parse-cocci joined detection patch" "$T/all.cocci" -D lockptr_user
# The rewrite templates, instantiated for a tagged struct and for an
# untagged typedef, as the driver does.
for t in cocci/rewrite/*.cocci.in; do
	for ty in "struct s" "s_t"; do
		case $t in *-tagged*) [ "$ty" = s_t ] && continue ;; *-anon-*) [ "$ty" = "struct s" ] && continue ;; esac
		td="typedef pthread_mutex_t;"
		[ "$ty" = s_t ] && td="typedef pthread_mutex_t, s_t;"
		sed -e "s/@TYPEDEFS_SPELLING@/$td/; s/@TYPEDEFS_LOCK@/typedef pthread_mutex_t;/; s/@TYPEDEFS@/$td/" \
		    -e "s/@TYPE@/$ty/g; s/@SPELLING@/$ty/g; s/@MEMBER@/mu/g; s/@LOCK@/pthread_mutex_t/g; s/@DECLLOCK@/pthread_mutex_t/g; s/@INDEX@/1/g; s/@OUTER@/in/g; s/@LEAF@/mu/g" \
		    -e "s/@INIT@/pthread_mutex_init/g; s/@DESTROY@/pthread_mutex_destroy/g" \
		    -e "s/@HINIT@/lockptr_pthread_mutex_init/g; s/@HDESTROY@/lockptr_pthread_mutex_destroy/g" \
		    -e "s/@BOX@/lockptr_pthread_mutex/g; s/@WRAPPER@/my_init/g; s/@NOMEM@/ENOMEM/g" \
		    -e "s/@ZNAME@/q/g; s/@ZSCOPE@/q/g; s/@ZFIRST@/[0].mu/g; s/@ZINIT@/[0].mu = \&lockptr_q_mu[0].lock/g; s/@ZBOX@/lockptr_q_mu[1]/g; s/@ZID@/0/g; s/@MNAME@/Q_LOCK/g" \
		    "$t" >"$T/rw.cocci"
		lint "parse-cocci $t ($ty)" "$T/rw.cocci"
	done
done
summary
