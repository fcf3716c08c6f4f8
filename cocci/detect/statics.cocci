/// Static initializers of lock members (PTHREAD_*_INITIALIZER): designated,
/// nested, positional, and in arrays of structs. The driver migrates the
/// designated ones and refuses the others; after a migration the same rules
/// prove that no initializer of the unit is left. A compound literal that
/// initialises a lock is reported too (literal_init): the driver refuses it.
//# Positional static initializers are reported with a null member.
// Confidence: Moderate
// Keywords: PTHREAD_MUTEX_INITIALIZER, static initializer

@sdesig@
type T;
identifier x, fld;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 T x = { ..., .fld@p = I, ... };

@script:python@
T << sdesig.T;
x << sdesig.x;
fld << sdesig.fld;
I << sdesig.I;
p << sdesig.p;
@@
lockptr_emit("static_init", p, type=lockptr_base(T), member=fld, init=I,
             name=x, array="[" in T)

@snest@
type T;
identifier x, outer, fld;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 T x = { ..., .outer = { ..., .fld@p = I, ... }, ... };

@script:python@
T << snest.T;
x << snest.x;
outer << snest.outer;
fld << snest.fld;
I << snest.I;
p << snest.p;
@@
lockptr_emit("static_init", p, type=lockptr_base(T), member=outer + "." + fld, init=I,
             name=x, array="[" in T)

@sarr@
type T;
identifier x, fld;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 T x = { ..., { ..., .fld@p = I, ... }, ... };

@script:python@
T << sarr.T;
x << sarr.x;
fld << sarr.fld;
I << sarr.I;
p << sarr.p;
@@
# An array of structs, each element with a designated lock initializer.
lockptr_emit("static_init", p, type=lockptr_base(T), member=fld, init=I,
             name=x, array="[" in T)

@sarrpos@
type T;
identifier x;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 T x@p = { ..., { ..., I, ... }, ... };

@script:python@
T << sarrpos.T;
x << sarrpos.x;
I << sarrpos.I;
p << sarrpos.p;
@@
lockptr_emit("static_init", p, type=lockptr_base(T), member=None, init=I,
             name=x, array="[" in T)

@spos@
type T;
identifier x;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 T x@p = { ..., I, ... };

@script:python@
T << spos.T;
x << spos.x;
I << spos.I;
p << spos.p;
@@
lockptr_emit("static_init", p, type=lockptr_base(T), member=None, init=I,
             name=x, array="[" in T)

@slit@
type T;
identifier fld;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 (T){ ..., .fld@p = I, ... }

@script:python@
T << slit.T;
fld << slit.fld;
I << slit.I;
p << slit.p;
@@
# A compound literal that initialises a lock, (struct s){ .m = ... }:
# inside a function each evaluation makes an object, and none of them
# could point to one static lock object.
lockptr_emit("literal_init", p, type=lockptr_base(T), member=fld, init=I)

@slitpos@
type T;
identifier I =~ "^PTHREAD_.*INITIALIZER";
position p;
@@
 (T){ ..., I@p, ... }

@script:python@
T << slitpos.T;
I << slitpos.I;
p << slitpos.p;
@@
# The same, positional: (struct s){ PTHREAD_MUTEX_INITIALIZER, 0 } (the
# driver cannot tell which member without counting: null).
lockptr_emit("literal_init", p, type=lockptr_base(T), member=None, init=I)
