#!/bin/sh
# --shard I/N and lockptr merge: the shards, run as separate processes by
# GNU parallel (the command line --sshlogin would spread over hosts), merge
# into the very JSON a single run prints.
. "$(dirname "$0")/../lib.sh"
cd "$T"
cp -r "$ROOT/corpus/scan" tree
rm -rf tree/incomplete tree/parse_error_regions tree/locktype_typedef tree/userlock \
	tree/unparsed_init tree/unparsed_unrelated
cd tree

"$LOCKPTR" scan --no-cache --format json . >"$T/single.json" 2>/dev/null
parallel --halt never "$LOCKPTR" scan --no-cache --shard {}/3 --format facts . '>' "$T/shard{}.json" ::: 0 1 2
n=$(cat "$T"/shard*.json | wc -l)
if [ "$n" -eq 3 ]; then ok "three shards wrote their facts"; else not_ok "three shards wrote their facts" "$n"; fi
run "$LOCKPTR" merge --format json "$T/shard0.json" "$T/shard1.json" "$T/shard2.json"
expect "merge exits like scan" 1
if cmp -s "$T/out" "$T/single.json"; then
	ok "merged shards = single run, byte for byte"
else
	not_ok "merged shards = single run, byte for byte" "$(diff "$T/single.json" "$T/out" | head -20)"
fi
run "$LOCKPTR" merge --format json "$T/shard2.json" "$T/shard0.json" "$T/shard1.json"
if cmp -s "$T/out" "$T/single.json"; then ok "merge order does not matter"; else not_ok "merge order does not matter"; fi

run "$LOCKPTR" scan --shard 3/3 .
expect "--shard I/N needs I < N" 2 "line1:--shard '3/3': expected I/N"
printf '{"version": 1}\n' >"$T/bad.json"
run "$LOCKPTR" merge "$T/bad.json"
expect "merge: a file that is not facts" 2 'line1:not a facts file'
run "$LOCKPTR" merge
expect "merge: no files" 2 'line1:name the facts files'
summary
