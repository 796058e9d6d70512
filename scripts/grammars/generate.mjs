#!/usr/bin/env node
// Builds the command grammars of crates/shipgate-docs/grammars/ from the Fig autocomplete
// specs published on npm as @withfig/autocomplete (a maintained, versioned,
// machine-readable description of each tool's subcommands and options).
//
//   npm pack @withfig/autocomplete@2.692.3 && tar xzf withfig-autocomplete-2.692.3.tgz
//   node scripts/grammars/generate.mjs package crates/shipgate-docs/grammars
//
// Each output file is one tool's command tree, descriptions pruned:
//   { "source": {...}, "name": "kubectl", "options": [...], "global": [...], "subcommands": [...] }
// A node has `name` (spellings joined by `|`: "remove|rm"), `options` (flags valid at that
// node), `global` (flags valid at that node and every node below it), `args` (takes
// positional arguments) and `subcommands`. An option is its spellings joined by `|`, ending
// in `=` when it takes a value and `=?` when the value is optional; the option `*` means
// the spec lists no flags for the command, so any flag is accepted.
//
// SUPPLEMENTS below add what a spec leaves out (kubectl's and docker's global flags) and
// correct what it gets wrong; each entry says where it was checked.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error("usage: generate.mjs <unpacked @withfig/autocomplete package> <output dir>");
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const TOOLS = ["kubectl", "gh", "helm", "docker", "git"];

const KUBECTL_GLOBALS = [
  // `kubectl options` (kubectl v1.30): flags every kubectl command accepts.
  "--as=", "--as-group=", "--as-uid=", "--cache-dir=", "--certificate-authority=",
  "--client-certificate=", "--client-key=", "--cluster=", "--context=",
  "--disable-compression", "--insecure-skip-tls-verify", "--kubeconfig=",
  "--log-flush-frequency=", "--match-server-version", "-n|--namespace=", "--password=",
  "--profile=", "--profile-output=", "--request-timeout=", "-s|--server=",
  "--tls-server-name=", "--token=", "--user=", "--username=", "-v|--v=", "--vmodule=",
  "--warnings-as-errors", "-h|--help",
];
const DOCKER_TOP = [
  // `docker --help` (Docker 27): flags before the subcommand.
  "--config=", "-c|--context=", "-D|--debug", "-H|--host=", "-l|--log-level=", "--tls",
  "--tlscacert=", "--tlscert=", "--tlskey=", "--tlsverify", "-v|--version",
];
const SUPPLEMENTS = {
  kubectl: (root) => {
    root.global = KUBECTL_GLOBALS;
    root.options = [];
    // `kubectl options` prints the global flags; the spec leaves the subcommand out.
    if (!find(root, ["options"])) root.subcommands.push({ name: "options", args: true });
    // `kubectl rollout undo --help` (kubectl v1.30): the spec lists `--to_revision` and a
    // `--timeout` the command does not have.
    const undo = find(root, ["rollout", "undo"]);
    if (undo) {
      undo.options = [
        "--allow-missing-template-keys", "--dry-run=", "-f|--filename=", "-k|--kustomize=",
        "-o|--output=", "-R|--recursive", "-l|--selector=", "--show-managed-fields",
        "--template=", "--to-revision=",
      ];
    }
  },
  gh: (root) => {
    // `gh help formatting` (gh 2.x): the `list`, `view` and `status` commands print JSON
    // with `--json`, filtered by `--jq` or `--template`; the spec leaves these out.
    const walk = (node) => {
      const leaf = node.name.split("|")[0];
      if (["list", "view", "status"].includes(leaf) && node.options && !node.options.includes("*")) {
        for (const o of ["--json=", "-q|--jq=", "-t|--template="]) {
          const long = o.split("|").pop().replace("=", "");
          if (!node.options.some((x) => x.split("|").includes(long) || x.split("|").includes(long + "=") || x.includes(long + "="))) node.options.push(o);
        }
      }
      (node.subcommands || []).forEach(walk);
    };
    walk(root);
  },
  docker: (root) => {
    root.options = [...DOCKER_TOP, ...root.options.filter((o) => o !== "*")];
  },
};

function find(node, path) {
  for (const word of path) {
    node = (node.subcommands || []).find((s) => s.name.split("|").includes(word));
    if (!node) return null;
  }
  return node;
}

function names(value) {
  return [].concat(value ?? []).filter((n) => typeof n === "string");
}

function option(o) {
  // Spellings the checker can read: `--long`, `-x`, and single-dash words (`-it`).
  const spelled = names(o.name).filter((n) => /^--?[A-Za-z0-9?#@][\w.:-]*$/.test(n));
  if (spelled.length === 0) return null;
  const args = [].concat(o.args ?? []);
  const suffix = args.length === 0 ? "" : args.every((a) => a.isOptional) ? "=?" : "=";
  return spelled.join("|") + suffix;
}

async function load(name) {
  const url = pathToFileURL(resolve(pkgDir, "build", `${name}.js`)).href;
  return (await import(url)).default;
}

async function node(spec, isRoot) {
  const subSpecs = [];
  for (const sub of [].concat(spec.subcommands ?? [])) {
    let s = sub;
    if (typeof sub.loadSpec === "string") {
      // e.g. `docker compose` is the docker-compose spec
      const loaded = await load(sub.loadSpec);
      s = { ...loaded, name: sub.name };
    }
    subSpecs.push(s);
  }
  const options = [];
  const global = [];
  for (const o of [].concat(spec.options ?? [])) {
    const text = option(o);
    if (!text) continue;
    (o.isPersistent ? global : options).push(text);
  }
  const subcommands = [];
  for (const s of subSpecs) {
    const n = names(s.name);
    if (n.length) subcommands.push(await node(s, false));
  }
  const out = { name: names(spec.name).join("|") };
  const leaf = subcommands.length === 0;
  if (leaf && options.length === 0 && global.length === 0 && !isRoot) options.push("*");
  if (options.length) out.options = [...new Set(options)];
  if (global.length) out.global = [...new Set(global)];
  if (spec.args !== undefined || leaf) out.args = true;
  if (subcommands.length) out.subcommands = subcommands;
  return out;
}

for (const tool of TOOLS) {
  const spec = await load(tool);
  const root = await node(spec, true);
  root.options = root.options ?? [];
  SUPPLEMENTS[tool]?.(root);
  const file = {
    source: {
      package: pkg.name,
      version: pkg.version,
      spec: `build/${tool}.js`,
      generator: "scripts/grammars/generate.mjs",
    },
    ...root,
  };
  writeFileSync(join(outDir, `${tool}.json`), JSON.stringify(file) + "\n");
  console.log(`${tool}: ${JSON.stringify(file).length} bytes`);
}
