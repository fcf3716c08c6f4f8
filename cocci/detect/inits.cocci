/// How lock members are initialised: init calls on a member (with the
/// attribute or pshared argument they pass), attributes
/// set to PTHREAD_PROCESS_SHARED, and objects placed in mmap'd or shared
/// memory. The driver refuses units that are process-shared or never
/// initialised.
//# The lock's address may be cast: (pthread_cond_t *)&s->c.
//# An init call whose object type spatch cannot infer is reported with a
//# null type; the driver matches it by member name and lock family.
// Confidence: Moderate
// Keywords: pthread_mutex_init, PTHREAD_PROCESS_SHARED, mmap

@iptr@
identifier fn, m;
type T, T2;
T *E;
expression I;
position p;
@@
(
 fn@p(&E->m[I], ...)
|
 fn@p(&E->m, ...)
|
 fn@p(&(E->m), ...)
|
 fn@p((T2)&E->m, ...)
)

@script:python@
fn << iptr.fn;
m << iptr.m;
T << iptr.T;
p << iptr.p;
@@
lockptr_init(fn, m, T, p)

@ival@
identifier fn, m;
type T, T2;
T E;
expression I;
position p;
@@
(
 fn@p(&E.m[I], ...)
|
 fn@p(&E.m, ...)
|
 fn@p(&(E.m), ...)
|
 fn@p((T2)&E.m, ...)
)

@script:python@
fn << ival.fn;
m << ival.m;
T << ival.T;
p << ival.p;
@@
lockptr_init(fn, m, T, p)

@iuntyped@
identifier fn, m;
expression E, I;
type T2;
position p != {iptr.p, ival.p};
@@
(
 fn@p(&E->m[I], ...)
|
 fn@p(&E->m, ...)
|
 fn@p(&(E->m), ...)
|
 fn@p((T2)&E->m, ...)
|
 fn@p(&E.m[I], ...)
|
 fn@p(&E.m, ...)
|
 fn@p(&(E.m), ...)
|
 fn@p((T2)&E.m, ...)
)

@script:python@
fn << iuntyped.fn;
m << iuntyped.m;
p << iuntyped.p;
@@
lockptr_init(fn, m, None, p)

@icall2p@
identifier fn, m;
type T;
T *E;
expression E0;
position p;
@@
 fn@p(E0, &E->m, ...)

@script:python@
fn << icall2p.fn;
m << icall2p.m;
T << icall2p.T;
p << icall2p.p;
@@
# A member's address as the second argument: a two-lock wrapper's second
# lock (mutex_cond_init(&s->m, &s->c)) if the driver finds a wcall2 of fn.
if not lockptr_lock_api(fn) and fn not in LOCKPTR_INITS and \
   fn not in LOCKPTR_DESTROY_FNS:
    lockptr_emit("call2", p, fn=fn, member=m, type=lockptr_clean(T))

@icall2v@
identifier fn, m;
type T;
T E;
expression E0;
position p;
@@
 fn@p(E0, &E.m, ...)

@script:python@
fn << icall2v.fn;
m << icall2v.m;
T << icall2v.T;
p << icall2v.p;
@@
if not lockptr_lock_api(fn) and fn not in LOCKPTR_INITS and \
   fn not in LOCKPTR_DESTROY_FNS:
    lockptr_emit("call2", p, fn=fn, member=m, type=lockptr_clean(T))

@icall2@
identifier fn, m;
expression E, E0;
position p != {icall2p.p, icall2v.p};
@@
(
 fn@p(E0, &E->m, ...)
|
 fn@p(E0, &E.m, ...)
)

@script:python@
fn << icall2.fn;
m << icall2.m;
p << icall2.p;
@@
# The same where spatch does not know the object's type.
if not lockptr_lock_api(fn) and fn not in LOCKPTR_INITS and \
   fn not in LOCKPTR_DESTROY_FNS:
    lockptr_emit("call2", p, fn=fn, member=m, type=None)

@iunchecked@
identifier fn;
expression L;
position p;
@@
 fn@p(L, ...);

@script:python@
fn << iunchecked.fn;
p << iunchecked.p;
@@
# An init call whose result nobody looks at: after the migration a failed
# allocation there cannot be handled, and the report says so.
if fn in LOCKPTR_INITS:
    lockptr_emit("init_unchecked", p, fn=fn)

@iargs@
identifier fn;
expression L, A;
expression list rest;
position p;
@@
 fn@p(L, A, rest)

@script:python@
fn << iargs.fn;
A << iargs.A;
p << iargs.p;
@@
# The attribute (pthread) or pshared flag (sem_init) of an init call.
if fn in LOCKPTR_INITS:
    lockptr_emit("init_arg", p, fn=fn, arg=A)

@pshared@
identifier fn =~ "^pthread_(mutex|rwlock|cond|barrier)attr_setpshared$";
expression A;
position p;
@@
 fn@p(A, PTHREAD_PROCESS_SHARED)

@script:python@
A << pshared.A;
p << pshared.p;
@@
lockptr_emit("pshared", p, attr=A)

@shm@
type T;
T *E;
identifier fn = {mmap, mmap64, shmat};
position p;
@@
(
 E =@p fn(...)
|
 E =@p (T *)fn(...)
)

@script:python@
T << shm.T;
fn << shm.fn;
p << shm.p;
@@
lockptr_emit("shm", p, type=lockptr_clean(T), fn=fn)

@shmdecl@
type T;
identifier x;
identifier fn = {mmap, mmap64, shmat};
position p;
@@
(
 T *x@p = fn(...);
|
 T *x@p = (T *)fn(...);
)

@script:python@
T << shmdecl.T;
fn << shmdecl.fn;
p << shmdecl.p;
@@
lockptr_emit("shm", p, type=lockptr_clean(T), fn=fn)

@zext@
type T;
identifier x;
position p;
@@
 extern T x@p;

@zproto@
type T;
identifier f;
parameter list ps;
position p;
@@
 T f@p(ps);

@zstatic@
type T;
identifier x;
position p != {zext.p, zproto.p};
@@
 T x@p;

@script:python@
T << zstatic.T;
x << zstatic.x;
p << zstatic.p;
@@
# An object of static storage duration with no initializer: its locks are
# zeroed memory. Prototypes are left out above: spatch 1.1.1 cannot print
# some function types (an unnamed pointer-to-function parameter) and would
# abort the whole file. (For a declaration at file scope spatch's current element
# is the declared name itself.)
t = lockptr_value_type(T)
if t and p[0].current_element == x:
    lockptr_emit("zero_static", p, type=t, name=x)
elif p[0].current_element == x and lockptr_array_of(T):
    lockptr_emit("zero_static", p, type=lockptr_array_of(T), name=x, array=True,
                 dims=lockptr_array_dims(T))

@zlocal@
type T;
identifier x;
position p;
@@
 static T x@p;

@script:python@
T << zlocal.T;
x << zlocal.x;
p << zlocal.p;
@@
# The same for a static object inside a function (the rule above keeps
# file scope only: there `T x;` also matches automatic objects).
t = lockptr_value_type(T)
if t and p[0].current_element != x:
    lockptr_emit("zero_static", p, type=t, name=x)
elif p[0].current_element != x and lockptr_array_of(T):
    lockptr_emit("zero_static", p, type=lockptr_array_of(T), name=x, array=True,
                 dims=lockptr_array_dims(T))

@zlocalinit@
type T;
identifier x;
position p;
@@
 static T x@p = { ... };

@script:python@
T << zlocalinit.T;
x << zlocalinit.x;
p << zlocalinit.p;
@@
t = lockptr_value_type(T)
if t and p[0].current_element != x:
    lockptr_emit("zero_static", p, type=t, name=x, init=True)

@zdef@
type T;
identifier x;
position p;
@@
 T { ... } x@p;

@script:python@
T << zdef.T;
x << zdef.x;
p << zdef.p;
@@
# The same, for an object declared with its struct: `static struct v {
# ... } v;` (with_def: the declaration spells the definition).
t = lockptr_value_type(T)
if t and p[0].current_element == x:
    lockptr_emit("zero_static", p, type=t, name=x, with_def=True)

@zinit@
type T;
identifier x;
position p;
@@
 T x@p = { ... };

@script:python@
T << zinit.T;
x << zinit.x;
p << zinit.p;
@@
# An object of static storage duration with an initializer list: its locks
# are zeroed memory unless the list initialises them (static_init facts of
# the same name say which do; the driver matches them).
t = lockptr_value_type(T)
if t and p[0].current_element == x:
    lockptr_emit("zero_static", p, type=t, name=x, init=True)
