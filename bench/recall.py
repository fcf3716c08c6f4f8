#!/usr/bin/env python3
"""Recall and precision of lockptr's facts against the compiler's view.

For every entry of TREE/compile_commands.json (deduplicated by file and
flags) this runs clang twice, never through a shell:

  clang <flags> -fsyntax-only -Xclang -ast-dump=json   the typed AST
  clang <flags> -E                                     which lines compile

and reads from the AST, for the code inside TREE only:
  - lock members: fields (after typedefs) of a lock type or an array of one,
    keyed by (type as lockptr spells it, member path, file);
  - lock-holding types, transitively;
  - copy sites of lock-holding types (and of bare lock types), keyed by
    (file, line, kind): param, arg, return, assign, init, literal, memcpy.
The reference is the union over all configurations.  Then it runs
`lockptr scan --format json --all -p compile_commands.json -j N .` in TREE
(or reads a saved output) and lists every miss and every false fact.  A
lockptr fact the compiler does not have is "#if" when its file is compiled
but that line by no entry, "config" (copies) when the entries that compile
the line do not see the copied type hold a lock, "false" otherwise, and
"outside the build" when no entry compiles its file at all; all but the
last count against precision, the last is listed apart.

Exit status: 0, or 1 when a --min-* threshold is not met, 2 on an error.
Python 3 standard library only.
"""

import argparse
import bisect
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys

LOCK_TYPES = {
    "pthread_mutex_t", "pthread_rwlock_t", "pthread_spinlock_t",
    "pthread_cond_t", "pthread_barrier_t", "mtx_t", "cnd_t", "sem_t",
}
MEMCPY_NAMES = {
    "memcpy", "memmove", "__builtin_memcpy", "__builtin_memmove",
    "__builtin___memcpy_chk", "__builtin___memmove_chk",
}
KINDS = ("param", "arg", "return", "assign", "init", "literal", "memcpy")
UNEVALUATED = {"UnaryExprOrTypeTraitExpr", "OffsetOfExpr"}
QUALIFIERS = {"const", "volatile", "restrict", "__restrict", "__restrict__",
              "_Atomic", "__volatile__", "__const"}
ANON_RE = re.compile(r"\((?:anonymous|unnamed)(?: struct| union)? at "
                     r"(.+):(\d+):(\d+)\)")

# Flags that make no sense for a syntax-only run or that name outputs.
DROP_ALONE = {"-c", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-pipe",
              "-S", "-E", "-fsyntax-only", "-v", "-save-temps"}
DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ", "-x"}
UNKNOWN_FLAG_RE = re.compile(
    r"error: (?:unknown argument|unsupported option|unknown warning option|"
    r"the clang compiler does not support)[^']*'([^']+)'")


def die(msg):
    print("recall.py: " + msg, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- compdb --

def entry_argv(entry):
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def entry_flags(entry):
    """The entry's flags for clang: no compiler, no outputs, no source."""
    directory = entry["directory"]
    source = os.path.normpath(os.path.join(directory, entry["file"]))
    argv = entry_argv(entry)[1:]
    flags = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in DROP_WITH_VALUE:
            i += 2
            continue
        if a in DROP_ALONE or a.startswith("-W") and not a.startswith("-Wp,"):
            i += 1
            continue
        if a.startswith("-o") and len(a) > 2 or a.startswith("-MF") or \
                a.startswith("-MT") or a.startswith("-MQ"):
            i += 1
            continue
        if not a.startswith("-") and \
                os.path.normpath(os.path.join(directory, a)) == source:
            i += 1
            continue
        flags.append(a)
        i += 1
    return source, flags


def load_entries(compdb):
    try:
        with open(compdb, encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (compdb, e))
    seen = set()
    out = []
    for e in entries:
        if not e.get("file", "").endswith(".c"):
            continue
        source, flags = entry_flags(e)
        key = (source, tuple(flags))
        if key in seen:
            continue
        seen.add(key)
        out.append({"directory": e["directory"], "file": source,
                    "flags": flags})
    return out, len(entries)


# ------------------------------------------------------------ clang runs --

def run_clang(clang, directory, flags, source, extra):
    """Run clang; drop flags it rejects and retry.  (stdout, stderr, dropped)"""
    flags = list(flags)
    dropped = []
    for _ in range(12):
        argv = [clang] + flags + extra + [source]
        p = subprocess.run(argv, cwd=directory, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False)
        err = p.stderr.decode("utf-8", "replace")
        bad = UNKNOWN_FLAG_RE.findall(err)
        bad = [b for b in bad if b in flags]
        if not bad:
            return p.returncode, p.stdout, err, flags, dropped
        for b in bad:
            flags.remove(b)
            dropped.append(b)
    return p.returncode, p.stdout, err, flags, dropped


class Paths:
    """Resolve the file names clang prints to paths relative to the tree."""

    def __init__(self, tree, directory):
        self.tree = tree
        self.directory = directory
        self.cache = {}

    def rel(self, name):
        if name is None:
            return None
        r = self.cache.get(name)
        if r is None:
            if name.startswith("<"):
                r = ""
            else:
                full = os.path.realpath(os.path.join(self.directory, name))
                r = os.path.relpath(full, self.tree)
                if r.startswith(".." + os.sep) or r == "..":
                    r = ""
            self.cache[name] = r
        return r or None


def compiled_lines(text, paths):
    """Non-blank lines of tree files in `clang -E` output, per file."""
    lines = {}
    cur = None
    line = 0
    marker = re.compile(r'^# (\d+) "((?:[^"\\]|\\.)*)"')
    for raw in text.split("\n"):
        if raw.startswith("# "):
            m = marker.match(raw)
            if m:
                line = int(m.group(1))
                name = m.group(2).replace("\\\\", "\\")
                cur = paths.rel(name)
                continue
        if cur is not None and raw.strip():
            lines.setdefault(cur, set()).add(line)
        line += 1
    return lines


# -------------------------------------------------------------- the AST --

def annotate_locations(root):
    """Resolve the JSON dumper's delta-encoded locations in document order.

    Every bare location ({"offset": ...}) gets "_f" (file as clang names it)
    and "_l" (line).  The dumper writes a file or line only when it changes
    since the previous location written, in the order of the document."""
    cur_file = None
    cur_line = None
    stack = [iter((root,))]
    while stack:
        try:
            v = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if isinstance(v, dict):
            if "offset" in v:
                if "file" in v:
                    cur_file = v["file"]
                if "line" in v:
                    cur_line = v["line"]
                v["_f"] = cur_file
                v["_l"] = cur_line
                continue
            stack.append(iter(v.values()))
        elif isinstance(v, list):
            stack.append(iter(v))


def where(node, key="begin"):
    """(file, line, col, in_macro, macro_arg) of a node's range begin."""
    loc = node.get("range", {}).get(key) if key else node.get("loc")
    if not loc:
        return None
    macro = False
    if "expansionLoc" in loc:
        macro = True
        exp = loc["expansionLoc"]
        arg = bool(loc.get("isMacroArgExpansion"))
        return exp.get("_f"), exp.get("_l"), exp.get("col"), macro, arg
    if "_f" not in loc:
        return None
    return loc["_f"], loc["_l"], loc.get("col"), macro, False


def children(node):
    return node.get("inner", ())


def strip_anon(s):
    """Replace "(unnamed struct at f:1:2)" by a placeholder, keep the key."""
    m = ANON_RE.search(s)
    if not m:
        return s, None
    key = (m.group(1), int(m.group(2)), int(m.group(3)))
    return s[:m.start()] + "@ANON@" + s[m.end():], key


class TU:
    """One translation unit's records, typedefs and the facts they give."""

    def __init__(self, ast, paths):
        self.paths = paths
        self.records = {}       # id -> record
        self.by_tag = {}        # ("struct", tag) -> id (last definition)
        self.by_loc = {}        # (file, line, col) -> id
        self.typedefs = {}      # name -> resolved type node summary
        self.rec_typedef = {}   # record id -> first typedef name
        self.memo_res = {}
        self.memo_hold = {}
        self.collect(ast)

    # ---- declarations
    def collect(self, ast):
        stack = [(ast, None)]
        while stack:
            node, parent_rec = stack.pop()
            kind = node.get("kind")
            if kind == "RecordDecl" and node.get("completeDefinition"):
                self.add_record(node, parent_rec)
                parent_rec = node["id"]
            elif kind == "TypedefDecl":
                self.add_typedef(node)
            for c in children(node):
                if isinstance(c, dict):
                    stack.append((c, parent_rec))

    def add_record(self, node, parent):
        w = where(node, None) or where(node)
        fields = []
        for c in children(node):
            if c.get("kind") == "FieldDecl":
                fields.append({
                    "name": c.get("name", ""),
                    "type": c.get("type", {}).get("qualType", ""),
                    "implicit": bool(c.get("isImplicit")),
                    "where": where(c) or where(c, None),
                })
        rid = node["id"]
        rec = {"tag": node.get("tagUsed", "struct"), "name": node.get("name", ""),
               "fields": fields, "parent": parent, "where": w}
        self.records[rid] = rec
        if rec["name"]:
            self.by_tag[(rec["tag"], rec["name"])] = rid
        loc = node.get("loc", {})
        if "expansionLoc" in loc:
            loc = loc["expansionLoc"]
        if "_f" in loc:
            self.by_loc[(loc["_f"], loc["_l"], loc.get("col"))] = rid
        if "spellingLoc" in node.get("loc", {}):
            sp = node["loc"]["spellingLoc"]
            if "_f" in sp:
                self.by_loc.setdefault((sp["_f"], sp["_l"], sp.get("col")), rid)

    def add_typedef(self, node):
        name = node.get("name")
        inner = children(node)
        summary = None
        if inner:
            summary = self.type_node(inner[0])
        if summary is None:
            summary = ("str", node.get("type", {}).get("qualType", ""))
        if name in self.typedefs:
            return
        self.typedefs[name] = summary
        if summary[0] == "record" and summary[1] not in self.rec_typedef:
            self.rec_typedef[summary[1]] = name

    def type_node(self, t):
        kind = t.get("kind")
        if kind == "RecordType":
            return ("record", t.get("decl", {}).get("id"))
        if kind == "TypedefType":
            return ("typedef", t.get("decl", {}).get("name"))
        if kind in ("ElaboratedType", "ParenType", "QualType",
                    "AttributedType", "MacroQualifiedType"):
            inner = children(t)
            return self.type_node(inner[0]) if inner else None
        if kind == "ConstantArrayType":
            inner = children(t)
            sub = self.type_node(inner[0]) if inner else None
            return ("array", sub) if sub else ("other",)
        if kind in ("TypeOfExprType", "TypeOfType"):
            return ("str", t.get("type", {}).get("qualType", ""))
        return ("other",)

    # ---- resolution: ("lock", name) | ("record", id) | None, plus array
    def resolve_summary(self, s, depth=0):
        if s is None or depth > 50:
            return None, False
        if s[0] == "record":
            return ("record", s[1]), False
        if s[0] == "typedef":
            return self.resolve_name(s[1], depth + 1)
        if s[0] == "array":
            r, _ = self.resolve_summary(s[1], depth + 1)
            return r, True
        if s[0] == "str":
            return self.resolve(s[1], depth + 1)
        return None, False

    def resolve_name(self, name, depth=0):
        if name in LOCK_TYPES:
            return ("lock", name), False
        if name in self.typedefs:
            return self.resolve_summary(self.typedefs[name], depth + 1)
        return None, False

    def resolve(self, qual, depth=0):
        """A qualType string to (what, is_array); by value only."""
        key = qual
        if key in self.memo_res:
            return self.memo_res[key]
        s, anon = strip_anon(qual)
        result = (None, False)
        array = False
        if "[" in s:
            array = True
            s = s[:s.index("[")]
        if "*" in s or "(" in s or "^" in s:
            self.memo_res[key] = result
            return result
        words = [w for w in s.replace("(", " ").split() if w not in QUALIFIERS]
        if words and words[0] in ("struct", "union"):
            if anon is not None and words[-1].endswith("@ANON@"):
                rid = self.by_loc.get(anon)
                if rid is not None:
                    result = (("record", rid), array)
            elif len(words) == 2:
                rid = self.by_tag.get((words[0], words[1]))
                if rid is not None:
                    result = (("record", rid), array)
        elif len(words) == 1:
            r, arr = self.resolve_name(words[0], depth + 1)
            result = (r, array or arr)
        self.memo_res[key] = result
        return result

    def holds(self, rid, guard=None):
        if rid in self.memo_hold:
            return self.memo_hold[rid]
        guard = guard or set()
        if rid in guard or rid not in self.records:
            return False
        guard.add(rid)
        res = False
        for f in self.records[rid]["fields"]:
            r, _ = self.resolve(f["type"])
            if r is None:
                continue
            if r[0] == "lock" or (r[0] == "record" and self.holds(r[1], guard)):
                res = True
                break
        self.memo_hold[rid] = res
        return res

    def is_named(self, rid):
        rec = self.records[rid]
        return bool(rec["name"]) or rid in self.rec_typedef

    def spelling(self, rid):
        rec = self.records[rid]
        if rec["name"]:
            return "%s %s" % (rec["tag"], rec["name"])
        if rid in self.rec_typedef:
            return self.rec_typedef[rid]
        w = rec["where"]
        f = self.paths.rel(w[0]) if w else None
        return "%s <anonymous at %s:%s>" % (rec["tag"], f or "?",
                                            w[1] if w else "?")

    def holding_name(self, qual):
        """The spelling of a by-value lock-holding type, or None."""
        r, array = self.resolve(qual)
        if r is None or array:
            return None
        if r[0] == "lock":
            return r[1]
        if self.holds(r[1]):
            return self.spelling(r[1])
        return None

    # ---- lock members
    def members(self):
        out = []
        for rid, rec in self.records.items():
            if not self.is_named(rid) and rec["parent"] is not None:
                continue      # an anonymous record: part of its parent
            self.member_paths(rid, self.spelling(rid), "", out, set())
        return out

    def member_paths(self, rid, owner, prefix, out, guard):
        if rid in guard:
            return
        guard.add(rid)
        for f in self.records[rid]["fields"]:
            r, array = self.resolve(f["type"])
            if r is None:
                continue
            path = prefix + f["name"] if f["name"] else prefix
            if r[0] == "lock":
                w = f["where"]
                out.append({"type": owner, "member": path, "lock": r[1],
                            "array": array, "where": w})
            elif r[0] == "record" and r[1] in self.records and \
                    not self.is_named(r[1]):
                sub = path + "." if f["name"] else prefix
                self.member_paths(r[1], owner, sub, out, guard)

    # ---- copy sites
    def copies(self, ast):
        out = []
        stack = [ast]
        while stack:
            node = stack.pop()
            kind = node.get("kind")
            if kind in UNEVALUATED:
                continue
            self.copy_rules(node, kind, out)
            for c in children(node):
                if isinstance(c, dict):
                    stack.append(c)
        return out

    def site(self, out, kind, node, qual, loc_key="begin"):
        name = self.holding_name(qual)
        if name is None:
            return
        w = where(node, loc_key) if loc_key else where(node, None)
        if w is None:
            return
        out.append({"kind": kind, "type": name, "where": w})

    @staticmethod
    def reads(expr):
        """An lvalue-to-rvalue read of another object (not a literal)."""
        while expr.get("kind") == "ParenExpr" and children(expr):
            expr = children(expr)[0]
        if expr.get("kind") == "ImplicitCastExpr" and \
                expr.get("castKind") == "LValueToRValue":
            sub = children(expr)[0] if children(expr) else {}
            while sub.get("kind") == "ParenExpr" and children(sub):
                sub = children(sub)[0]
            return sub.get("kind") != "CompoundLiteralExpr"
        return False

    def copy_rules(self, node, kind, out):
        qual = node.get("type", {}).get("qualType", "")
        inner = [c for c in children(node) if isinstance(c, dict)]
        if kind == "FunctionDecl":
            if any(c.get("kind") == "CompoundStmt" for c in inner):
                for c in inner:
                    if c.get("kind") == "ParmVarDecl":
                        self.site(out, "param", c,
                                  c.get("type", {}).get("qualType", ""))
        elif kind == "CallExpr" and inner:
            for a in inner[1:]:
                if self.reads(a):
                    self.site(out, "arg", a, a["type"]["qualType"])
            callee = self.callee_name(inner[0])
            if callee in MEMCPY_NAMES and len(inner) >= 4:
                for t in self.sizeof_types(inner[3]):
                    self.site(out, "memcpy", node, t)
        elif kind == "ReturnStmt" and inner:
            if self.reads(inner[0]):
                self.site(out, "return", inner[0], inner[0]["type"]["qualType"])
        elif kind == "BinaryOperator" and node.get("opcode") == "=" and \
                len(inner) == 2:
            if self.reads(inner[1]):
                self.site(out, "assign", node, qual)
        elif kind == "VarDecl" and node.get("init") and inner:
            if self.reads(inner[-1]):
                self.site(out, "init", node, qual, None)
        elif kind == "InitListExpr":
            for e in inner:
                if self.reads(e):
                    self.site(out, "literal", e, e["type"]["qualType"])

    @staticmethod
    def callee_name(expr):
        while True:
            if expr.get("kind") == "DeclRefExpr":
                return expr.get("referencedDecl", {}).get("name")
            inner = children(expr)
            if expr.get("kind") in ("ImplicitCastExpr", "ParenExpr") and inner:
                expr = inner[0]
                continue
            return None

    @staticmethod
    def sizeof_types(expr):
        out = []
        stack = [expr]
        while stack:
            e = stack.pop()
            if e.get("kind") == "UnaryExprOrTypeTraitExpr" and \
                    e.get("name") == "sizeof":
                if "argType" in e:
                    out.append(e["argType"].get("qualType", ""))
                elif children(e):
                    out.append(children(e)[0].get("type", {}).get("qualType", ""))
                continue
            stack.extend(c for c in children(e) if isinstance(c, dict))
        return out


def analyse_entry(job):
    """Worker: one compile entry -> its facts (paths relative to the tree)."""
    tree, clang, entry = job
    directory, source, flags = entry["directory"], entry["file"], entry["flags"]
    paths = Paths(tree, directory)
    result = {"file": paths.rel(source) or source, "errors": 0,
              "dropped": [], "members": [], "copies": [], "holding": [],
              "compiled": {}, "holding_names": [], "failed": None}
    rc, out, err, flags, dropped = run_clang(
        clang, directory, flags, source,
        ["-E", "-w"])
    result["dropped"] = dropped
    if rc != 0:
        result["failed"] = "clang -E: " + err.strip()[-300:]
        return result
    result["compiled"] = {f: sorted(ls) for f, ls in
                          compiled_lines(out.decode("utf-8", "replace"),
                                         paths).items()}
    rc, out, err, flags, dropped2 = run_clang(
        clang, directory, flags, source,
        ["-fsyntax-only", "-w", "-ferror-limit=0", "-Xclang", "-ast-dump=json"])
    result["dropped"] += dropped2
    result["errors"] = err.count(" error: ")
    if not out:
        result["failed"] = "clang -ast-dump: " + err.strip()[-300:]
        return result
    try:
        ast = json.loads(out)
    except ValueError as e:
        result["failed"] = "AST JSON: %s" % e
        return result
    del out
    annotate_locations(ast)
    tu = TU(ast, paths)

    def place(w):
        if not w or not w[0]:
            return None
        f = paths.rel(w[0])
        if f is None:
            return None
        return f, w[1]

    for m in tu.members():
        p = place(m["where"])
        if p:
            result["members"].append([m["type"], m["member"], p[0], p[1],
                                      m["lock"], m["array"]])
    names = set()
    for rid, rec in tu.records.items():
        if not (tu.is_named(rid) or rec["parent"] is None) or \
                not tu.holds(rid):
            continue
        names.add(tu.spelling(rid))
        p = place(rec["where"])
        if p:
            result["holding"].append([tu.spelling(rid), p[0], p[1]])
    result["holding_names"] = sorted(names)
    for c in tu.copies(ast):
        p = place(c["where"])
        if p:
            w = c["where"]
            macro = "arg" if w[4] else ("body" if w[3] else "")
            result["copies"].append([p[0], p[1], c["kind"], c["type"], macro])
    return result


# ---------------------------------------------------------- the compare --

class Reference:
    def __init__(self):
        self.members = {}    # (type, member, file) -> {lines, lock, array}
        self.copies = {}     # (file, line, kind) -> {types, macro}
        self.holding = {}    # (type, file) -> lines
        self.compiled = {}   # file -> set(lines)
        self.entries = []    # per entry: file, errors, dropped, failed

    def add(self, r):
        self.entries.append({"file": r["file"], "errors": r["errors"],
                             "dropped": r["dropped"], "failed": r["failed"],
                             "holding": r["holding_names"],
                             "compiled": {f: to_ranges(ls) for f, ls in
                                          r["compiled"].items()}})
        for f, ls in r["compiled"].items():
            self.compiled.setdefault(f, set()).update(ls)
        for t, m, f, line, lock, array in r["members"]:
            e = self.members.setdefault((t, m, f), {"lines": set(),
                                                    "lock": lock,
                                                    "array": array})
            e["lines"].add(line)
        for t, f, line in r["holding"]:
            self.holding.setdefault((t, f), set()).add(line)
        count = {}
        for f, line, kind, t, macro in r["copies"]:
            k = (f, line, kind)
            count[k] = count.get(k, 0) + 1
            e = self.copies.setdefault(k, {"types": set(), "macro": set(),
                                           "count": 0})
            e["types"].add(t)
            if macro:
                e["macro"].add(macro)
        for k, n in count.items():
            # one line seen by many entries: the most any entry has there
            self.copies[k]["count"] = max(self.copies[k]["count"], n)

    def to_json(self):
        return {
            "members": [[k[0], k[1], k[2], sorted(v["lines"]), v["lock"],
                         v["array"]] for k, v in sorted(self.members.items())],
            "copies": [[k[0], k[1], k[2], sorted(v["types"]),
                        sorted(v["macro"]), v["count"]]
                       for k, v in sorted(self.copies.items())],
            "holding": [[k[0], k[1], sorted(v)]
                        for k, v in sorted(self.holding.items())],
            "compiled": {f: sorted(ls) for f, ls in sorted(self.compiled.items())},
            "entries": self.entries,
        }

    @classmethod
    def from_json(cls, d):
        ref = cls()
        for t, m, f, lines, lock, array in d["members"]:
            ref.members[(t, m, f)] = {"lines": set(lines), "lock": lock,
                                      "array": array}
        for f, line, kind, types, macro, count in d["copies"]:
            ref.copies[(f, line, kind)] = {"types": set(types),
                                           "macro": set(macro),
                                           "count": count}
        for t, f, lines in d["holding"]:
            ref.holding[(t, f)] = set(lines)
        ref.compiled = {f: set(ls) for f, ls in d["compiled"].items()}
        ref.entries = d["entries"]
        return ref


def build_reference(tree, entries, clang, jobs, quiet):
    ref = Reference()
    work = [(tree, clang, e) for e in entries]
    done = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        for r in pool.map(analyse_entry, work, chunksize=1):
            ref.add(r)
            done += 1
            if not quiet:
                print("\rclang: %d/%d" % (done, len(work)), end="",
                      file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)
    return ref


def run_lockptr(lockptr, tree, jobs):
    argv = [lockptr, "scan", "--format", "json", "--all", "-p",
            "compile_commands.json", "-j", str(jobs), "."]
    p = subprocess.run(argv, cwd=tree, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1, 3):
        die("lockptr exited %d: %s" % (p.returncode,
                                       p.stderr.decode("utf-8", "replace")[-2000:]))
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        die("lockptr's JSON: %s" % e)


def source_line(tree, f, line, cache={}):
    if f not in cache:
        try:
            with open(os.path.join(tree, f), encoding="utf-8",
                      errors="replace") as fh:
                cache[f] = fh.read().split("\n")
        except OSError:
            cache[f] = []
    lines = cache[f]
    if 0 < line <= len(lines):
        return lines[line - 1].strip()[:100]
    return ""


def to_ranges(lines):
    out = []
    for n in sorted(lines):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def in_ranges(ranges, line):
    i = bisect.bisect_right(ranges, [line, float("inf")]) - 1
    return i >= 0 and ranges[i][0] <= line <= ranges[i][1]


def classify_false(ref, f, line, holder=None):
    """outside: no entry compiles the file; #if: nor this line; config: the
    entries that compile the line do not see `holder` hold a lock."""
    if f not in ref.compiled:
        return "outside"
    if line not in ref.compiled[f]:
        return "#if"
    if holder and holder not in LOCK_TYPES:
        seen = [e for e in ref.entries
                if in_ranges(e.get("compiled", {}).get(f, []), line)]
        if seen and not any(holder in e.get("holding", ()) for e in seen):
            return "config"
    return "false"


def pct(a, b):
    return 100.0 if b == 0 else 100.0 * a / b


def compare(tree, ref, lk):
    incomplete = {i["file"]: i.get("reason", "") for i in lk.get("incomplete", [])}
    res = {"members": {}, "copies": {}, "incomplete": incomplete}

    # lock members: (type, member, file)
    lk_members = {}
    for u in lk.get("units", []):
        k = (u["type"], u["member"], u["file"])
        lk_members.setdefault(k, u)
    found = [k for k in ref.members if k in lk_members]
    misses = []
    for k in sorted(set(ref.members) - set(lk_members)):
        v = ref.members[k]
        line = min(v["lines"])
        cause = "file listed incomplete" if k[2] in incomplete else ""
        misses.append({"type": k[0], "member": k[1], "file": k[2],
                       "line": line, "lock": v["lock"], "hint": cause,
                       "text": source_line(tree, k[2], line)})
    false = []
    for k in sorted(set(lk_members) - set(ref.members)):
        u = lk_members[k]
        false.append({"type": k[0], "member": k[1], "file": k[2],
                      "line": u["line"], "lock": u.get("lock"),
                      "class": classify_false(ref, k[2], u["line"]),
                      "text": source_line(tree, k[2], u["line"])})
    res["members"] = summarise(len(ref.members), len(found), misses, false)

    # copy sites: (file, line, kind), with the number of sites there
    lk_copies = {}
    for c in lk.get("copies", []):
        k = (c["file"], c["line"], c["kind"])
        lk_copies.setdefault(k, []).append(c)
    nref = sum(v["count"] for v in ref.copies.values())
    nfound = 0
    misses = []
    false = []
    for k in sorted(set(ref.copies) | set(lk_copies)):
        v = ref.copies.get(k)
        have = lk_copies.get(k, [])
        want = v["count"] if v else 0
        nfound += min(want, len(have))
        for _ in range(want - len(have)):
            hint = []
            if k[0] in incomplete:
                hint.append("file listed incomplete")
            if v["macro"]:
                hint.append("macro " + "/".join(sorted(v["macro"])))
            other = sorted({kk[2] for kk in lk_copies
                            if kk[:2] == k[:2] and kk != k})
            if other:
                hint.append("lockptr has kind " + ",".join(other))
            if have:
                hint.append("lockptr has %d of %d here" % (len(have), want))
            misses.append({"file": k[0], "line": k[1], "kind": k[2],
                           "type": ",".join(sorted(v["types"])),
                           "hint": "; ".join(hint),
                           "text": source_line(tree, k[0], k[1])})
        for c in have[want:]:
            hint = []
            other = sorted({kk[2] for kk in ref.copies
                            if kk[:2] == k[:2] and kk != k})
            if other:
                hint.append("compiler has kind " + ",".join(other))
            if want:
                hint.append("compiler has %d here, lockptr %d"
                            % (want, len(have)))
            false.append({"file": k[0], "line": k[1], "kind": k[2],
                          "type": c["type"],
                          "class": classify_false(ref, k[0], k[1], c["type"]),
                          "hint": "; ".join(hint),
                          "text": source_line(tree, k[0], k[1])})
    res["copies"] = summarise(nref, nfound, misses, false)
    return res


def summarise(nref, nfound, misses, false):
    counted = [f for f in false if f["class"] != "outside"]
    return {"reference": nref, "found": nfound,
            "false": len(counted),
            "false_if": sum(1 for f in false if f["class"] == "#if"),
            "false_config": sum(1 for f in false if f["class"] == "config"),
            "outside": len(false) - len(counted),
            "recall": pct(nfound, nref),
            "precision": pct(nfound, nfound + len(counted)),
            "misses": misses, "false_facts": false}


def report(res, ref, lk, args, nentries, ntotal):
    p = print
    errs = [e for e in ref.entries if e["errors"] or e["failed"]]
    dropped = sorted({d for e in ref.entries for d in e["dropped"]})
    p("tree: %s" % args.tree)
    p("compile entries: %d (%d after dedup by file+flags); clang errors in %d"
      % (ntotal, nentries, len(errs)))
    for e in errs:
        p("  %s: %s" % (e["file"], e["failed"] or "%d errors" % e["errors"]))
    if dropped:
        p("flags clang rejected (dropped): " + " ".join(dropped))
    p("files the build compiles in the tree: %d" % len(ref.compiled))
    p("lock-holding types (compiler): %d" % len(ref.holding))
    p("lockptr incomplete files: %d" % len(res["incomplete"]))
    for f, why in sorted(res["incomplete"].items()):
        p("  %s: %s" % (f, why))
    for what, label in (("members", "lock members"), ("copies", "copy sites")):
        s = res[what]
        p("")
        p("%s: found %d of %d (recall %.1f%%), false %d (#if %d, config %d), "
          "precision %.1f%%; outside the build (not counted) %d"
          % (label, s["found"], s["reference"], s["recall"], s["false"],
             s["false_if"], s["false_config"], s["precision"], s["outside"]))
        for m in s["misses"]:
            if what == "members":
                p("  MISS  %s:%d  %s.%s (%s)%s  | %s"
                  % (m["file"], m["line"], m["type"], m["member"], m["lock"],
                     " [" + m["hint"] + "]" if m["hint"] else "", m["text"]))
            else:
                p("  MISS  %s:%d  %s %s%s  | %s"
                  % (m["file"], m["line"], m["kind"], m["type"],
                     " [" + m["hint"] + "]" if m["hint"] else "", m["text"]))
        for f in s["false_facts"]:
            tag = {"false": "FALSE", "#if": "FALSE#if",
                   "config": "FALSE-config", "outside": "OUTSIDE"}[f["class"]]
            if what == "members":
                p("  %s  %s:%d  %s.%s (%s)  | %s"
                  % (tag, f["file"], f["line"], f["type"], f["member"],
                     f["lock"], f["text"]))
            else:
                p("  %s  %s:%d  %s %s%s  | %s"
                  % (tag, f["file"], f["line"], f["kind"], f["type"],
                     " [" + f["hint"] + "]" if f["hint"] else "", f["text"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", help="project tree with compile_commands.json")
    ap.add_argument("--lockptr", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "wrapper", "lockptr"))
    ap.add_argument("--clang", default="clang")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--lockptr-json", help="read lockptr's scan output from "
                    "this file instead of running it")
    ap.add_argument("--save-lockptr", help="write lockptr's output here")
    ap.add_argument("--reference", help="read the compiler's facts from this "
                    "file (written by --save-reference) instead of clang")
    ap.add_argument("--save-reference", help="write the compiler's facts here")
    ap.add_argument("--json", help="write the comparison as JSON here")
    ap.add_argument("-q", "--quiet", action="store_true")
    for name in ("member-recall", "member-precision", "copy-recall",
                 "copy-precision"):
        ap.add_argument("--min-" + name, type=float, default=None,
                        metavar="PCT", help="exit 1 below this %%")
    args = ap.parse_args()
    tree = os.path.realpath(args.tree)
    args.tree = tree
    compdb = os.path.join(tree, "compile_commands.json")

    entries, ntotal = load_entries(compdb)
    if args.reference:
        with open(args.reference, encoding="utf-8") as f:
            ref = Reference.from_json(json.load(f))
    else:
        ref = build_reference(tree, entries, args.clang, args.jobs, args.quiet)
    if args.save_reference:
        with open(args.save_reference, "w", encoding="utf-8") as f:
            json.dump(ref.to_json(), f)
    if args.lockptr_json:
        with open(args.lockptr_json, encoding="utf-8") as f:
            lk = json.load(f)
    else:
        lk = run_lockptr(os.path.realpath(args.lockptr), tree, args.jobs)
    if args.save_lockptr:
        with open(args.save_lockptr, "w", encoding="utf-8") as f:
            json.dump(lk, f, indent=1)

    res = compare(tree, ref, lk)
    report(res, ref, lk, args, len(entries), ntotal)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)

    status = 0
    for opt, what, key in (("min_member_recall", "members", "recall"),
                           ("min_member_precision", "members", "precision"),
                           ("min_copy_recall", "copies", "recall"),
                           ("min_copy_precision", "copies", "precision")):
        want = getattr(args, opt)
        if want is not None and res[what][key] < want:
            print("below threshold: %s %s %.1f%% < %.1f%%"
                  % (what, key, res[what][key], want), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
