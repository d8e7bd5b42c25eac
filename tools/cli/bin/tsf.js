#!/usr/bin/env node
// The `tsf` command: TypeScript sources run through swc, as every tsf process does.
require('@swc-node/register');
require('../src/main.ts');
