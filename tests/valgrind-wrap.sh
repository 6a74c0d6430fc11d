#!/usr/bin/env bash
# Test wrapper of `meson test --setup=valgrind`: every process of the
# project's own programs that a test starts runs under valgrind (memcheck,
# leaks included), and any error makes it exit 99.
#   - a test that is one of our programs (a unit test) runs under valgrind;
#   - a test that is a script (bash, python3) runs as it is, but each
#     argument naming one of our programs (dtslint) is replaced by a shim
#     that runs it under valgrind, so every dtslint the script starts is
#     checked while bash and python themselves are not.
# valgrind is quiet (-q) unless it finds something, so outputs compared
# by the snapshot and hostile runners are unchanged when all is well.
set -u
vg=(valgrind -q --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)

ours() {
	case $1 in
	/usr/* | /bin/* | /sbin/*) return 1 ;;
	esac
	[ -f "$1" ] && [ -x "$1" ] && [ "$(head -c 4 "$1" | tr -d '\0')" = $'\x7fELF' ]
}

if ours "$1"; then
	exec "${vg[@]}" "$@"
fi
shims=$(mktemp -d)
chmod 755 "$shims"
trap 'rm -rf "$shims"' EXIT
args=()
for a in "$@"; do
	if ours "$a"; then
		mkdir -p "$shims/${#args[@]}"
		shim=$shims/${#args[@]}/$(basename "$a")
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${vg[*]}" "$a" > "$shim"
		chmod 755 "$shim"
		a=$shim
	fi
	args+=("$a")
done
"${args[@]}"
