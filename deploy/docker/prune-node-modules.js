#!/usr/bin/env node
// Deletes from ./node_modules every package the services cannot reach, for the runtime images.
//
//   node prune-node-modules.js [optional-package ...]
//
// Reachable = the root package.json's dependencies, plus the root optionalDependencies named on the
// command line (e.g. @tensorflow/tfjs-node for the CPU trainer), followed through each package's
// dependencies, optionalDependencies and required (non-optional) peers, resolved as Node resolves them.
// `npm install --omit=dev` alone keeps the Prisma CLI, TypeScript and their trees (~200 MB): they are
// devDependencies that @prisma/client also names as optional peers, which npm then treats as optional.
// The tree is read from npm's hidden lockfile (node_modules/.package-lock.json), which describes what is installed.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = process.cwd();
const tree = JSON.parse(readFileSync(join(root, 'node_modules/.package-lock.json'), 'utf8')).packages;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const keepOptional = process.argv.slice(2);
for (const name of keepOptional) {
  if (!manifest.optionalDependencies?.[name]) throw new Error(`${name} is not an optionalDependency of the root package.json`);
}

/** The installed location of `name` as seen from the package at `from` ('' = the root): Node's lookup, upwards. */
function resolve(name, from) {
  for (let dir = from; ; dir = parentPackage(dir)) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (tree[candidate]) return candidate;
    if (!dir) return undefined;
  }
}

function parentPackage(location) {
  const cut = location.lastIndexOf('/node_modules/');
  return cut === -1 ? '' : location.slice(0, cut);
}

function edges(entry) {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  const requiredPeers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional);
  return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...requiredPeers];
}

const reachable = new Set();
const pending = [...Object.keys(manifest.dependencies ?? {}), ...keepOptional].map((name) => resolve(name, ''));
// Workspace packages (our libs and apps) are linked into node_modules/@tsf; keep the links.
for (const [location, entry] of Object.entries(tree)) if (entry.link) pending.push(location);

while (pending.length > 0) {
  const location = pending.pop();
  if (!location || reachable.has(location)) continue;
  reachable.add(location);
  const entry = tree[location];
  if (entry.link) continue;
  for (const name of edges(entry)) pending.push(resolve(name, location));
}

let removed = 0;
for (const location of Object.keys(tree)) {
  if (!location.startsWith('node_modules/') || reachable.has(location)) continue;
  if (!existsSync(join(root, location))) continue;
  rmSync(join(root, location), { recursive: true, force: true });
  removed += 1;
}
process.stderr.write(`prune-node-modules: kept ${reachable.size} packages, removed ${removed}\n`);
