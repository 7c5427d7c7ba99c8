// Reads every file ridec wrote under a directory with parsers ridec does not share code with:
// @sportloop/mrc for .erg/.mrc and Garmin's own @garmin/fitsdk for .fit.
//
//   node check.mjs DIR      (or: npm run check -- DIR)
//
// Prints one line per file ("ok" or "FAIL" with the reason) and exits 1 when any file fails
// or none is found, 2 on a usage error.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import * as MRC from "@sportloop/mrc";
import { Decoder, Stream } from "@garmin/fitsdk";

const UNIT_WORDS = { ".erg": ["WATTS"], ".mrc": ["PERCENT", "FTP"] };
const NUMERIC_TEXT = /^[\d.,:+\- ]+$/;

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

// Problems @sportloop/mrc does not look for: the meaning of what it parsed.
function courseProblems(parsed, extension) {
  const problems = [];
  const word = parsed.courseHeader.dataTypes[1];
  if (!UNIT_WORDS[extension].includes(word)) problems.push(`unit MINUTES ${word} in a ${extension}`);
  const data = parsed.courseData;
  if (data.length === 0) problems.push("no course data");
  else if (data[0][0] !== 0) problems.push(`course data starts at minute ${data[0][0]}`);
  data.forEach(([minutes, value], i) => {
    if (!Number.isFinite(minutes) || !Number.isFinite(value) || value < 0) {
      problems.push(`row ${i + 1} is not two finite numbers`);
    } else if (i > 0 && minutes < data[i - 1][0]) {
      problems.push(`row ${i + 1} goes back in time`);
    }
  });
  for (const [at, text, duration] of parsed.courseText ?? []) {
    const cue = `cue at ${at} s`;
    if (!Number.isInteger(duration) || duration < 0) problems.push(`${cue} has no whole duration`);
    if (!text || !text.trim() || NUMERIC_TEXT.test(text.trim())) problems.push(`${cue} has no text`);
  }
  return problems;
}

function checkCourse(path) {
  const parsed = MRC.parse(readFileSync(path, "utf8"));
  const problems = courseProblems(parsed, extname(path).toLowerCase());
  if (problems.length) throw new Error(problems.join("; "));
  const cues = parsed.courseText?.length ?? 0;
  const minutes = parsed.courseData.at(-1)[0];
  return `${parsed.courseData.length} rows, ${minutes} min, ${cues} cues`;
}

function checkFit(path) {
  const decoder = new Decoder(Stream.fromByteArray(readFileSync(path)));
  if (!decoder.isFIT()) throw new Error("not a FIT file");
  if (!decoder.checkIntegrity()) throw new Error("checkIntegrity() failed (sizes or CRC)");
  const { messages, errors } = decoder.read();
  if (errors.length) throw new Error(`read() errors: ${errors.map(String).join("; ")}`);
  const steps = messages.workoutStepMesgs?.length ?? 0;
  return `${Object.keys(messages).length} message types, ${steps} workout steps`;
}

const CHECKERS = { ".erg": checkCourse, ".mrc": checkCourse, ".fit": checkFit };

function main(args) {
  if (args.length !== 1) {
    console.error("usage: node check.mjs DIR");
    return 2;
  }
  const root = args[0];
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`${root}: not a directory`);
    return 2;
  }
  let checked = 0;
  let failed = 0;
  for (const path of walk(root)) {
    const checker = CHECKERS[extname(path).toLowerCase()];
    if (!checker) continue;
    checked += 1;
    const shown = relative(root, path) || path;
    try {
      console.log(`ok    ${shown}: ${checker(path)}`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL  ${shown}: ${error.message}`);
    }
  }
  if (checked === 0) {
    console.log(`FAIL  ${root}: no .erg, .mrc or .fit file found`);
    return 1;
  }
  console.log(`${checked} files checked, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
