# Shared by the bench scripts: they set $work (a scratch directory) and
# $reps (runs per median) before sourcing this file.

now() { date +%s.%N; }
# median CMD...: runs CMD $reps times (output discarded), prints the median seconds.
median() {
	i=0
	: >"$work/times"
	while [ "$i" -lt "$reps" ]; do
		s=$(now)
		"$@" >/dev/null 2>&1
		e=$(now)
		echo "$e - $s" | bc -l >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] }'
}
