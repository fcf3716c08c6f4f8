#!/bin/sh
# Usage errors: every bad command line gets one clear line and status 2.
. "$(dirname "$0")/../lib.sh"
cd "$T"
printf '#include <pthread.h>\nstruct s { pthread_mutex_t m; };\n' >ok.c

run "$LOCKPTR"
expect "no command" 2 'err:^usage: lockptr COMMAND'
run "$LOCKPTR" --help
expect "--help" 0 '--lock-type' '--init-wrapper' 'exit status' '^  scan '
run "$LOCKPTR" scan -h
expect "scan -h" 0 '^usage:'
run "$LOCKPTR" --version
expect "--version names lockptr and spatch" 0 '^lockptr [0-9]+\.[0-9]+\.[0-9]+$' 'spatch version'
run "$LOCKPTR" frobnicate
expect "unknown command" 2 "line1:^lockptr: 'frobnicate' is not a command"
run "$LOCKPTR" scan --frobnicate ok.c
expect "unknown option" 2 "line1:^lockptr: scan: unknown .*option '--frobnicate'"
run "$LOCKPTR" scan -x ok.c
expect "unknown short option" 2 "line1:unknown option '-x'"
run "$LOCKPTR" scan --format xml ok.c
expect "bad --format" 2 "line1:^lockptr: scan: --format 'xml': expected text, json or sarif$"
run "$LOCKPTR" scan -j 0 ok.c
expect "-j 0" 2 "line1:^lockptr: scan: -j '0': expected a number from 1 to 256$"
run "$LOCKPTR" scan -j two ok.c
expect "-j two" 2 "line1:-j 'two'"
run "$LOCKPTR" scan ok.c -j
expect "-j without value" 2 'line1:option -j needs a value'
run "$LOCKPTR" scan --progress sometimes ok.c
expect "bad --progress" 2 "line1:--progress 'sometimes'"
run "$LOCKPTR" scan --timeout -1 ok.c
expect "bad --timeout" 2 "line1:--timeout '-1'"
run "$LOCKPTR" scan --lock-type my_lock ok.c
expect "bad --lock-type" 2 'line1:NAME:INIT:DESTROY'
run "$LOCKPTR" scan --lock-type 'a b:i:d' ok.c
expect "--lock-type with a blank" 2 'line1:three C identifiers'
run "$LOCKPTR" scan --init-wrapper lk_setup ok.c
expect "--init-wrapper without a value" 2 'line1:expected NAME:VALUE'
run "$LOCKPTR" scan --init-wrapper 'lk setup:-1' ok.c
expect "--init-wrapper with a blank" 2 "line1:--init-wrapper 'lk setup:-1'"
run "$LOCKPTR" scan --only nodot ok.c
expect "--only without member" 2 'line1:expected TYPE.MEMBER'
run "$LOCKPTR" scan --only 'struct nosuch.m' ok.c
expect "unknown --only unit" 2 "line1:^lockptr: --only 'struct nosuch.m': no such unit"
run "$LOCKPTR" scan --all --only 'struct s.m' ok.c
expect "--all with --only" 2 'line1:exclude each other'
run "$LOCKPTR" scan -D '=1' ok.c
expect "bad -D" 2 "line1:-D '=1'"
run "$LOCKPTR" scan --macro-file nosuch.h ok.c
expect "missing --macro-file" 2 'line1:^lockptr: --macro-file nosuch.h: No such file'
summary
