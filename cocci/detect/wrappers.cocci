/// Lock wrappers: functions whose first parameter, a pointer to a lock
/// (or to a typedef name that may alias one), is handed on as the first
/// argument of another call: a known init or destroy, or a call the
/// driver may find to be another wrapper (across files: the driver
/// resolves wrappers of wrappers, spatch only says who calls whom). With
/// each such call: whether the wrapper returns its result directly or
/// through a variable it returns. The attributes a wrapper sets come from
/// the init_arg, pshared and recursive facts of its body (inits.cocci,
/// below), which carry the wrapper's name as their function.
//# Only the first parameter, passed on as the first argument, and not
//# through a cast or another variable: `pthread_mutex_t *l = m;
//# pthread_mutex_init(l, ...)` is not seen as a wrapper.
//# Macro wrappers are read by the driver from #define lines (macros.c):
//# typed rules do not match inside macro bodies.
//# Rules match calls and returns anywhere and python keeps those inside a
//# function whose first parameter they use: a rule over each function's
//# body (`<+... fn(P, ...) ...+>`) made detection ten times slower.
// Confidence: Moderate
// Keywords: wrapper, init_recursive_mutex, pthread_mutex_init

@initialize:python@
@@
# (file, function) -> (parameter, its type, the function's result type)
# of the functions of this file whose first parameter is a pointer to a
# possible lock; the places of their calls that hand it on.
LOCKPTR_WPARAMS = {}
LOCKPTR_WCALLS = set()
# (file, function) -> its second parameter, when that is a pointer to a
# known lock type.
LOCKPTR_WPARAMS2 = {}

def lockptr_wcall_at(p):
    return (p[0].file, p[0].line, p[0].column) in LOCKPTR_WCALLS

@wparam@
identifier W, P;
type T, RT;
position p;
@@
 RT W@p(T *P, ...) { ... }

@script:python@
W << wparam.W;
P << wparam.P;
T << wparam.T;
RT << wparam.RT;
p << wparam.p;
@@
# A parameter of a struct or basic type is never a lock (a --lock-type is
# matched by name); a typedef name may alias one.
t = lockptr_clean(T)
if t in LOCKPTR_LOCKS or (lockptr_value_type(t) and
                          not t.startswith(("struct ", "union "))):
    LOCKPTR_WPARAMS[(p[0].file, W)] = (P, t, lockptr_clean(RT))

@wcall@
identifier fn, P;
position p;
@@
 fn@p(P, ...)

@script:python@
fn << wcall.fn;
P << wcall.P;
p << wcall.p;
@@
# A call that hands the parameter on: a candidate the driver keeps only if
# the callee is an init or destroy of the parameter's lock family, or a
# wrapper of one. Lock operations (pthread_mutex_lock) are no wrapper's.
w = LOCKPTR_WPARAMS.get((p[0].file, p[0].current_element))
if w and w[0] == P and not lockptr_lock_api(fn):
    LOCKPTR_WCALLS.add((p[0].file, p[0].line, p[0].column))
    lockptr_emit("wcall", p, fn=fn, ptype=w[1], ret=w[2])

@wparam2@
identifier W, P;
type T, RT;
parameter P1;
position p;
@@
 RT W@p(P1, T *P, ...) { ... }

@script:python@
W << wparam2.W;
P << wparam2.P;
T << wparam2.T;
p << wparam2.p;
@@
# A second lock parameter (mutex_cond_init(m, c)): only told apart, for
# the reason of a unit initialised through it.
t = lockptr_clean(T)
if t in LOCKPTR_LOCKS:
    LOCKPTR_WPARAMS2[(p[0].file, W)] = P

@wcall2@
identifier fn, P;
position p;
@@
 fn@p(P, ...)

@script:python@
fn << wcall2.fn;
P << wcall2.P;
p << wcall2.p;
@@
if LOCKPTR_WPARAMS2.get((p[0].file, p[0].current_element)) == P and \
   not lockptr_lock_api(fn):
    lockptr_emit("wcall2", p, fn=fn)

@wret@
identifier fn, P;
position p;
@@
 return fn@p(P, ...);

@script:python@
p << wret.p;
@@
if lockptr_wcall_at(p):
    lockptr_emit("wret", p, var=None)

@wretneg@
identifier fn, P;
position p;
@@
(
 return -fn@p(P, ...);
|
 return -(fn@p(P, ...));
)

@script:python@
p << wretneg.p;
@@
# The project's errors are negative (return -pthread_mutex_init(...)).
if lockptr_wcall_at(p):
    lockptr_emit("wret", p, var=None, neg=True)

@wretvia@
identifier fn, P, M;
position p;
@@
 return M(fn@p(P, ...));

@script:python@
p << wretvia.p;
M << wretvia.M;
@@
# Through a macro (UV__ERR(x), libuv's (-(x))): the driver knows from the
# macro's body (macros.c "negate") whether it negates.
if lockptr_wcall_at(p):
    lockptr_emit("wret", p, var=None, via=M)

@wassign@
identifier fn, P, V;
position p;
@@
 V = fn@p(P, ...)

@script:python@
p << wassign.p;
V << wassign.V;
@@
# Also `int rc = pthread_mutex_init(m, &a);`: spatch sees the declaration
# as an assignment too.
if lockptr_wcall_at(p):
    lockptr_emit("wassign", p, var=V)

@wretvar@
identifier V;
position p;
@@
 return V@p;

@script:python@
p << wretvar.p;
V << wretvar.V;
@@
if (p[0].file, p[0].current_element) in LOCKPTR_WPARAMS:
    lockptr_emit("wret", p, var=V)

@wrecursive@
identifier fn =~ "^pthread_mutexattr_settype$";
expression A;
identifier K = {PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_RECURSIVE_NP};
position p;
@@
 fn@p(A, K)

@script:python@
A << wrecursive.A;
p << wrecursive.p;
@@
lockptr_emit("recursive", p, attr=A)
