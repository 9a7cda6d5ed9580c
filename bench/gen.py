#!/usr/bin/env python3
"""Generates a synthetic monorepo for benchmarking session-impact.

The tree looks like an organisation's monorepo: packages and services in
every supported language (JS/TS/TSX, Kotlin, Java, Swift, C, C++, Python,
Rust), each with its manifest, files of realistic size (tens to hundreds of
lines: imports, classes, functions, comments, log strings, URLs) and the usual
false friends (express-session, URLSession, requests.Session, HttpSession,
session_id columns). A configurable fraction of the files (`--density`) also
uses the Session ecosystem: SDK imports, libsession headers and bindings,
service-node and file-server endpoints.

The files are split over `--parts` top-level directories of equal size
(part-00, part-01, ...), so that a scaling check can scan 1, 2 or all parts
of one tree.

Deterministic: the same arguments give the same tree, byte for byte.

    bench/gen.py --files 100000 --density 0.001 --out /tmp/si-bench/sparse
"""

import argparse
import os
import random
import shutil
import sys

# Share of files per language (a mobile + web + backend organisation).
LANGUAGES = [
    ("typescript", 0.22),
    ("javascript", 0.12),
    ("tsx", 0.07),
    ("kotlin", 0.12),
    ("java", 0.08),
    ("swift", 0.09),
    ("c", 0.04),
    ("cpp", 0.07),
    ("python", 0.12),
    ("rust", 0.07),
]
EXTENSIONS = {
    "typescript": "ts", "javascript": "js", "tsx": "tsx", "kotlin": "kt", "java": "java",
    "swift": "swift", "c": "c", "cpp": "cpp", "python": "py", "rust": "rs",
}
# Manifest written at the root of each package, by main language.
MANIFESTS = {
    "typescript": "package.json", "javascript": "package.json", "tsx": "package.json",
    "kotlin": "build.gradle.kts", "java": "build.gradle", "swift": "Package.swift",
    "c": "CMakeLists.txt", "cpp": "CMakeLists.txt", "python": "requirements.txt", "rust": "Cargo.toml",
}
FILES_PER_PACKAGE = (40, 160)
# Marks the blank line after a file's imports, where Session imports go.
IMPORTS_END = "\x00imports"

WORDS = (
    "account user order invoice payment cart item product catalog search index query cache store "
    "queue worker job task event message notification email report metric log trace span config "
    "setting profile avatar image upload download file folder share link token auth login logout "
    "permission role group team member project board card comment review rating price discount "
    "coupon shipping address country region locale currency tax refund subscription plan billing "
    "device client server request response handler router controller service repository "
    "model view presenter adapter factory builder manager provider registry resolver parser "
    "formatter validator serializer mapper converter scheduler timer retry backoff limit window"
).split()
# "session" itself is not among the words: real code says it in some files
# (the near misses below, 2% of files by default), not in every one.


def ident(rng, parts=2, cap=False):
    words = [rng.choice(WORDS) for _ in range(parts)]
    name = words[0] + "".join(w.capitalize() for w in words[1:])
    return name[0].upper() + name[1:] if cap else name


def snake(rng, parts=2):
    return "_".join(rng.choice(WORDS) for _ in range(parts))


def sentence(rng, n=None):
    n = n or rng.randint(4, 12)
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def url(rng):
    host = rng.choice(["api.example.com", "cdn.example.net", "auth.internal", "hooks.example.org", "metrics.local:9090"])
    return f"https://{host}/{rng.choice(WORDS)}/{rng.choice(WORDS)}"


# ---- ordinary code, per language ------------------------------------------------------------------

def c_like_body(rng, lang, lines, ind="    "):
    """Statements in a C-family syntax (JS/TS, Kotlin, Java, Swift, C, C++, Rust)."""
    out = []
    decl = {
        "typescript": "const", "javascript": "const", "tsx": "const", "kotlin": "val", "java": "final var",
        "swift": "let", "c": "int", "cpp": "auto", "rust": "let",
    }[lang]
    semi = "" if lang in ("kotlin", "swift") else ";"
    while len(out) < lines:
        r = rng.random()
        v = ident(rng)
        if r < 0.25:
            out.append(f"{ind}{decl} {v} = {ident(rng)}({ident(rng)}, {rng.randint(0, 999)}){semi}")
        elif r < 0.4:
            out.append(f"{ind}// {sentence(rng)}")
        elif r < 0.55:
            out.append(f"{ind}if ({v} > {rng.randint(1, 99)}) {{")
            out.append(f"{ind}    {ident(rng)}.{ident(rng)}({v}){semi}")
            out.append(ind + "}")
        elif r < 0.65:
            out.append(f"{ind}{decl} {v} = \"{sentence(rng, 5)}\"{semi}")
        elif r < 0.72:
            out.append(f"{ind}{decl} {v} = \"{url(rng)}\"{semi}")
        elif r < 0.85:
            out.append(f"{ind}{ident(rng)}.{ident(rng)}.{ident(rng)}({ident(rng)}, \"{rng.choice(WORDS)}\"){semi}")
        else:
            out.append(f"{ind}{v} = {ident(rng)} + {rng.randint(1, 9)} * {ident(rng)}{semi}")
    return out


def ts_file(rng, lang, size):
    libs = ["react", "lodash", "express", "axios", "zod", "date-fns", "rxjs", "@nestjs/common", "pino", "uuid"]
    out = [f"// {sentence(rng)}", "// Copyright (c) Example Corp. All rights reserved.", ""]
    for lib in rng.sample(libs, rng.randint(2, 6)):
        out.append(f"import {{ {ident(rng, cap=True)}, {ident(rng)} }} from '{lib}';")
    out.append(f"import {{ {ident(rng, cap=True)} }} from '../{rng.choice(WORDS)}/{rng.choice(WORDS)}';")
    out.append(IMPORTS_END)
    typed = lang != "javascript"
    while len(out) < size:
        cls = ident(rng, cap=True)
        if typed and rng.random() < 0.3:
            out.append(f"export interface {cls}Options {{")
            for _ in range(rng.randint(2, 6)):
                out.append(f"  {ident(rng)}: {rng.choice(['string', 'number', 'boolean', 'Date', 'string[]'])};")
            out.append("}")
            out.append("")
        out.append(f"export class {cls} {{")
        for _ in range(rng.randint(1, 4)):
            arg = ident(rng)
            sig = f"{arg}: {rng.choice(['string', 'number', cls + 'Options'])}" if typed else arg
            out.append(f"  async {ident(rng)}({sig}) {{")
            out += c_like_body(rng, lang, rng.randint(4, 16), "    ")
            if lang == "tsx":
                out.append(f"    return <div className=\"{rng.choice(WORDS)}\">{{{arg}}}</div>;")
            else:
                out.append(f"    return {arg};")
            out.append("  }")
        out.append("}")
        out.append("")
    return out


def kotlin_file(rng, lang, size):
    pkg = f"com.example.{rng.choice(WORDS)}.{rng.choice(WORDS)}"
    libs = ["androidx.lifecycle.ViewModel", "kotlinx.coroutines.flow.Flow", "javax.inject.Inject",
            "okhttp3.OkHttpClient", "retrofit2.http.GET", "androidx.room.Dao", "timber.log.Timber"]
    out = [f"package {pkg}", ""]
    out += [f"import {lib}" for lib in rng.sample(libs, rng.randint(2, 6))]
    out.append(IMPORTS_END)
    while len(out) < size:
        cls = ident(rng, cap=True)
        out.append(f"class {cls} @Inject constructor(private val {ident(rng)}: {ident(rng, cap=True)}) {{")
        for _ in range(rng.randint(1, 4)):
            out.append(f"    fun {ident(rng)}({ident(rng)}: String): Int {{")
            out += c_like_body(rng, "kotlin", rng.randint(4, 16), "        ")
            out.append("        return 0")
            out.append("    }")
        out.append("}")
        out.append("")
    return out


def java_file(rng, lang, size):
    pkg = f"com.example.{rng.choice(WORDS)}.{rng.choice(WORDS)}"
    libs = ["java.util.List", "java.util.Map", "java.io.IOException", "org.slf4j.Logger",
            "javax.servlet.http.HttpServletRequest", "com.fasterxml.jackson.databind.ObjectMapper"]
    out = [f"package {pkg};", ""]
    out += [f"import {lib};" for lib in rng.sample(libs, rng.randint(2, 6))]
    out.append(IMPORTS_END)
    cls = ident(rng, cap=True)
    out.append(f"public class {cls} {{")
    while len(out) < size:
        out.append(f"    public int {ident(rng)}(String {ident(rng)}) throws IOException {{")
        out += c_like_body(rng, "java", rng.randint(4, 16), "        ")
        out.append("        return 0;")
        out.append("    }")
        out.append("")
    out.append("}")
    return out


def swift_file(rng, lang, size):
    libs = ["Foundation", "UIKit", "Combine", "SwiftUI", "os.log", "CoreData"]
    out = [f"// {sentence(rng)}", ""]
    out += [f"import {lib}" for lib in rng.sample(libs, rng.randint(1, 4))]
    out.append(IMPORTS_END)
    while len(out) < size:
        out.append(f"final class {ident(rng, cap=True)} {{")
        for _ in range(rng.randint(1, 4)):
            out.append(f"    func {ident(rng)}(_ {ident(rng)}: String) -> Int {{")
            out += c_like_body(rng, "swift", rng.randint(4, 16), "        ")
            out.append("        return 0")
            out.append("    }")
        out.append("}")
        out.append("")
    return out


def c_file(rng, lang, size):
    headers = ["stdio.h", "stdlib.h", "string.h", "stdint.h", "vector", "string", "memory", "unordered_map"]
    out = [f"/* {sentence(rng)} */", ""]
    for h in rng.sample(headers[:4] if lang == "c" else headers, rng.randint(2, 4)):
        out.append(f"#include <{h}>")
    out.append(f"#include \"{rng.choice(WORDS)}/{rng.choice(WORDS)}.h\"")
    out.append(IMPORTS_END)
    if lang == "cpp":
        out.append(f"namespace {rng.choice(WORDS)} {{")
    while len(out) < size:
        out.append(f"int {snake(rng)}(const char* {snake(rng, 1)}, size_t len) {{")
        out += c_like_body(rng, lang, rng.randint(4, 16))
        out.append("    return 0;")
        out.append("}")
        out.append("")
    if lang == "cpp":
        out.append("}  // namespace")
    return out


def python_file(rng, lang, size):
    libs = ["os", "json", "logging", "typing", "dataclasses", "requests", "sqlalchemy", "flask", "pydantic"]
    out = [f'"""{sentence(rng)}."""', ""]
    for lib in rng.sample(libs, rng.randint(2, 6)):
        out.append(f"import {lib}" if rng.random() < 0.5 else f"from {lib} import {ident(rng, cap=True)}")
    out.append(IMPORTS_END)
    while len(out) < size:
        out.append(f"class {ident(rng, cap=True)}:")
        for _ in range(rng.randint(1, 4)):
            out.append(f"    def {snake(rng)}(self, {snake(rng, 1)}):")
            for _ in range(rng.randint(4, 14)):
                r = rng.random()
                if r < 0.3:
                    out.append(f"        {snake(rng)} = {snake(rng)}({snake(rng, 1)}, {rng.randint(0, 99)})")
                elif r < 0.45:
                    out.append(f"        # {sentence(rng)}")
                elif r < 0.6:
                    out.append(f"        logger.info(\"{sentence(rng, 5)}\")")
                elif r < 0.7:
                    out.append(f"        {snake(rng)} = \"{url(rng)}\"")
                else:
                    out.append(f"        self.{snake(rng)}.{snake(rng)}({snake(rng, 1)})")
            out.append(f"        return {snake(rng, 1)}")
            out.append("")
    return out


def rust_file(rng, lang, size):
    libs = ["std::collections::HashMap", "serde::{Deserialize, Serialize}", "tokio::sync::mpsc",
            "anyhow::Result", "tracing::info", "std::sync::Arc"]
    out = [f"//! {sentence(rng)}", ""]
    out += [f"use {lib};" for lib in rng.sample(libs, rng.randint(2, 5))]
    out.append(IMPORTS_END)
    while len(out) < size:
        out.append(f"pub struct {ident(rng, cap=True)} {{ {snake(rng)}: u64 }}")
        out.append("")
        out.append(f"pub fn {snake(rng)}({snake(rng, 1)}: &str) -> u64 {{")
        out += c_like_body(rng, "rust", rng.randint(4, 16))
        out.append("    0")
        out.append("}")
        out.append("")
    return out


BODIES = {
    "typescript": ts_file, "javascript": ts_file, "tsx": ts_file, "kotlin": kotlin_file, "java": java_file,
    "swift": swift_file, "c": c_file, "cpp": c_file, "python": python_file, "rust": rust_file,
}

# ---- false friends (ordinary code that says "session") ---------------------------------------------

NEAR_MISS_LINES = {
    "typescript": ["import session from 'express-session';", "app.use(session({ secret: process.env.SECRET }));"],
    "javascript": ["const session = require('express-session');", "// store the session id in a cookie"],
    "tsx": ["import { useSession } from 'next-auth/react';", "const { data: session } = useSession();"],
    "kotlin": ["val session = URLSessionLike(okHttp)", "// the session_id column is indexed"],
    "java": ["import javax.servlet.http.HttpSession;", "HttpSession session = request.getSession(true);"],
    "swift": ["let session = URLSession.shared", "let task = session.dataTask(with: request)"],
    "c": ["/* session id of the TLS connection */", "SSL_SESSION *sess = SSL_get1_session(ssl);"],
    "cpp": ["auto session = std::make_shared<HttpSession>(socket);", "// session_id must be unique"],
    "python": ["import requests", "session = requests.Session()"],
    "rust": ["use tower_sessions::Session;", "let session_id = session.id();"],
}

# ---- Session usage, per language (what the rules must find) -----------------------------------------

SEED = "https://seed1.getsession.org:4443/json_rpc"
SESSION_SNIPPETS = {
    "typescript": (
        ["import { Session, Poller } from '@session.js/client';"],
        ["const session = new Session();", "session.setMnemonic(process.env.MNEMONIC!);",
         "session.addPoller(new Poller());", f"const SEED_NODE = '{SEED}';"],
    ),
    "javascript": (
        ["const { Session } = require('@session.js/client');"],
        ["const session = new Session();", "session.sendMessage({ to: recipient, text: 'hi' });",
         "const FILE_SERVER = 'http://filev2.getsession.org/file';"],
    ),
    "tsx": (
        ["import { Session } from '@session.js/client';"],
        ["const client = new Session();", "const OPEN = 'https://open.getsession.org/room';"],
    ),
    "kotlin": (
        ["import network.loki.messenger.libsession_util.ConfigBase",
         "import network.loki.messenger.libsession_util.util.Sodium"],
        ["val seed = \"" + SEED + "\"", "val keys = Sodium.ed25519KeyPair(seed)"],
    ),
    "java": (
        ["import network.loki.messenger.libsession_util.ConfigBase;"],
        ["String seed = \"" + SEED + "\";", "ConfigBase base = ConfigBase.Companion.protocolForKind(kind);"],
    ),
    "swift": (
        ["import SessionUtil", "import SessionMessagingKit"],
        ["let conf = config_new(nil)", "let seed = \"" + SEED + "\""],
    ),
    "c": (
        ["#include <session/config/contacts.h>"],
        ["contacts_contact c;", "const char* seed = \"" + SEED + "\";"],
    ),
    "cpp": (
        ["#include <session/config/contacts.hpp>", "#include <session/onionreq/builder.hpp>"],
        ["session::config::Contacts contacts{seed, std::nullopt};", "auto url = \"" + SEED + "\";"],
    ),
    "python": (
        ["from session_util import blinding", "import sogs.crypto"],
        ["blinded = blinding.blind15_id(session_id, server_pk)", "SEED = \"" + SEED + "\""],
    ),
    "rust": (
        ["#[link(name = \"session-util\")]", "extern \"C\" { fn config_free(conf: *mut c_void); }"],
        ["unsafe { config_free(conf) };", "let seed = \"" + SEED + "\";"],
    ),
}

MANIFEST_SESSION = {
    "package.json": '    "@session.js/client": "^0.0.52",',
    "build.gradle.kts": '    implementation("org.sessionfoundation:libsession-util-android:1.20.0")',
    "build.gradle": "    implementation 'org.sessionfoundation:libsession-util-android:1.20.0'",
    "Package.swift": '        .package(url: "https://github.com/session-foundation/libsession-util-spm", from: "1.3.0"),',
    "CMakeLists.txt": "add_subdirectory(external/libsession-util)",
    "requirements.txt": "session-util==1.0.0",
    "Cargo.toml": 'session-util-sys = "0.1"',
}


def manifest_text(rng, name, pkg, uses_session):
    extra = MANIFEST_SESSION[name] if uses_session else None
    if name == "package.json":
        deps = [f'    "{d}": "^{rng.randint(1, 9)}.{rng.randint(0, 20)}.0",' for d in
                rng.sample(["react", "lodash", "express", "axios", "zod", "rxjs", "pino"], 4)]
        if extra:
            deps.append(extra)
        deps[-1] = deps[-1].rstrip(",")
        return "\n".join(['{', f'  "name": "@example/{pkg}",', '  "version": "1.0.0",',
                          '  "dependencies": {'] + deps + ['  }', '}', ''])
    if name in ("build.gradle.kts", "build.gradle"):
        q = '"' if name.endswith("kts") else "'"
        deps = [f"    implementation({q}com.squareup.okhttp3:okhttp:4.12.0{q})",
                f"    implementation({q}androidx.core:core-ktx:1.13.1{q})"]
        if extra:
            deps.append(extra)
        return "\n".join(["plugins {", "    id(\"com.android.library\")", "}", "", "dependencies {"] + deps + ["}", ""])
    if name == "Package.swift":
        deps = ['        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),']
        if extra:
            deps.append(extra)
        return "\n".join(["// swift-tools-version:5.9", "import PackageDescription", "",
                          f"let package = Package(name: \"{pkg}\", dependencies: ["] + deps + ["])", ""])
    if name == "CMakeLists.txt":
        lines = ["cmake_minimum_required(VERSION 3.20)", f"project({pkg} CXX)", f"add_library({pkg} src/main.cpp)"]
        if extra:
            lines.append(extra)
        return "\n".join(lines + [""])
    if name == "requirements.txt":
        lines = ["requests==2.32.3", "flask==3.0.3", "pydantic==2.8.2"]
        if extra:
            lines.append(extra)
        return "\n".join(lines + [""])
    lines = ["[package]", f'name = "{pkg}"', 'version = "0.1.0"', 'edition = "2021"', "", "[dependencies]",
             'serde = "1"', 'tokio = { version = "1", features = ["full"] }']
    if extra:
        lines.append(extra)
    return "\n".join(lines + [""])


def source_text(rng, lang, uses_session, near_miss):
    size = max(30, min(900, int(rng.lognormvariate(4.7, 0.6))))  # median ~110 lines
    lines = BODIES[lang](rng, lang, size)
    at = lines.index(IMPORTS_END)
    lines[at] = ""
    if near_miss:
        lines[at:at] = NEAR_MISS_LINES[lang]
    if uses_session:
        imports, uses = SESSION_SNIPPETS[lang]
        lines[at:at] = imports
        # Uses go into a function body, after a statement line, with its
        # indentation (not between a signature and its body).
        body = [i for i, l in enumerate(lines) if i > at + len(imports) and l.startswith("    ")
                and l.rstrip().endswith((";", ")", '"')) and not l.lstrip().startswith(("if", "//", "#"))]
        if body:
            i = rng.choice(body)
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i + 1:i + 1] = [indent + u for u in uses]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=100_000, help="number of source files (manifests come on top)")
    ap.add_argument("--density", type=float, default=0.001,
                    help="fraction of files that use Session (0.001 = 0.1%%, 1 = every file)")
    ap.add_argument("--near-miss", type=float, default=0.02,
                    help="fraction of files with session-named code that is not Session (express-session, ...)")
    ap.add_argument("--parts", type=int, default=4, help="split the tree into this many top-level parts")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="output directory (replaced)")
    args = ap.parse_args()
    if not 0 <= args.density <= 1:
        sys.exit("--density must be between 0 and 1")

    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    langs, weights = zip(*LANGUAGES)
    # Exactly round(files * density) users, spread evenly but at random.
    users = set(rng.sample(range(args.files), round(args.files * args.density)))
    per_part = -(-args.files // args.parts)
    stats = {"files": 0, "bytes": 0, "session_files": 0, "manifests": 0}
    n = 0
    pkg_index = 0
    while n < args.files:
        part = n // per_part
        lang = rng.choices(langs, weights)[0]
        count = min(rng.randint(*FILES_PER_PACKAGE), args.files - n, per_part * (part + 1) - n)
        pkg = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{pkg_index}"
        pkg_index += 1
        root = os.path.join(args.out, f"part-{part:02d}", "packages", pkg)
        pkg_uses = False
        for i in range(count):
            uses = (n in users)
            pkg_uses |= uses
            sub = os.path.join(root, "src", rng.choice(WORDS), rng.choice(WORDS))
            os.makedirs(sub, exist_ok=True)
            name = f"{ident(rng, cap=lang in ('kotlin', 'java', 'swift'))}{i}.{EXTENSIONS[lang]}"
            text = source_text(rng, lang, uses, rng.random() < args.near_miss)
            with open(os.path.join(sub, name), "w") as f:
                f.write(text)
            stats["files"] += 1
            stats["bytes"] += len(text)
            stats["session_files"] += uses
            n += 1
        manifest = MANIFESTS[lang]
        text = manifest_text(rng, manifest, pkg, pkg_uses)
        with open(os.path.join(root, manifest), "w") as f:
            f.write(text)
        stats["manifests"] += 1
        with open(os.path.join(root, "README.md"), "w") as f:
            f.write(f"# {pkg}\n\n{sentence(rng, 20)}.\n")
    print(f"{args.out}: {stats['files']} source files ({stats['bytes'] / 1e6:.0f} MB), "
          f"{stats['session_files']} using Session, {stats['manifests']} manifests, {args.parts} parts")


if __name__ == "__main__":
    main()
