#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Check that the public header, the version script and the built library
export the same symbols.

usage: check-symbols.py HEADER MAP [SHARED_OBJECT]

Three lists of names are compared pairwise and every disagreement is printed
as a `diff -u`:
  - header: every declaration in HEADER that carries IOPT_API;
  - map:    every name in a `global:` section of any node of MAP;
  - so:     the defined dynamic symbols of SHARED_OBJECT (`nm -D
            --defined-only`), without the version node symbols.
It also fails when MAP has no `local: *;`, names a symbol twice, uses a
wildcard in a `global:` section, or when a symbol of the .so is bound to a
version node other than the one the map puts it in.
Without SHARED_OBJECT only the header and the map are compared.
Exit status: 0 all agree, 1 a disagreement, 2 usage or tool error.
"""
import difflib
import re
import subprocess
import sys

EXPORT_MACRO = "IOPT_API"
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_c_comments(text):
    """Remove /* */ and // comments, keeping string literals intact."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ValueError("unterminated comment")
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_preprocessor(text):
    """Drop preprocessor directives, including continued lines."""
    out, cont = [], False
    for line in text.split("\n"):
        if cont or line.lstrip().startswith("#"):
            cont = line.rstrip().endswith("\\")
            continue
        out.append(line)
    return "\n".join(out)


def strip_attributes(text):
    """Remove __attribute__((...)) with balanced parentheses."""
    while True:
        m = re.search(r"\b__attribute__\s*\(", text)
        if not m:
            return text
        depth, j = 0, m.end() - 1
        while j < len(text):
            if text[j] == "(":
                depth += 1
            elif text[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        text = text[:m.start()] + " " + text[j + 1:]


def declared_name(decl):
    """Name declared by one C declaration (without the trailing ';')."""
    decl = strip_attributes(decl)
    # Function: the identifier right before the parameter list. A pointer
    # declarator like `int (*name(void))(int)` is handled by taking the
    # identifier before the first '(' that follows an identifier.
    for m in re.finditer(r"(" + IDENT + r")\s*\(", decl):
        if m.group(1) not in ("const", "volatile", "restrict", EXPORT_MACRO):
            return m.group(1)
    # Variable: the last identifier before an initializer or array bounds.
    decl = re.split(r"[=\[]", decl, maxsplit=1)[0]
    names = re.findall(IDENT, decl)
    return names[-1] if names else None


def header_symbols(path):
    text = strip_preprocessor(strip_c_comments(open(path).read()))
    names, errors = [], []
    # Statements end at ';' or at a block; a declaration may span lines.
    for stmt in re.split(r"[;{}]", text):
        if not re.search(r"\b" + EXPORT_MACRO + r"\b", stmt):
            continue
        name = declared_name(" ".join(stmt.split()))
        if name is None:
            errors.append("cannot parse declaration: " + " ".join(stmt.split()))
        else:
            names.append(name)
    return names, errors


def map_symbols(path):
    """Returns ([(name, node)], errors) from a GNU ld version script."""
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"#[^\n]*", " ", text)
    entries, errors, has_local_star = [], [], False
    for m in re.finditer(r"(" + IDENT + r"(?:\.[0-9A-Za-z_.]*)?)?\s*\{(.*?)\}\s*([A-Za-z0-9_.]*)\s*;",
                         text, flags=re.S):
        node, body = m.group(1) or "", m.group(2)
        section = "global"
        for tok in re.findall(r"[^\s;]+:|[^\s;]+", body):
            if tok.endswith(":"):
                section = tok[:-1]
                continue
            if section == "local":
                if tok == "*":
                    has_local_star = True
                continue
            if section != "global":
                errors.append("unknown section %r in node %s" % (section, node))
                continue
            if any(ch in tok for ch in "*?["):
                errors.append("wildcard %r in global: of node %s" % (tok, node))
                continue
            entries.append((tok, node))
    if not has_local_star:
        errors.append("%s: no `local: *;` (every other symbol must be hidden)" % path)
    return entries, errors


def so_symbols(path, nodes):
    """Returns ([(name, version)], errors) of the defined dynamic symbols."""
    try:
        out = subprocess.run(["nm", "-D", "--defined-only", path], check=True,
                             stdout=subprocess.PIPE, universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("check-symbols: nm failed on %s: %s" % (path, e), file=sys.stderr)
        sys.exit(2)
    entries = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        sym = fields[-1]
        name, _, version = sym.partition("@")
        version = version.lstrip("@")
        # Version nodes appear as absolute symbols named after the node.
        if name in nodes or (len(fields) == 3 and fields[1] == "A" and name == version):
            continue
        entries.append((name, version))
    return entries, []


def duplicates(names):
    seen, dups = set(), []
    for n in names:
        if n in seen:
            dups.append(n)
        seen.add(n)
    return dups


def compare(label_a, a, label_b, b):
    a, b = sorted(set(a)), sorted(set(b))
    if a == b:
        return True
    sys.stdout.writelines(difflib.unified_diff(
        [x + "\n" for x in a], [x + "\n" for x in b], label_a, label_b))
    return False


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    header, mapfile = argv[1], argv[2]
    ok = True

    hdr, errs = header_symbols(header)
    for e in errs:
        print("%s: %s" % (header, e))
        ok = False
    for d in duplicates(hdr):
        print("%s: %s declared twice with %s" % (header, d, EXPORT_MACRO))
        ok = False
    if not hdr:
        print("%s: no %s declarations found" % (header, EXPORT_MACRO))
        ok = False

    mp, errs = map_symbols(mapfile)
    for e in errs:
        print(e)
        ok = False
    for d in duplicates([n for n, _ in mp]):
        print("%s: %s listed twice" % (mapfile, d))
        ok = False
    ok &= compare("header:" + header, hdr, "map:" + mapfile, [n for n, _ in mp])

    if len(argv) == 4:
        so = argv[3]
        nodes = {node for _, node in mp}
        syms, _ = so_symbols(so, nodes)
        ok &= compare("map:" + mapfile, [n for n, _ in mp], "so:" + so, [n for n, _ in syms])
        ok &= compare("header:" + header, hdr, "so:" + so, [n for n, _ in syms])
        want = dict(mp)
        for name, version in syms:
            if name in want and version != want[name]:
                print("%s: %s is bound to %r, the map puts it in %r"
                      % (so, name, version or "(no version)", want[name]))
                ok = False
        count = "%d header / %d map / %d .so" % (len(hdr), len(mp), len(syms))
    else:
        count = "%d header / %d map" % (len(hdr), len(mp))

    if ok:
        print("check-abi-symbols: OK (%s symbols agree)" % count)
        return 0
    print("check-abi-symbols: FAILED (header, map and library disagree; see above)")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
