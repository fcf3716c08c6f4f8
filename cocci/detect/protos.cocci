/// The declarations of the init and destroy functions of --lock-type lock
/// types: their result and parameters tell the driver how to write the
/// helpers that allocate and free such a lock. Only with -D lockptr_user
/// (the driver passes it when there are --lock-type entries): other runs
/// pay nothing for these rules.
//# The function name is filtered in python: in spatch 1.1.1 an identifier
//# with a script constraint can no longer be inherited by a script rule.
// Confidence: High
// Keywords: --lock-type, prototype

@uproto depends on lockptr_user@
identifier fn;
type R;
parameter list ps;
position p;
@@
 R fn@p(ps);

@script:python@
fn << uproto.fn;
R << uproto.R;
ps << uproto.ps;
p << uproto.p;
@@
if fn in LOCKPTR_USER_FNS:
    lockptr_emit("proto", p, fn=fn, ret=lockptr_clean(R), params=str(ps), body=False)

@udef depends on lockptr_user@
identifier fn;
type R;
parameter list ps;
position p;
@@
 R fn@p(ps) { ... }

@script:python@
fn << udef.fn;
R << udef.R;
ps << udef.ps;
p << udef.p;
@@
if fn in LOCKPTR_USER_FNS:
    lockptr_emit("proto", p, fn=fn, ret=lockptr_clean(R), params=str(ps), body=True)
