/// Places that copy a struct, union or typedef'd object by value: by-value
/// parameters, arguments, returns, assignments, initialisations, initializer
/// lists and compound literals, and memcpy/memmove of the object's size,
/// wherever the expression sits (inside another call, an operator, a
/// condition, a cast to void, a macro argument that spatch parses).
//# Every by-value copy of a struct-like type is reported; the driver keeps
//# those of lock-holding types. Copies whose type spatch cannot infer (a
//# typedef from a header it did not find) are missed: give -I or -p.
//# Not copies, as in go vet's copylocks: zero or literal initializers, a
//# call's result (the return inside the callee is reported instead), a
//# compound literal used as a whole, and anything inside sizeof or typeof
//# (never evaluated).
//# A conditional `c ? x : y` used as a value copies each arm that is an
//# object: each is a site. A comma expression used as a value copies its
//# last operand.
//# A function-like macro that spatch takes for a call is taken for one:
//# its struct arguments are reported as arguments.
// Confidence: Moderate
// Keywords: copy, by value, memcpy

@initialize:python@
@@
# Every rule below matches only expressions of a by-value struct-like type
# (the constraint on T): the time spatch takes grows with the square of
# the number of matches of a rule, and most expressions are not such values.
#
# Per file, the facts the copy rules consult: the spans of the operands
# of sizeof and typeof (nothing inside is evaluated), conditionals of
# struct type with their arms, the names a declaration initialises (spatch
# also sees them as assignments), and the initialisations waiting for the
# other declarators of their declaration.
LOCKPTR_UNEVAL = {}
LOCKPTR_CONDS = {}
LOCKPTR_DECLARED = set()
LOCKPTR_PENDING = {}

# A string or character literal, or any other token. Quotes and
# backslashes are spelled as escapes (and comments here have no
# apostrophes): the lexer of spatch reads this code too.
LOCKPTR_TOKEN = re.compile(r"[\x22](?:[\x5c].|[^\x22\x5c])*[\x22]|"
                           r"[\x27](?:[\x5c].|[^\x27\x5c])*[\x27]|\S+")
LOCKPTR_ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
                      "<<=", ">>="}

def lockptr_is_value(t):
    """The type constraint. A declared type comes with the blanks and the
    comments that follow it in the source: drop the comments."""
    t = re.sub(r"[/][*].*?[*][/]|[/][/][^\n]*", " ", t, flags=re.S)
    return lockptr_value_type(t) is not None

def lockptr_span(p):
    return ((int(p[0].line), int(p[0].column)),
            (int(p[0].line_end), int(p[0].column_end)))

def lockptr_close(toks, i):
    """The index of the bracket that closes toks[i], or -1."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in pairs:
            depth += 1
        elif toks[j] in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return -1

def lockptr_top(toks):
    """The tokens of toks outside any bracket, with their indexes."""
    depth = 0
    for i, t in enumerate(toks):
        if t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        elif depth == 0:
            yield i, t

def lockptr_shape(e):
    """What an expression of struct type, as spatch prints it (tokens
    separated by blanks), gives when used as a value: "object" (its bytes
    are copied), "value" (the result of a call, a compound literal: a new
    value, no object copied) or "cond" (a conditional: its arms decide)."""
    toks = LOCKPTR_TOKEN.findall(e)
    while toks and toks[0] == "(" and lockptr_close(toks, 0) == len(toks) - 1:
        toks = toks[1:-1]
    if not toks:
        return "value"
    top = list(lockptr_top(toks))
    commas = [i for i, t in top if t == ","]
    if commas:
        return lockptr_shape(" ".join(toks[commas[-1] + 1:]))
    if any(t in LOCKPTR_ASSIGN_OPS for _, t in top):
        return "object"
    if any(t == "?" for _, t in top):
        return "cond"
    # (T){ ... }: a compound literal.
    if toks[0] == "(" and toks[-1] == "}":
        return "value"
    # A call: a postfix expression ending in an argument list; anything
    # else before that list (a `*`, a `&`) makes it an operand.
    if toks[-1] == ")":
        depth, start = 0, -1
        for i in range(len(toks) - 1, -1, -1):
            if toks[i] == ")":
                depth += 1
            elif toks[i] == "(":
                depth -= 1
                if depth == 0:
                    start = i
                    break
        if start > 0 and all(
                re.fullmatch(r"[A-Za-z_]\w*|\.|->|\)|\]", t)
                for i, t in top if i < start):
            return "value"
    return "object"

def lockptr_uneval(p):
    """Inside the operand of sizeof or typeof?"""
    (start, end) = lockptr_span(p)
    return any(s <= start and end <= e
               for s, e in LOCKPTR_UNEVAL.get(p[0].file, ()))

def lockptr_sources(p, e):
    """The positions of the objects a value of struct type copies: itself,
    the arms of a conditional (recursively), none for a new value."""
    shape = lockptr_shape(e)
    if shape == "value" or lockptr_uneval(p):
        return []
    if shape == "object":
        return [p[0]]
    # The value is the conditional inside its span that ends last (the
    # last operand of a comma expression), and of those the outermost.
    (start, end) = lockptr_span(p)
    inside = [(t, (-s[0], -s[1]), arms)
              for (s, t), arms in LOCKPTR_CONDS.get(p[0].file, {}).items()
              if start <= s and t <= end]
    if not inside:
        # Arms spatch could not type: the conditional is the site.
        return [p[0]]
    out = []
    for arm, text in max(inside, key=lambda c: (c[0], c[1]))[2]:
        out += lockptr_sources(arm, text)
    return out

def lockptr_copy(kind, T, p, e, pe=None, **fields):
    """Emits one copy fact per object that the value e (at pe, default p)
    copies; the site is p for a plain object, each arm for a conditional."""
    t = lockptr_value_type(T)
    if not t:
        return
    value = pe or p
    for src in lockptr_sources(value, e):
        lockptr_emit("copy", p if src is value[0] else [src], kind=kind,
                     type=t, **fields)

@cparam@
type T : script:python () { lockptr_is_value(T) };
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

@cuneval@
expression E;
position q;
@@
sizeof E@q

@script:python@
q << cuneval.q;
@@
LOCKPTR_UNEVAL.setdefault(q[0].file, []).append(lockptr_span(q))

@ctypeof@
expression E;
position q;
@@
typeof(E@q)

@script:python@
q << ctypeof.q;
@@
LOCKPTR_UNEVAL.setdefault(q[0].file, []).append(lockptr_span(q))

@ccond@
type T1 : script:python () { lockptr_is_value(T1) };
type T2 : script:python () { lockptr_is_value(T2) };
T1 e1;
T2 e2;
expression E;
position p, p1, p2;
@@
E@p ? e1@p1 : e2@p2

@script:python@
p << ccond.p;
p1 << ccond.p1;
p2 << ccond.p2;
e1 << ccond.e1;
e2 << ccond.e2;
@@
# The span of the whole conditional: from its condition to its last arm.
LOCKPTR_CONDS.setdefault(p[0].file, {})[
    (lockptr_span(p)[0], lockptr_span(p2)[1])] = [(p1, e1), (p2, e2)]

@carg@
type T : script:python () { lockptr_is_value(T) };
T e;
expression ef;
position p;
@@
ef(..., e@p, ...)

@script:python@
T << carg.T;
p << carg.p;
e << carg.e;
@@
lockptr_copy("arg", T, p, e)

@cret@
type T : script:python () { lockptr_is_value(T) };
T e;
position p;
@@
return e@p;

@script:python@
T << cret.T;
p << cret.p;
e << cret.e;
@@
lockptr_copy("return", T, p, e)

@cinit@
type T : script:python () { lockptr_is_value(T) };
identifier x;
expression e;
position p, q, pe;
@@
T@p x@q = e@pe;

@script:python@
T << cinit.T;
x << cinit.x;
p << cinit.p;
q << cinit.q;
e << cinit.e;
pe << cinit.pe;
@@
# q is where the same declaration is also seen as an assignment. The
# declared type decides: C initialises a struct only from one of its own
# type, so the type of the initializer need not be known to spatch. A macro
# such as PTHREAD_MUTEX_INITIALIZER (upper case, not expanded by spatch)
# is a static initializer, no copy. At file scope (the current element
# of spatch is then the declared name) C takes constant initializers
# only: no copy. The facts wait for the other declarators of the declaration.
LOCKPTR_DECLARED.add((q[0].file, q[0].line, q[0].column))
if (not re.fullmatch(r"[A-Z_][A-Z0-9_]*", e.strip()) and
        p[0].current_element != x):
    key = (p[0].file, p[0].line, p[0].column)
    LOCKPTR_PENDING.setdefault(key, []).append(
        (lockptr_span(q)[0], T, p, q, e, pe))

@script:python depends on cinit@
@@
# In `struct s x = *p, y = *q;` both declarators copy: the first is
# reported where the declaration starts, the others at their names.
for key, decls in sorted(LOCKPTR_PENDING.items()):
    decls.sort(key=lambda d: d[0])
    for i, (_, T, p, q, e, pe) in enumerate(decls):
        t = lockptr_value_type(T)
        for src in lockptr_sources(pe, e):
            at = src if src is not pe[0] else (p[0] if i == 0 else q[0])
            lockptr_emit("copy", [at], kind="init", type=t,
                         var_line=int(q[0].line), var_col=int(q[0].column) + 1)
LOCKPTR_PENDING.clear()

@cassign@
type T : script:python () { lockptr_is_value(T) };
T e;
expression l;
position p, pe;
@@
l@p = e@pe

@script:python@
T << cassign.T;
p << cassign.p;
e << cassign.e;
pe << cassign.pe;
@@
# A declaration initialises: cinit reports it, not as an assignment.
if (p[0].file, p[0].line, p[0].column) not in LOCKPTR_DECLARED:
    lockptr_copy("assign", T, p, e, pe)

// Initializer lists and compound literals: one rule per form of element
// (positional, designated by member or by index, one list deep), since a
// disjunction of them loses elements of the same statement.
@clit1@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
identifier x;
position p;
@@
T2 x = { ..., e@p, ... };

@script:python@
T << clit1.T;
p << clit1.p;
e << clit1.e;
@@
lockptr_copy("literal", T, p, e)

@clit2@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
identifier x, fld;
position p;
@@
T2 x = { ..., .fld = e@p, ... };

@script:python@
T << clit2.T;
p << clit2.p;
e << clit2.e;
@@
lockptr_copy("literal", T, p, e)

@clit3@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
identifier x;
expression E;
position p;
@@
T2 x = { ..., [E] = e@p, ... };

@script:python@
T << clit3.T;
p << clit3.p;
e << clit3.e;
@@
lockptr_copy("literal", T, p, e)

@clit4@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
identifier x;
position p;
@@
T2 x = { ..., { ..., e@p, ... }, ... };

@script:python@
T << clit4.T;
p << clit4.p;
e << clit4.e;
@@
lockptr_copy("literal", T, p, e)

@clit5@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
position p;
@@
 (T2){ ..., e@p, ... }

@script:python@
T << clit5.T;
p << clit5.p;
e << clit5.e;
@@
lockptr_copy("literal", T, p, e)

@clit6@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
identifier fld;
position p;
@@
 (T2){ ..., .fld = e@p, ... }

@script:python@
T << clit6.T;
p << clit6.p;
e << clit6.e;
@@
lockptr_copy("literal", T, p, e)

@clit7@
type T : script:python () { lockptr_is_value(T) };
type T2;
T e;
expression E;
position p;
@@
 (T2){ ..., [E] = e@p, ... }

@script:python@
T << clit7.T;
p << clit7.p;
e << clit7.e;
@@
lockptr_copy("literal", T, p, e)

@cmem@
type T : script:python () { lockptr_is_value(T) };
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
if t and not lockptr_uneval(p):
    lockptr_emit("copy", p, kind="memcpy", type=t)
