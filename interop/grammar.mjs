// Tokenizes every .ride and .plan file under a folder with the VS Code extension's TextMate
// grammars, through vscode-textmate and vscode-oniguruma (the engine VS Code itself uses),
// and checks the scopes of durations, targets, cadences, flags, references, strings,
// comments and header values against an independent reading of each line.
//
//   node grammar.mjs SYNTAXES_DIR SOURCES_DIR
//
// Prints one line per file and a total per kind; exits 1 when any check fails or a kind
// was never checked, 2 on a usage error.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";

const require = createRequire(import.meta.url);
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const EXPECTED = {
  duration: ["constant.numeric.duration"],
  target: ["constant.numeric.power", "constant.language.zone", "constant.language.target"],
  cadence: ["constant.numeric.cadence"],
  flag: ["support.constant.flag"],
  reference: ["variable.other.reference"],
  string: ["string.quoted.double"],
  comment: ["comment.line.number-sign"],
  header: ["string.unquoted.header", "constant.numeric"],
};
const FLAGS = new Set(["standing", "seated", "upstroke", "downstroke"]);
const RIDE_KEYS = /^(name|author|description|tags|ftp|sport|category|subcategory)\s*:/i;
const PLAN_KEYS = /^(name|author|description|ftp|weeks)\s*:/i;

function* sources(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if ([".ride", ".plan"].includes(extname(path))) yield path;
  }
}

async function registry(syntaxes) {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = { "source.ride": "ride.tmLanguage.json", "source.ride.plan": "plan.tmLanguage.json" };
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) => {
      if (!files[scope]) return null;
      const path = join(syntaxes, files[scope]);
      return vsctm.parseRawGrammar(readFileSync(path, "utf8"), path);
    },
  });
}

// Where strings and the comment are on a line, read by hand: `"..."` with `\"` escapes,
// `#` outside strings to the end of the line.
function layout(line) {
  const strings = [];
  let comment = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "#") { comment = i; break; }
    if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      strings.push([i, Math.min(j + 1, line.length)]);
      i = j;
    }
  }
  return { strings, comment };
}

// The kind an independent reader gives a word of a step, `let`, cue or plan value.
function kindOf(word) {
  const bare = word.replace(/^@-?/, "");
  if (/^\$[a-z][a-z0-9_-]*$/i.test(bare)) return "reference";
  if (/^\d+(-\d+)?rpm$/i.test(bare)) return "cadence";
  if (/^\d+(\.\d+)?[%w]?((->|-)\d+(\.\d+)?)?[%w]$/i.test(bare)) return "target";
  if (/^(z[1-7]|free|max)$/i.test(bare)) return "target";
  if (/^\d+(:\d\d){1,2}$/.test(bare)) return "duration";
  if (/^(\d+h)?(\d+(min|m))?(\d+s)?$/i.test(bare) && /[a-z]$/i.test(bare)) return "duration";
  if (FLAGS.has(bare.toLowerCase())) return "flag";
  return null;
}

function checkFile(path, grammar, counts) {
  const problems = [];
  const isPlan = extname(path) === ".plan";
  const keys = isPlan ? PLAN_KEYS : RIDE_KEYS;
  let stack = vsctm.INITIAL;
  let inDescription = false;
  const lines = readFileSync(path, "utf8").split("\n").map((l) => l.replace(/\r$/, ""));
  lines.forEach((line, number) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const scopes = new Array(line.length).fill(null).map(() => []);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) scopes[i] = token.scopes;
    }
    const has = (i, kind) => EXPECTED[kind].some((want) => scopes[i].some((s) => s.startsWith(want)));
    const expect = (from, to, kind, text) => {
      counts[kind] = (counts[kind] ?? 0) + 1;
      for (let i = from; i < to; i++) {
        if (!has(i, kind)) {
          problems.push(`${number + 1}:${i + 1} ${kind} \`${text}\` has scopes ${scopes[i].join(" ")}`);
          return;
        }
      }
    };
    const { strings, comment } = layout(line);
    const code = comment < 0 ? line.length : comment;
    if (comment >= 0) expect(comment, line.length, "comment", line.slice(comment));
    strings.forEach(([a, b]) => expect(a, b, "string", line.slice(a, b)));
    for (let i = 0; i < code; i++) {
      if (scopes[i].some((s) => s.startsWith("comment."))) {
        problems.push(`${number + 1}:${i + 1} code inside a comment scope`);
        break;
      }
      const quoted = strings.some(([a, b]) => a <= i && i < b);
      if (!quoted && scopes[i].some((s) => s.startsWith("string.quoted"))) {
        problems.push(`${number + 1}:${i + 1} a string scope outside quotes`);
        break;
      }
    }
    const indented = /^\s+\S/.test(line);
    const header = keys.exec(line);
    inDescription = (inDescription && (indented || line.trim() === "")) || /^description\s*:/i.test(line);
    if (header || (inDescription && indented && !header)) {
      const start = header ? line.indexOf(":") + 1 : 0;
      const value = line.slice(start, code);
      const first = value.search(/\S/);
      if (first >= 0 && value.trim()[0] !== '"') {
        const from = start + first;
        const to = start + value.trimEnd().length;
        expect(from, to, "header", line.slice(from, to));
      }
      return;
    }
    // Step, let, cue, exercise and plan-value lines: every word outside strings and comments.
    const words = /[^\s",]+/g;
    const blanked = [...line.slice(0, code)];
    strings.forEach(([a, b]) => { for (let i = a; i < b; i++) blanked[i] = " "; });
    for (const match of blanked.join("").matchAll(words)) {
      const word = match[0].replace(/:$/, "");
      const kind = kindOf(word);
      if (kind === null) continue;
      const skip = word.length - word.replace(/^@-?/, "").length;
      expect(match.index + skip, match.index + word.length, kind, word);
    }
  });
  return problems;
}

async function main() {
  const [syntaxes, folder] = process.argv.slice(2);
  if (!syntaxes || !folder) {
    console.error("usage: node grammar.mjs SYNTAXES_DIR SOURCES_DIR");
    process.exit(2);
  }
  const reg = await registry(syntaxes);
  const ride = await reg.loadGrammar("source.ride");
  const plan = await reg.loadGrammar("source.ride.plan");
  const totals = {};
  let failed = 0;
  let files = 0;
  for (const path of sources(folder)) {
    files += 1;
    const counts = {};
    const problems = checkFile(path, extname(path) === ".plan" ? plan : ride, counts);
    for (const [kind, n] of Object.entries(counts)) totals[kind] = (totals[kind] ?? 0) + n;
    const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${path}: ${problems.slice(0, 5).join("; ")}`);
    } else {
      console.log(`ok   ${path}: ${summary}`);
    }
  }
  const missing = Object.keys(EXPECTED).filter((kind) => !totals[kind]);
  console.log(`${files} files: ` + Object.entries(totals).map(([k, n]) => `${n} ${k}`).join(", "));
  if (missing.length) console.log(`FAIL no ${missing.join(", ")} was checked`);
  if (files === 0 || failed || missing.length) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
