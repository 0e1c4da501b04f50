// Runs theme/form.js's functions on a job written by tests/expr_golden.rs and prints one line per
// row: "value\tcapital" in golden.tsv's notation. The Rust test compares the lines.
//
// usage: node node_harness.js path/to/form.js path/to/job.tsv
'use strict';

const fs = require('fs');
const HB = require(process.argv[2]);

const DECIMALS = { money: 2, number: 4, checkbox: 0 };
const ERRORS = { missing: '#missing', div0: '#div0', overflow: '#overflow' };
const fieldTypes = {};
const out = [];

for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\n')) {
  if (!line) continue;
  const cols = line.split('\t');
  if (cols[0] === '#field') {
    fieldTypes[cols[1]] = cols[2];
    continue;
  }
  const [code, inputs, type] = cols;
  out.push(run(code, inputs, type));
}
process.stdout.write(out.map((l) => l + '\n').join(''));

function run(code, inputs, type) {
  const v = Object.create(null);
  for (const pair of inputs.split(';').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const id = pair.slice(0, eq);
    const r = HB.parseInput(pair.slice(eq + 1), DECIMALS[fieldTypes[id]]);
    if (r.error) return '#input\t-';
    v[id] = r.value;
  }
  let value;
  try {
    value = HB.compile(code)(v);
  } catch (e) {
    if (e instanceof HB.EvalError) return ERRORS[e.kind] + '\t-';
    throw e;
  }
  const capital = type === 'money' ? HB.capital(value) : '-';
  return HB.format(value, type, false) + '\t' + capital;
}
