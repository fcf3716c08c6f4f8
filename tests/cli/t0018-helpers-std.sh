#!/bin/sh
# The helper headers lockptr writes compile under every C standard a
# project may build with, and as C++: each one of the golden corpus's
# results (corpus/rewrite/*/out), with -Wall -Wextra -Werror and the
# standard's -pedantic-errors (in C also gcc's most eager
# -Wstrict-aliasing=1, which zstd's debug flags use). A --lock-type's
# header is compiled after
# the project header that includes it (it needs the type).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
stds="c90 gnu90 c99 gnu99 c11 gnu11 c17 gnu17"
cxx=""
command -v g++ >/dev/null 2>&1 && cxx="c++98 c++11 c++17"
for h in $(find corpus/rewrite -path '*/out/*' -name 'lockptr_*.h' | sort); do
	dir=$(dirname "$h") base=$(basename "$h")
	if [ "$base" = lockptr_locks.h ]; then
		printf '#include "%s"\n' "$base" >"$T/tu.c"
	elif top=$(grep -l "#include \"$base\"" "$dir"/*.h 2>/dev/null | head -n 1) && [ -n "$top" ]; then
		# The project header that includes it declares the type.
		printf '#include "%s"\n' "${top##*/}" >"$T/tu.c"
	elif top=$(grep -l "#include \"$base\"" "$dir"/*.c 2>/dev/null | head -n 1) && [ -n "$top" ]; then
		# A .c that includes it: its directives up to that #include.
		sed -n "1,/#include \"$base\"/p" "$top" | grep '^#' >"$T/tu.c"
	else
		not_ok "$h: a file that includes it" "none in $dir"
		continue
	fi
	printf 'int main(void)\n{\n\treturn 0;\n}\n' >>"$T/tu.c"
	for std in $stds; do
		if cc -std="$std" -pedantic-errors -Wall -Wextra -O2 -Wstrict-aliasing=1 -Werror -D_POSIX_C_SOURCE=200809L \
			-fsyntax-only -I"$dir" "$T/tu.c" 2>"$T/cc"; then
			ok "$h: -std=$std"
		else
			not_ok "$h: -std=$std" "$(head -n 5 "$T/cc")"
		fi
	done
	# C++: no C11 <threads.h> there.
	grep -q 'threads\.h' "$h" && continue
	cp "$T/tu.c" "$T/tu.cc"
	for std in $cxx; do
		if g++ -std="$std" -pedantic-errors -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
			-fsyntax-only -I"$dir" "$T/tu.cc" 2>"$T/cc"; then
			ok "$h: g++ -std=$std"
		else
			not_ok "$h: g++ -std=$std" "$(head -n 5 "$T/cc")"
		fi
	done
done
summary
