/// Places that copy a struct, union or typedef'd object by value: by-value
/// parameters, arguments, returns, assignments, initialisations, initializer
/// lists and memcpy/memmove of the object's size.
//# Every by-value copy of a struct-like type is reported; the driver keeps
//# those of lock-holding types. Copies whose type spatch cannot infer (a
//# typedef from a header it did not find) are missed: give -I or -p.
//# Not copies, as in go vet's copylocks: zero or literal initializers and a
//# call's result (the return inside the callee is reported instead).
// Confidence: Moderate
// Keywords: copy, by value, memcpy

@cparam@
type T;
identifier f, x;
position p;
@@
f(..., T@p x, ...) { ... }

@script:python@
T << cparam.T;
p << cparam.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="param", type=t)

@carg@
type T, T2;
T e;
expression ef, eg;
position p;
@@
(
 ef(..., eg(...), ...)
|
 ef(..., (T2){...}, ...)
|
 ef(..., e@p, ...)
)

@script:python@
T << carg.T;
p << carg.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="arg", type=t)

@cret@
type T, T2;
T e;
expression ef;
position p;
@@
(
 return ef(...);
|
 return (T2){...};
|
 return e@p;
)

@script:python@
T << cret.T;
p << cret.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="return", type=t)

@cassign@
type T, T2;
T e;
expression l, ef;
position p;
@@
(
 l = ef(...)
|
 l = (T2){...}
|
 l@p = e
)

@script:python@
T << cassign.T;
p << cassign.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="assign", type=t)

@cinit@
type T, T2;
identifier x;
expression ef, e;
position p, q;
@@
(
 T x = ef(...);
|
 T x = (T2){...};
|
 T@p x@q = e;
)

@script:python@
T << cinit.T;
x << cinit.x;
p << cinit.p;
q << cinit.q;
e << cinit.e;
@@
# q is where the same declaration is also seen as an assignment. The
# declared type decides: C initialises a struct only from one of its own
# type, so the initializer's type need not be known to spatch. A macro
# such as PTHREAD_MUTEX_INITIALIZER (upper case, not expanded by spatch)
# is a static initializer, no copy.
t = lockptr_value_type(T)
# At file scope (spatch's current element is then the declared name) C
# takes constant initializers only: no copy.
if (t and not re.fullmatch(r"[A-Z_][A-Z0-9_]*", e.strip()) and
        p[0].current_element != x):
    lockptr_emit("copy", p, kind="init", type=t, var_line=int(q[0].line),
                 var_col=int(q[0].column) + 1)

@clit@
type T, T2;
T e;
identifier x, fld;
position p;
@@
(
 T2 x = { ..., e@p, ... };
|
 T2 x = { ..., .fld = e@p, ... };
)

@script:python@
T << clit.T;
p << clit.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="literal", type=t)

@cmem@
type T;
T e;
expression d, s;
identifier fn = {memcpy, memmove};
position p;
@@
(
 fn@p(d, s, sizeof(T))
|
 fn@p(d, s, sizeof(e))
|
 fn@p(d, s, sizeof e)
)

@script:python@
T << cmem.T;
p << cmem.p;
@@
t = lockptr_value_type(T)
if t:
    lockptr_emit("copy", p, kind="memcpy", type=t)
