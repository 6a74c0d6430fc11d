#!/usr/bin/env node
// `dtslint --print-json-schema OPERATION` as the most used JavaScript
// validator takes it: ajv 8 in its default strict mode, with no option
// turned off, compiles every operation's schema without an error or a
// warning (no unknown keyword, no union type, no untyped "pattern"), and
// the compiled schema accepts a good request and refuses a wrong value.
//
// Usage: json_schema_ajv.js DTSLINT SOURCE_ROOT
// ajv is found through NODE_PATH (.ci/run installs it with npm); without
// it the test is skipped (77), unless DTSLINT_AJV_REQUIRED=1.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

let Ajv;
try {
  Ajv = require('ajv');
} catch (e) {
  console.log('SKIP: the node module ajv is not installed (npm install ajv@8; .ci/run installs it)');
  process.exit(process.env.DTSLINT_AJV_REQUIRED === '1' ? 1 : 77);
}

const [dtslint, root] = process.argv.slice(2);
const problems = [];
let checks = 0;
function expect(ok, message) {
  checks++;
  if (!ok) problems.push(message);
}

const operations = fs.readdirSync(path.join(root, 'rules'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(root, 'rules', f), 'utf8')).operation)
  .filter(Boolean)
  .sort();
expect(operations.length >= 6, `only ${operations.length} operations in rules/`);

const validators = {};
for (const op of operations) {
  const warnings = [];
  const logger = { log() {}, warn: (...a) => warnings.push(a.join(' ')), error: (...a) => warnings.push(a.join(' ')) };
  const ajv = new Ajv({ logger }); // strict: true is ajv's default
  try {
    require('ajv-formats')(ajv);
  } catch (e) {
    // the schemas use no "format"; ajv-formats only keeps a future one honest
  }
  const schema = JSON.parse(execFileSync(dtslint, ['--print-json-schema', op], { encoding: 'utf8' }));
  try {
    validators[op] = ajv.compile(schema);
    expect(true, '');
  } catch (e) {
    expect(false, `${op}: ajv (strict) refuses the schema: ${e.message}`);
  }
  expect(warnings.length === 0, `${op}: ajv (strict) warns: ${warnings.slice(0, 3).join('; ')}`);
}

const cdj = validators.ConfigureDtsJob;
if (cdj) {
  const good = JSON.parse(fs.readFileSync(path.join(root, 'testdata/good/seed-guide-1.json'), 'utf8'));
  expect(cdj(good), `a good request is refused: ${JSON.stringify(cdj.errors && cdj.errors[0])}`);
  expect(!cdj({ ...good, JobType: 'MIGRATE' }), 'JobType MIGRATE is accepted');
  expect(!cdj({ ...good, DataInitialization: 'yes' }), 'a Boolean written "yes" is accepted');
}

for (const p of problems) console.log('FAIL', p);
console.log(`json_schema_ajv: ${checks - problems.length} passed, ${problems.length} failed`);
process.exit(problems.length ? 1 : 0);
