#!/bin/sh
# apply in groups (issue 15) against its floor and against --one-by-one,
# on trees from bench/gen_units.py: NT structs of NM mutexes each (every
# member a unit), once with every unit verifying and once with a tenth of
# them read by value through a macro (they must roll back). Prints a
# markdown section; bench/run.sh appends it to bench/results.md.
#   GROUP_NT=5 GROUP_NM=8   the tree          GROUP_REPS=3  runs per median
# Floors, measured here by running spatch and cc directly:
#   floor (tight): one spatch process per candidate file (a file that
#     names a struct tK) with the rules of the units of the type it uses,
#     as lockptr instantiates them for a group, plus one cc -fsyntax-only
#     per translation unit that uses a lock (the touched ones);
#   floor (one patch): the same with ONE patch holding every unit's rules
#     for every candidate file (what "one generated patch" costs as such).
set -u
cd "$(dirname "$0")/.."
root=$PWD
lp=$root/wrapper/lockptr
nt=${GROUP_NT:-5}
nm=${GROUP_NM:-8}
reps=${GROUP_REPS:-3}
units=$((nt * nm))
nbad=$(( (units + 9) / 10 ))
work=$(mktemp -d "${TMPDIR:-/tmp}/lockptr-gbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

. "$root/bench/lib.sh"
ratio() { echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }

py=""
[ -x /usr/bin/python3 ] && py="--python /usr/bin/python3"
spatch_args="$py --very-quiet --disable-worth-trying-opt --recursive-includes --include-headers-for-types --relax-include-path -I lib"

# type_patch K: the rules lockptr writes for a group of the members of
# struct tK (10-, 11-, 40- once per member; 20- and 30-, marked
# "// Merge: members", once for all of them).
type_patch() {
	tk=$1
	members=$(seq 0 $((nm - 1)) | sed 's/^/m/' | paste -sd, - | sed 's/,/, /g')
	for f in cocci/rewrite/*.cocci.in; do
		# The probe only says where members are (lockptr's own cost, not
		# a rewrite): the floor has no such rule.
		case $f in *-anon-* | *-dotted* | *-positional* | *-zero* | *-wrapper* | *-probe*) continue ;; esac
		if grep -q '^// Merge: members$' "$f"; then
			set -- "lockptr_M"
			td="typedef pthread_mutex_t;\nidentifier lockptr_M = {$members};"
		else
			set -- $(seq 0 $((nm - 1)) | sed 's/^/m/')
			td="typedef pthread_mutex_t;"
		fi
		for m in "$@"; do
			sed -e "s/@TYPEDEFS_SPELLING@/typedef pthread_mutex_t;/; s/@TYPEDEFS_LOCK@/typedef pthread_mutex_t;/; s/@TYPEDEFS@/$td/" \
			    -e "s/@TYPE@/struct t$tk/g; s/@SPELLING@/struct t$tk/g; s/@MEMBER@/$m/g; s/@LOCK@/pthread_mutex_t/g" \
			    -e "s/@DECLLOCK@/pthread_mutex_t/g; s/@LEAF@/$m/g; s/@BOX@/lockptr_pthread_mutex/g" \
			    -e "s/@INIT@/pthread_mutex_init/g; s/@DESTROY@/pthread_mutex_destroy/g" \
			    -e "s/@HINIT@/lockptr_pthread_mutex_init/g; s/@HDESTROY@/lockptr_pthread_mutex_destroy/g" "$f"
		done
	done
}

# pairs TREE: "PATCH FILE" per candidate file, the patch of its type.
pairs() {
	for k in $(seq 0 $((nt - 1))); do
		(cd "$1" && grep -rlw "struct t$k" --include='*.c' --include='*.h' . | sort) |
			sed "s|^|$work/t$k.cocci $1/|"
	done
}

floor() { # TREE PAIRS
	(cd "$1" && xargs -P 2 -n 2 sh -c 'spatch --sp-file "$0" '"$spatch_args"' -I "$(dirname "$1")" "$1" -o /dev/null' <"$2"
	 ls src/t*.c | xargs -P 2 -n 1 cc -fsyntax-only -Ilib) >/dev/null 2>&1
}

apply_run() { # TREE MODE
	rm -rf "$work/at"
	cp -r "$1" "$work/at"
	rm -rf "$work/at/.lockptr"
	(cd "$work/at" && "$lp" apply --all --no-cache -q -j 2 $2 .)
}

# apply after a scan of the same tree (scan -> diff -> apply): its facts
# come from .lockptr/cache; only the copy is timed, not the first scan.
warm_run() { # TREE (with .lockptr/cache)
	rm -rf "$work/at"
	cp -r "$1" "$work/at"
	(cd "$work/at" && "$lp" apply --all -q -j 2 .)
}

scan_run() { (cd "$1" && "$lp" scan --all --no-cache -q -j 2 .); }

for k in $(seq 0 $((nt - 1))); do
	type_patch "$k" >"$work/t$k.cocci"
done
cat "$work"/t*.cocci >"$work/all.cocci"

echo
echo "## apply in groups (issue 15): $nt structs x $nm mutexes = $units units"
echo
echo "Made by \`sh bench/group.sh\` on $(date -u +%Y-%m-%d), $(nproc) CPUs, load average"
echo "$(cut -d' ' -f1-3 /proc/loadavg) at the start, lockptr $(git rev-parse --short HEAD 2>/dev/null)."
echo "Medians of $reps runs (one-by-one: 1 run); ratios within this run."
echo
echo "| tree | apply s | floor s (tight) | apply/floor | floor s (one patch) | apply/floor (one patch) | scan s (in apply) | apply after a scan s | its /floor (tight) | one-by-one s | speed-up | same result |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for kind in good tenth; do
	t=$work/$kind
	bad=0
	[ "$kind" = tenth ] && bad=$nbad
	python3 bench/gen_units.py "$t" "$nt" "$nm" "$bad"
	pairs "$t" >"$work/pairs"
	sed "s|^[^ ]* |$work/all.cocci |" "$work/pairs" >"$work/pairs.all"
	f=$(median floor "$t" "$work/pairs")
	fa=$(reps=1 median floor "$t" "$work/pairs.all")
	s=$(median scan_run "$t")
	a=$(median apply_run "$t" "")
	(cd "$t" && "$lp" scan --all -q -j 2 . >/dev/null 2>&1)
	w=$(median warm_run "$t")
	apply_run "$t" "--format json" >"$work/group.json" 2>/dev/null
	mv "$work/at" "$work/group-tree"
	st=$(now)
	apply_run "$t" "--format json --one-by-one" >"$work/one.json" 2>/dev/null
	o=$(echo "$(now) - $st" | bc -l | awk '{ printf "%.3f", $1 }')
	same=no
	cmp -s "$work/group.json" "$work/one.json" && diff -r -x .lockptr "$work/group-tree" "$work/at" >/dev/null && same=yes
	rolled=$(grep -c '"rolled-back"' "$work/group.json")
	rm -rf "$work/group-tree"
	echo "| $kind ($rolled of $units roll back) | $a | $f | $(ratio "$a" "$f") | $fa | $(ratio "$a" "$fa") | $s | $w | $(ratio "$w" "$f") | $o | $(ratio "$o" "$a") | $same |"
done
echo
echo "*floor (tight)*: one spatch process per candidate file with the rules of"
echo "the units of its type (the rule sets lockptr gives a group's files), 2 at"
echo "a time, plus one \`cc -fsyntax-only\` per translation unit that uses a lock."
echo "*floor (one patch)*: the same pass with one patch holding every unit's rules"
echo "for every file. *scan s*: \`lockptr scan --no-cache\` alone, which apply"
echo "runs first (the bench passes --no-cache: no fact cache, no verdicts)."
echo "*apply after a scan*: apply without --no-cache on a copy of the tree that"
echo "\`lockptr scan\` ran on (its facts from .lockptr/cache), as in scan -> diff -> apply."
echo "*same result*: the JSON reports and the trees of the two modes are equal."
