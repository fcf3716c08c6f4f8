/// Members of structs and unions, and typedefs: the facts from which the
/// driver finds lock members and, transitively, lock-holding types.
//# Every member is reported (not only lock members): a struct that embeds
//# another struct holds its locks, and which struct holds a lock is only
//# known once every file has been read. Members of nested anonymous structs
//# are reported with their dotted path under the outer type; those of a
//# C11 anonymous member (no name) under their own name, with "anonymous".
//# A struct defined inside a macro expansion is seen only as far as spatch
//# expands the macro.
// Confidence: High
// Keywords: lock member, typedef, embedded struct

@initialize:python@
@@
def lockptr_fields(body):
    """Split the body of 'struct { A a ; B b [ 2 ] ; }' as spatch prints it
    into (type, name, dims) triples; nested bodies are kept whole."""
    out, depth, cur = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == ";" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    triples = []
    for decl in filter(None, out):
        m = re.fullmatch(r"(.*?)\s*\b([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)", decl, re.S)
        if m:
            triples.append((m.group(1), m.group(2), m.group(3)))
    return triples

def lockptr_member(owner, ftype, name, p, dims=""):
    ftype = lockptr_clean(ftype)
    m = re.fullmatch(r"(.*?)\s*((?:\[[^\]]*\]\s*)+)", ftype)
    if m:
        ftype, dims = m.group(1), m.group(2) + dims
    body = re.fullmatch(r"(struct|union)\s*([A-Za-z_]\w*)?\s*\{(.*)\}", ftype, re.S)
    if body and not body.group(2):
        # A nested anonymous struct: its members belong to the owner.
        for t, n, d in lockptr_fields(body.group(3)):
            lockptr_member(owner, t, name + "." + n, p, dims + d)
        return
    if body:
        ftype = body.group(1) + " " + body.group(2)
        # A tagged struct defined inside another: its members are its own.
        for t, n, d in lockptr_fields(body.group(3)):
            lockptr_member(ftype, t, n, p, d)
            lockptr_emit("def", p, type=ftype, member=n, mtype=lockptr_clean(t))
    if "*" in ftype or "(" in ftype:
        return  # pointers and function pointers hold no lock by value
    lockptr_emit("member", p, type=lockptr_clean(owner), member=name,
                 mtype=ftype, array=bool(dims.strip()))

@mfield@
type T, FT;
identifier m;
position p, q;
@@
T { ... FT@p m@q; ... };

@script:python@
T << mfield.T;
FT << mfield.FT;
m << mfield.m;
p << mfield.p;
q << mfield.q;
@@
lockptr_member(T, FT, m, p)
# Every definition is a fact, even one without a lock: two definitions of
# one tag in two files must never be merged. The name's own position gives
# the members' order (`int a, b;` share the type's).
lockptr_emit("def", p, type=lockptr_clean(T), member=m, mtype=lockptr_clean(FT),
             mline=int(q[0].line), mcol=int(q[0].column) + 1)

@manon@
type T, FT;
position p != mfield.p;
@@
T { ... FT@p; ... };

@script:python@
T << manon.T;
FT << manon.FT;
p << manon.p;
@@
# A C11 anonymous struct or union member (no name): its fields are the
# owner's own (o->sl), and so are its locks.
body = re.fullmatch(r"(struct|union)\s*\{(.*)\}", lockptr_clean(FT), re.S)
if body:
    for i, (t, n, d) in enumerate(lockptr_fields(body.group(2))):
        lockptr_member(T, t, n, p, d)
        lockptr_emit("def", p, type=lockptr_clean(T), member=n, mtype=lockptr_clean(t),
                     anonymous=True, mline=int(p[0].line), mcol=int(p[0].column) + 1 + i)

@mfieldv@
type T, FT;
identifier m, x;
position p != mfield.p, q;
@@
T { ... FT@p m@q; ... } x;

@script:python@
T << mfieldv.T;
FT << mfieldv.FT;
m << mfieldv.m;
p << mfieldv.p;
q << mfieldv.q;
@@
# A struct defined in the declaration of an object: `static struct v {
# ... } v;`.
lockptr_member(T, FT, m, p)
lockptr_emit("def", p, type=lockptr_clean(T), member=m, mtype=lockptr_clean(FT),
             mline=int(q[0].line), mcol=int(q[0].column) + 1)

@tdef@
type T, TD;
position p;
@@
typedef T TD@p;

@script:python@
T << tdef.T;
TD << tdef.TD;
p << tdef.p;
@@
of = lockptr_clean(T)
m = re.fullmatch(r"(struct|union)\s*([A-Za-z_]\w*)?\s*\{.*\}", of, re.S)
if m:
    of = (m.group(1) + " " + m.group(2)) if m.group(2) else TD
of = re.sub(r"\s*\[[^\]]*\]", "", of)
if of != TD and "*" not in of and "(" not in of:
    lockptr_emit("typedef", p, name=TD, of=of)
