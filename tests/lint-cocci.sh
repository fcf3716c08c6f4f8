#!/bin/sh
# Every semantic patch must parse: each detection patch after the shared
# prelude (as the driver joins them), and the whole joined patch.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
lint() {
	if spatch --parse-cocci "$2" >"$T/lint.out" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(grep -v 'type defaults' "$T/lint.out" | tail -n 5)"
	fi
}
for f in cocci/detect/*.cocci; do
	[ "$(basename "$f")" = prelude.cocci ] && continue
	cat cocci/detect/prelude.cocci "$f" >"$T/one.cocci"
	lint "parse-cocci $f" "$T/one.cocci"
done
cat cocci/detect/prelude.cocci $(ls cocci/detect/*.cocci | grep -v prelude) >"$T/all.cocci"
lint "parse-cocci joined detection patch" "$T/all.cocci"
summary
