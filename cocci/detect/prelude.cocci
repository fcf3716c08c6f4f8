/// Shared set-up for the detection patches: how a fact is printed.
//# The driver concatenates cocci/detect/*.cocci with this file first, so
//# that one spatch process per C file yields every fact of that file.
// Confidence: High
// Options: --disable-worth-trying-opt --very-quiet
// Keywords: lock, facts

virtual lockptr_user

@initialize:python@
@@
import json
import os
import re

# Lock types and their init functions: the built-in families plus the
# user's --lock-type NAME:INIT:DESTROY entries, handed over by the driver.
LOCKPTR_DESTROYS = {
    "pthread_mutex_t": "pthread_mutex_destroy",
    "pthread_rwlock_t": "pthread_rwlock_destroy",
    "pthread_spinlock_t": "pthread_spin_destroy",
    "pthread_cond_t": "pthread_cond_destroy",
    "pthread_barrier_t": "pthread_barrier_destroy",
    "mtx_t": "mtx_destroy",
    "cnd_t": "cnd_destroy",
    "sem_t": "sem_destroy",
}
LOCKPTR_LOCKS = {
    "pthread_mutex_t": "pthread_mutex_init",
    "pthread_rwlock_t": "pthread_rwlock_init",
    "pthread_spinlock_t": "pthread_spin_init",
    "pthread_cond_t": "pthread_cond_init",
    "pthread_barrier_t": "pthread_barrier_init",
    "mtx_t": "mtx_init",
    "cnd_t": "cnd_init",
    "sem_t": "sem_init",
}
LOCKPTR_USER_FNS = set()
for spec in filter(None, os.environ.get("LOCKPTR_USER_LOCKS", "").split(",")):
    parts = spec.split(":")
    if len(parts) == 3:
        LOCKPTR_LOCKS[parts[0]] = parts[1]
        LOCKPTR_DESTROYS[parts[0]] = parts[2]
        LOCKPTR_USER_FNS.update(parts[1:])
LOCKPTR_INITS = set(LOCKPTR_LOCKS.values())
LOCKPTR_DESTROY_FNS = set(LOCKPTR_DESTROYS.values())

LOCKPTR_QUALS = re.compile(r"\b(const|volatile|_Atomic|restrict|__restrict)\b")

LOCKPTR_TYPE_WORDS = {
    "struct", "union", "enum", "unsigned", "signed", "long", "short", "int",
    "char", "float", "double", "void", "_Bool", "_Complex",
}

def lockptr_clean(t):
    """A type as spatch prints it, without qualifiers or extra blanks, and
    without the macros spatch takes for part of it: in `local lock x;`
    (`#define local static`) the type is `lock`."""
    words = LOCKPTR_QUALS.sub(" ", t).split()
    while (len(words) >= 2 and words[0] not in LOCKPTR_TYPE_WORDS and
           re.fullmatch(r"[A-Za-z_]\w*", words[0]) and
           re.fullmatch(r"[A-Za-z_]\w*", words[1])):
        words.pop(0)
    return " ".join(words)

def lockptr_base(t):
    """A declared object's type without its array dimensions."""
    return re.sub(r"\s*\[[^\]]*\]", "", lockptr_clean(t))

def lockptr_emit(fact, p, **fields):
    # One fact per line, tagged so that it never mixes with other output.
    rec = {"k": fact, "file": p[0].file, "line": int(p[0].line),
            "col": int(p[0].column) + 1}
    fn = p[0].current_element
    if fn and fn != "something_else":
        rec["func"] = fn
    rec.update(fields)
    print("LOCKPTR\t" + json.dumps(rec, sort_keys=True))

# Lock operations other than init and destroy: never a wrapper, and not
# facts the driver needs. Named one by one: a project's own function may
# well be called sem_lock_init or pthread_mutex_init_shared.
LOCKPTR_LOCK_OPS = re.compile(
    r"(pthread_mutex_(lock|trylock|unlock|timedlock|clocklock|consistent|"
    r"getprioceiling|setprioceiling)|pthread_rwlock_(rdlock|wrlock|tryrdlock|"
    r"trywrlock|timedrdlock|timedwrlock|clockrdlock|clockwrlock|unlock)|"
    r"pthread_spin_(lock|trylock|unlock)|pthread_cond_(wait|timedwait|"
    r"clockwait|signal|broadcast)|pthread_barrier_wait|mtx_(lock|timedlock|"
    r"trylock|unlock)|cnd_(signal|broadcast|wait|timedwait)|sem_(wait|"
    r"trywait|timedwait|clockwait|post|getvalue))$")

def lockptr_lock_api(fn):
    return LOCKPTR_LOCK_OPS.match(fn) is not None

def lockptr_init(fn, m, T, p):
    # Init and destroy calls on a member. A call of another function on a
    # member's address may be a lock wrapper's (wrappers.cocci): the
    # driver keeps it if it finds the wrapper. Lock operations (lock,
    # unlock) are not facts the driver needs.
    if fn in LOCKPTR_INITS or fn in LOCKPTR_DESTROY_FNS:
        lockptr_emit("init" if fn in LOCKPTR_INITS else "destroy", p, fn=fn,
                     member=m, type=lockptr_clean(T) if T else None)
    elif not lockptr_lock_api(fn):
        lockptr_emit("call", p, fn=fn, member=m,
                     type=lockptr_clean(T) if T else None)

def lockptr_array_of(t):
    """The element type of an array of by-value objects ("struct s [ 4 ]"),
    or None."""
    m = re.fullmatch(r"(.*?)\s*(\[[^]]*\]\s*)+", lockptr_clean(t))
    return lockptr_value_type(m.group(1)) if m else None

def lockptr_array_dims(t):
    """The sizes of an array type's dimensions as written ("4", "N")."""
    return [d.strip() for d in re.findall(r"\[([^]]*)\]", lockptr_clean(t))]

def lockptr_value_type(t):
    """The type of a by-value struct/union/typedef object, or None for
    pointers, functions and basic types that can never hold a lock."""
    t = lockptr_clean(t)
    if "*" in t or "(" in t or "[" in t:
        return None
    if t.startswith("struct ") or t.startswith("union "):
        return t
    if re.fullmatch(r"[A-Za-z_]\w*", t) and t not in (
            "int", "char", "long", "short", "unsigned", "signed", "float",
            "double", "void", "size_t", "ssize_t", "_Bool", "bool"):
        return t
    return None
