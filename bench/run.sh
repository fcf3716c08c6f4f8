#!/bin/sh
# make bench: lockptr against baselines measured in the same run, on
# synthetic trees from bench/gen.py (or a real tree: BENCH_TREE=DIR with a
# compile_commands.json). Prints a table and writes bench/results.md.
#   SIZES="500 2000 8000"  tree sizes (files)      REPS=3  runs per median
#   CLANG_TIDY=1           also time clang-tidy misc-non-copyable-objects
#   GROUP=1                apply in groups vs its floor and --one-by-one
#                          (bench/group.sh; GROUP_NT, GROUP_NM, GROUP_REPS)
# Ratios only mean something within one run: the machines are shared.
set -u
cd "$(dirname "$0")/.."
root=$PWD
lp=$root/wrapper/lockptr
sizes=${SIZES:-500 2000 8000}
reps=${REPS:-3}
out=${OUT:-$root/bench/results.md}
trees=$root/bench/trees
work=$(mktemp -d "${TMPDIR:-/tmp}/lockptr-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$trees"

. "$root/bench/lib.sh"
ratio() { echo "scale=3; $1 / $2" | bc -l | sed 's/^\./0./'; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

cat cocci/detect/prelude.cocci $(ls cocci/detect/*.cocci | grep -v prelude) >"$work/detect.cocci"
# The same python as lockptr gives spatch (see wrapper/detect.c).
py=""
[ -x /usr/bin/python3 ] && py="--python /usr/bin/python3"
spatch_args="$py --very-quiet --disable-worth-trying-opt --recursive-includes --include-headers-for-types --relax-include-path"
lockwords='pthread_(mutex|rwlock|spinlock|cond|barrier)_t|mtx_t|cnd_t|sem_t|struct stats|worker_t|struct pool'

# The engine floor: one spatch per candidate file, the same patch, over
# the grep-prefiltered list, 2 at a time.
floor() {
	(cd "$1" && grep -rlE "$lockwords" --include='*.c' --include='*.h' . |
		xargs -P 2 -I{} spatch --sp-file "$work/detect.cocci" $spatch_args -I include {} >/dev/null 2>&1)
}
naive() {
	(cd "$1" && spatch $py --sp-file "$work/detect.cocci" --very-quiet --disable-worth-trying-opt \
		-I include --dir . -j 2 >/dev/null 2>&1)
}
scan() { (cd "$1" && "$lp" scan --no-cache -q -j "${2:-2}" --format json .); }
rescan() { (cd "$1" && "$lp" scan -q -j 2 --format json .); }

{
	echo "# lockptr benchmarks"
	echo
	echo "Made by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $(nproc) CPUs,"
	echo "$(spatch --version | head -n 1), lockptr $(git rev-parse --short HEAD 2>/dev/null)."
	echo "Medians of $reps runs; every ratio compares two figures of the same run."
	echo
	echo "| files | candidates | scan s | floor s | scan/floor | naive --dir s | scan/naive | -j1 s | -j2/-j1 speed-up | rescan s | rescan/scan | peak RSS scan KB | peak RSS 1 worker KB |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$out.tmp"

for n in $sizes; do
	t=$trees/t$n
	[ -d "$t" ] || python3 bench/gen.py "$t" "$n"
	cand=$(cd "$t" && grep -rlE "$lockwords" --include='*.c' --include='*.h' . | wc -l)
	s=$(median scan "$t" 2)
	f=$(median floor "$t")
	j1=$(median scan "$t" 1)
	rm -rf "$t/.lockptr"
	rescan "$t" >/dev/null 2>&1
	r=$(median rescan "$t")
	rm -rf "$t/.lockptr"
	if [ "$n" -le 2000 ]; then
		nv=$(reps=1 median naive "$t")
		nvr=$(ratio "$s" "$nv")
	else
		nv="-" nvr="-"
	fi
	rss=$(cd "$t" && peak_kb "$lp" scan --no-cache -q -j 2 .)
	one=$(cd "$t" && f1=$(grep -rlE "$lockwords" --include='*.c' . | head -n 1) &&
		peak_kb spatch --sp-file "$work/detect.cocci" $spatch_args -I include "$f1")
	echo "| $n | $cand | $s | $f | $(ratio "$s" "$f") | $nv | $nvr | $j1 | $(ratio "$j1" "$s") | $r | $(ratio "$r" "$s") | $rss | $one |" >>"$out.tmp"
	echo "bench: $n files done" >&2
done

if [ "${CLANG_TIDY:-1}" = 1 ] && command -v run-clang-tidy >/dev/null; then
	n=$(echo "$sizes" | awk '{ print ($2 != "" ? $2 : $1) }')
	t=$trees/t$n
	s=$(median scan "$t" 2)
	cs=$(now)
	(cd "$t" && run-clang-tidy -j 2 -quiet -checks='-*,misc-non-copyable-objects' -p . >"$work/tidy.out" 2>&1)
	ce=$(now)
	ct=$(echo "$ce - $cs" | bc -l)
	tidy_sites=$(grep -c 'warning:.*misc-non-copyable-objects' "$work/tidy.out")
	lp_sites=$(cd "$t" && "$lp" scan --no-cache -j 2 --format json . | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["copies"]))')
	{
		echo
		echo "## Against clang-tidy on the $n-file tree"
		echo
		echo "| tool | s | copy sites found |"
		echo "|---|---|---|"
		echo "| lockptr scan -j 2 | $s | $lp_sites |"
		echo "| run-clang-tidy -j 2 -checks=misc-non-copyable-objects | $(printf %.3f "$ct") | $tidy_sites |"
		echo
		echo "scan/clang-tidy = $(ratio "$s" "$ct")."
		echo "clang-tidy's check flags copies of pthread_mutex_t (and FILE) themselves, not of"
		echo "structs that hold one, so it finds none of the struct copies the tree has."
	} >>"$out.tmp"
fi

# apply with its verification, against its floor: for each unit, the rewrite
# patch over every candidate file plus one cc -fsyntax-only per candidate .c.
if [ "${APPLY:-1}" = 1 ]; then
	n=$(echo "$sizes" | awk '{ print $1 }')
	t=$trees/t$n
	instantiate() { # TYPE MEMBER LOCK INIT DESTROY
		for f in cocci/rewrite/*.cocci.in; do
			# Templates made per zeroed object, wrapper or probe take
			# values this floor does not have (their @ZID@, @WRAPPER@
			# ... left in made the whole patch unparsable).
			case $f in *-anon-* | *-dotted* | *-positional* | *-zero* | *-wrapper* | *-probe*) continue ;; esac
			sed -e "s/@TYPEDEFS_SPELLING@/typedef $3;/; s/@TYPEDEFS_LOCK@/typedef $3;/; s/@TYPEDEFS@/typedef $3;/" \
			    -e "s/@TYPE@/$1/g; s/@SPELLING@/$1/g; s/@MEMBER@/$2/g; s/@LOCK@/$3/g; s/@DECLLOCK@/$3/g; s/@INDEX@/0/g; s/@OUTER@/x/g; s/@LEAF@/$2/g" \
			    -e "s/@BOX@/lockptr_${3%_t}/g" \
			    -e "s/@INIT@/$4/g; s/@DESTROY@/$5/g; s/@HINIT@/lockptr_$4/g; s/@HDESTROY@/lockptr_$5/g" "$f"
		done
	}
	instantiate "struct stats" rw pthread_rwlock_t pthread_rwlock_init pthread_rwlock_destroy >"$work/u1.cocci"
	instantiate "struct pool" mu pthread_mutex_t pthread_mutex_init pthread_mutex_destroy >"$work/u2.cocci"
	apply_floor() {
		(cd "$1" && for u in "$work/u1.cocci" "$work/u2.cocci"; do
			grep -rlE "$lockwords" --include='*.c' --include='*.h' . |
				xargs -P 2 -I{} spatch --sp-file "$u" $spatch_args -I include {} -o /dev/null
			grep -rlE "$lockwords" --include='*.c' . |
				xargs -P 2 -I{} cc -fsyntax-only -Iinclude {}
		done) >/dev/null 2>&1
	}
	apply_run() {
		rm -rf "$work/at"
		cp -r "$1" "$work/at"
		rm -rf "$work/at/.lockptr"
		(cd "$work/at" && "$lp" apply --all --no-cache -q -j 2 .)
	}
	af=$(median apply_floor "$t")
	ap=$(median apply_run "$t")
	{
		echo
		echo "## apply with verification, on the $n-file tree (2 units)"
		echo
		echo "| apply --all s | floor s (rewrite per candidate + one cc per candidate .c, per unit) | apply/floor |"
		echo "|---|---|---|"
		echo "| $ap | $af | $(ratio "$ap" "$af") |"
	} >>"$out.tmp"
fi

# A second apply on a tree with rolled-back units: each is reported from
# its kept verdict (.lockptr/verdicts), not verified again.
if [ "${RERUN:-1}" = 1 ]; then
	rm -rf "$work/rr"
	mkdir "$work/rr"
	for c in corpus/rewrite/*/; do
		grep -q '"rolled-back"' "$c/expected.json" 2>/dev/null && cp -r "$c/in" "$work/rr/$(basename "$c")"
	done
	first() { (cd "$work/rr" && "$lp" apply --all -q -j 2 --progress never .); }
	s=$(now)
	first >/dev/null 2>&1
	e=$(now)
	t1=$(echo "$e - $s" | bc -l)
	t2=$(median first)
	units=$(cd "$work/rr" && "$lp" apply --all -j 2 --progress never . 2>/dev/null | grep -c '(cached)')
	{
		echo
		echo "## A second apply on a tree with rolled-back units"
		echo
		echo "| first apply s | second apply s (median) | second/first | units reported (cached) |"
		echo "|---|---|---|---|"
		echo "| $(printf %.3f "$t1") | $t2 | $(ratio "$t2" "$t1") | $units |"
	} >>"$out.tmp"
fi

# apply in groups against its floor and --one-by-one (bench/group.sh).
if [ "${GROUP:-1}" = 1 ]; then
	sh bench/group.sh >>"$out.tmp"
fi

{
	echo
	echo "Columns: *floor* is one spatch process per grep-prefiltered candidate file with"
	echo "the same joined detection patch, 2 at a time; *naive* is one"
	echo "\`spatch --dir . -j 2 --disable-worth-trying-opt\` over every file; *rescan* is a"
	echo "second scan of the unchanged tree, answered by .lockptr/cache; *peak RSS 1 worker*"
	echo "is one spatch process on one candidate file."
	echo
	echo "Command: \`SIZES=\"$sizes\" REPS=$reps make bench\`."
} >>"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
