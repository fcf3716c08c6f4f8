#!/usr/bin/env python3
"""Writes a C tree for the apply bench of `make bench` (issue 15), the same
for the same arguments: gen_units.py DIR NTYPES NMEMBERS NBAD [NPLAIN].

Each of NTYPES structs (lib/tK.h) holds NMEMBERS mutexes, each a unit:
src/tK.c initialises, locks and destroys every one of them and copies
the struct; src/tK_use.c locks them through a pointer. NBAD units, spread
over the types, are read by value through a macro (the migrated code does
not compile): apply must roll them back and keep the others. NPLAIN
(default 40) files name no lock."""
import os
import sys


def header(k, nm, bad):
    members = "".join("\tpthread_mutex_t m%d;\n" % j for j in range(nm))
    macros = "".join("#define T%d_SNAP_M%d(x) ((x)->m%d)\n" % (k, j, j) for j in bad)
    return ("#ifndef T%d_H\n#define T%d_H\n#include <pthread.h>\n#include <string.h>\n\n"
            "struct t%d {\n\tlong n;\n%s};\n\n%s"
            "int t%d_init(struct t%d *s);\nvoid t%d_fini(struct t%d *s);\n"
            "long t%d_use(struct t%d *s);\n#endif\n"
            % (k, k, k, members, macros, k, k, k, k, k, k))


def source(k, nm, bad):
    inits = "".join("\tif (pthread_mutex_init(&s->m%d, NULL) != 0)\n\t\treturn -1;\n" % j
                    for j in range(nm))
    fini = "".join("\tpthread_mutex_destroy(&s->m%d);\n" % j for j in range(nm))
    snaps = "".join("\tpthread_mutex_t snap%d = T%d_SNAP_M%d(s);\n\t(void)snap%d;\n"
                    % (j, k, j, j) for j in bad)
    return ('#include "t%d.h"\n\nint t%d_init(struct t%d *s)\n{\n\ts->n = 0;\n%s%s'
            "\treturn 0;\n}\n\nvoid t%d_fini(struct t%d *s)\n{\n%s}\n\n"
            "struct t%d t%d_copy(const struct t%d *s)\n{\n\treturn *s;\n}\n"
            % (k, k, k, inits, snaps, k, k, fini, k, k, k))


def user(k, nm):
    body = "".join("\tpthread_mutex_lock(&s->m%d);\n\ts->n++;\n\tpthread_mutex_unlock(&s->m%d);\n"
                   % (j, j) for j in range(nm))
    return ('#include "t%d.h"\n\nlong t%d_use(struct t%d *s)\n{\n%s\treturn s->n;\n}\n'
            % (k, k, k, body))


def plain(i):
    fns = "".join("int plain_%d_%d(int a, int b)\n{\n\tint c = a * %d + b;\n\n"
                  "\tfor (int k = 0; k < b; k++)\n\t\tc += k ^ a;\n\treturn c;\n}\n\n"
                  % (i, f, f + 1) for f in range(20))
    return "#include <stdio.h>\n\n" + fns


def main():
    top, nt, nm, nbad = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    nplain = int(sys.argv[5]) if len(sys.argv) > 5 else 40
    os.makedirs(os.path.join(top, "lib"), exist_ok=True)
    os.makedirs(os.path.join(top, "src"), exist_ok=True)
    units = [(k, j) for k in range(nt) for j in range(nm)]
    # Spread the bad units over the tree: every len/nbad-th unit.
    bad = set(units[(i * len(units)) // nbad + len(units) // (2 * nbad)] for i in range(nbad)) \
        if nbad else set()
    for k in range(nt):
        mine = sorted(j for (t, j) in bad if t == k)
        with open(os.path.join(top, "lib", "t%d.h" % k), "w") as f:
            f.write(header(k, nm, mine))
        with open(os.path.join(top, "src", "t%d.c" % k), "w") as f:
            f.write(source(k, nm, mine))
        with open(os.path.join(top, "src", "t%d_use.c" % k), "w") as f:
            f.write(user(k, nm))
    for i in range(nplain):
        with open(os.path.join(top, "src", "plain%d.c" % i), "w") as f:
            f.write(plain(i))


main()
