// Reads every intervals.icu text (.icu) ridec wrote under a directory with an independent
// parser, MarvinNazari/intervals-icu-workout-parser (vendored unchanged in
// vendor/intervals-icu-workout-parser/, compiled in memory with esbuild), and compares what it
// read with ridec's own JSON of the same workout (the .json beside each .icu): the title, the
// total duration, the steps after expanding repeats, and each step's duration, power target
// (% FTP or watts: steady, range, zone, ramp, free ride), cadence, intensity and timed prompts.
//
//   node icu.mjs DIR
//
// Where the parser reads intervals.icu text otherwise than the forum's guide does, the
// difference is one of the GAPS below: checked to be exactly that gap, counted and listed at
// the end; any other difference fails. One line per file, then the counts; exit 1 when a file
// fails or none is found, 2 on a usage error.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const PARSER = fileURLToPath(
  new URL("./vendor/intervals-icu-workout-parser/src/parser.ts", import.meta.url),
);

// What the parser reads otherwise than intervals.icu (the forum's Workout Builder Syntax Quick
// Guide, quoted in docs/formats.md). ridec writes the guide's forms; these are the parser's.
const GAPS = {
  "block-end":
    "a blank line ends a repeat block (the guide: a blank line before and after a block); the " +
    "parser ends a section only at the next text line, so steps after a block's blank line join " +
    "the block and are repeated with it. Compared: the parser's reading of each blank-line " +
    "paragraph on its own, checked to give the parser's whole reading once joined. Counted " +
    "per step line that joined a block (the other gaps per step after expanding repeats)",
  "lap-button":
    "a step that ends at the lap button (`- freeride press lap`, no duration): the parser has " +
    "a `lap_press` duration in its types but never makes one; it reads 0 s with the press_lap " +
    "flag and a 'No duration found' parse note",
  "merged-prompts":
    "several timed prompts before one `<!>` (`300^A 600^B <!>`): the parser's prompt pattern " +
    "ends a message only at `<!>`, a duration, a % range or a zone, not at the next `N^`, so it " +
    "reads one prompt whose text holds the others' markers (checked, in order)",
  "decimal-power":
    "a power with a fraction (`87.5%`, `ramp 47.5-70%`): the parser's patterns take whole " +
    "numbers only and read no target",
  "watt-ramp":
    "a ramp in watts (`ramp 150-250w`, in the guide): the parser's ramp takes % only and reads " +
    "the watts as a range from the first number to the second",
};

// The parser's own zone bounds (% FTP), from the comments of its default zone midpoints:
// "0-55%", "56-75%", ... and ">150%" for Z7, whose top the parser does not bound.
const ZONES = {
  1: [0, 55], 2: [56, 75], 3: [76, 90], 4: [91, 105], 5: [106, 120], 6: [121, 150], 7: [151, null],
};

async function loadParser() {
  const built = buildSync({
    entryPoints: [PARSER],
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = Buffer.from(built.outputFiles[0].text).toString("base64");
  return import(`data:text/javascript;base64,${code}`);
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const isRepeatedSection = (section) => (section?.repeat?.times ?? 1) !== 1;

function expand(sections) {
  const steps = [];
  for (const section of sections) {
    for (let r = 0; r < (section.repeat?.times ?? 1); r += 1) {
      for (const step of section.steps) {
        for (let s = 0; s < (step.repeat?.times ?? 1); s += 1) steps.push(step);
      }
    }
  }
  return steps;
}

// The parser's reading with a blank line ending every section ("block-end"): each paragraph
// parsed on its own. Joining an untitled paragraph's steps to the section before is what the
// parser does over the whole text; that must give its whole reading back, or the check fails.
function readByParagraphs(parser, text, whole, gaps) {
  const paragraphs = text.split(/\n[ \t]*\n/).filter((paragraph) => paragraph.trim());
  // A first paragraph without steps is the heading: over the whole text the parser takes its
  // first line as the title; alone, a one-line paragraph would be a section title to it.
  if (paragraphs.length && !/^\s*-/m.test(paragraphs[0])) paragraphs.shift();
  const sections = [];
  const joined = [];
  for (const paragraph of paragraphs) {
    for (const section of parser.parseWorkoutStructure(paragraph).sections) {
      sections.push(section);
      const last = joined.at(-1);
      if (last && section.title === undefined && section.repeat === undefined) {
        if (isRepeatedSection(last)) gaps["block-end"] += section.steps.length;
        joined[joined.length - 1] = { ...last, steps: [...last.steps, ...section.steps] };
      } else {
        joined.push(section);
      }
    }
  }
  if (JSON.stringify(joined) !== JSON.stringify(whole.sections)) {
    throw new Error("read by paragraphs, the parser does not give its whole reading back");
  }
  return sections;
}

// A step line's values (after its prompts' `<!>`): a power with a fraction, a ramp in watts.
const FRACTION = /(^|[\s-])\d+\.\d+(-\d+(\.\d+)?)?(%|w)(\s|$)/i;
const WATT_RAMP = /(^|\s)ramp \d+-\d+w(\s|$)/i;
const valuesOf = (line) => line.split("<!>").at(-1);
const percentOf = (fraction) => Math.round(fraction * 100);

// Problems with the power the parser read, against the timeline step of ridec's JSON.
function powerProblems(step, entry, gaps) {
  const { target, ramp } = step;
  const kind = entry.target;
  if (kind === "free" || kind === "max") {
    const free = target?.kind === "freeride" && !ramp;
    return free ? [] : [`${kind} but the parser read ${JSON.stringify(target ?? ramp)}`];
  }
  const pct = [
    entry.power_start_pct, entry.power_end_pct, entry.power_low_pct, entry.power_high_pct,
  ];
  const watts = [entry.power_start_w, entry.power_end_w, entry.power_low_w, entry.power_high_w];
  if (!target && !ramp) {
    if (FRACTION.test(valuesOf(step.line))) {
      gaps["decimal-power"] += 1;
      return [];
    }
    return [`the parser read no power for ${kind}`];
  }
  let read;
  if (ramp && !target) {
    read = { kind: "ramp", unit: "pct", values: [percentOf(ramp.fromPct), percentOf(ramp.toPct)] };
  } else if (!ramp && target.kind === "power") {
    read = readPower(target.value, WATT_RAMP.test(valuesOf(step.line)), gaps);
  }
  if (!read) return [`the parser read ${JSON.stringify({ target, ramp })}`];
  const [start, end, low, high] = read.unit === "pct" ? pct : watts;
  const expected = { ramp: [start, end], steady: [low, high], range: [low, high] }[kind];
  if (read.kind !== kind || !expected) return [`${kind} but the parser read a ${read.kind}`];
  if (read.zone) {
    const [bottom, top] = ZONES[read.zone];
    const ok = low === bottom && (top === null || high === top);
    return ok ? [] : [`Z${read.zone} is ${bottom}-${top ?? ""}% to the parser, ${low}-${high}%`];
  }
  const same = read.values.every((v, i) => v === expected[i]);
  return same ? [] : [`power ${read.values} ${read.unit} read, ${expected} in ridec's JSON`];
}

// The parser's power as { kind, unit, values } or a zone; `wattRamp` when the line says
// `ramp N-Mw`, which the parser reads as a range ("watt-ramp").
function readPower(value, wattRamp, gaps) {
  switch (value.type) {
    case "percent":
      return { kind: "steady", unit: "pct", values: [percentOf(value.pct), percentOf(value.pct)] };
    case "percent_range":
      return { kind: "range", unit: "pct", values: [value.minPct, value.maxPct].map(percentOf) };
    case "watts":
      return { kind: "steady", unit: "w", values: [value.watts, value.watts] };
    case "zone":
      return { kind: "range", unit: "pct", zone: Number(value.zone.slice(1)) };
    case "watts_range":
      if (wattRamp) gaps["watt-ramp"] += 1;
      return {
        kind: wattRamp ? "ramp" : "range", unit: "w", values: [value.minWatts, value.maxWatts],
      };
    default:
      return undefined;
  }
}

function cadenceProblems(step, entry) {
  const c = step.cadence;
  const read = c ? ("rpm" in c ? [c.rpm, c.rpm] : [c.rangeRpm.min, c.rangeRpm.max]) : [null, null];
  const expected = [entry.cadence_low, entry.cadence_high];
  const same = read[0] === expected[0] && read[1] === expected[1];
  return same ? [] : [`cadence ${read} read, ${expected} in ridec's JSON`];
}

function durationProblems(step, entry, gaps) {
  const lapFlag = (step.flags ?? []).some((flag) => flag.kind === "press_lap");
  if (entry.duration_s === null) {
    if (lapFlag && step.duration.kind === "time" && step.duration.seconds === 0) {
      gaps["lap-button"] += 1;
      return [];
    }
    return [`a lap-button step, read as ${JSON.stringify(step.duration)}`];
  }
  const problems = lapFlag ? ["press lap on a timed step"] : [];
  const seconds = step.duration.kind === "time" ? step.duration.seconds : null;
  if (seconds !== entry.duration_s) {
    problems.push(`duration ${seconds} s read, ${entry.duration_s} s in ridec's JSON`);
  }
  return problems;
}

// Timed prompts: ridec writes a cue as one when it is not at the step's start or is shown for
// a set time (and has text); "merged-prompts" when several run into one message.
function promptProblems(step, entry, gaps) {
  const expected = entry.cues
    .filter((cue) => cue.text.trim() && !(cue.kind === "block" && cue.at_s === entry.start_s))
    .filter((cue) => cue.at_s > entry.start_s || cue.duration_s !== null)
    .map((cue) => ({ at: cue.at_s - entry.start_s, for: cue.duration_s ?? undefined }));
  const read = step.prompts ?? [];
  const marker = (p) => `${p.at}^${p.for ?? ""}`;
  const problems = [];
  let next = 0;
  for (const prompt of read) {
    const want = expected[next];
    if (!want || want.at !== prompt.atSeconds || want.for !== prompt.forSeconds) {
      problems.push(`prompt at ${prompt.atSeconds} s read, ${want ? marker(want) : "none"} wanted`);
      break;
    }
    next += 1;
    // Markers of the prompts the parser ran into this one, in order.
    let rest = prompt.text;
    while (next < expected.length && rest.includes(` ${marker(expected[next])}`)) {
      rest = rest.slice(rest.indexOf(` ${marker(expected[next])}`) + 1);
      gaps["merged-prompts"] += 1;
      next += 1;
    }
  }
  if (!problems.length && next !== expected.length) {
    problems.push(`${expected.length - next} timed prompts not read`);
  }
  return problems;
}

function checkIcu(parser, path) {
  const jsonPath = path.slice(0, -extname(path).length) + ".json";
  const workout = JSON.parse(readFileSync(jsonPath, "utf8"));
  const text = readFileSync(path, "utf8");
  const structure = parser.parseWorkoutStructure(text);
  const gaps = Object.fromEntries(Object.keys(GAPS).map((name) => [name, 0]));
  const problems = [];
  const title = structure.header?.title;
  if (title !== workout.name) problems.push(`title ${JSON.stringify(title)} read`);
  const sections = readByParagraphs(parser, text, structure, gaps);
  // Each step read keeps its line, for the gaps that depend on how it is written.
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("-"));
  const read = sections.flatMap((section) => section.steps);
  if (read.length !== lines.length) {
    throw new Error(`${read.length} steps read from ${lines.length} step lines`);
  }
  read.forEach((step, i) => {
    step.line = lines[i];
  });
  const steps = expand(sections);
  const timeline = workout.timeline;
  if (steps.length !== timeline.length) {
    problems.push(`${steps.length} steps read, ${timeline.length} in ridec's JSON`);
  }
  const total = parser.calculateDuration({ sections });
  if (total !== workout.duration_s) {
    problems.push(`${total} s in all read, ${workout.duration_s} s in ridec's JSON`);
  }
  steps.slice(0, timeline.length).forEach((step, i) => {
    const entry = timeline[i];
    const found = [
      ...durationProblems(step, entry, gaps),
      ...powerProblems(step, entry, gaps),
      ...cadenceProblems(step, entry),
      ...promptProblems(step, entry, gaps),
    ];
    const override = step.flags?.find((flag) => flag.kind === "intensity_override");
    const intensity = override?.value ?? "active";
    if (intensity !== entry.intensity) found.push(`${intensity} read, ${entry.intensity} wanted`);
    if (found.length) problems.push(`step ${i + 1} (${step.line}): ${found.join(", ")}`);
  });
  const laps = timeline.filter((entry) => entry.duration_s === null).length;
  const notes = structure.parseNotes ?? [];
  const unexplained = notes.filter((note) => !note.startsWith("No duration found"));
  if (unexplained.length || notes.length > laps) problems.push(`parse notes: ${notes.join("; ")}`);
  if (problems.length) throw new Error(problems.slice(0, 5).join("; "));
  return { steps: steps.length, seconds: total, gaps };
}

async function main(args) {
  if (args.length !== 1) {
    console.error("usage: node icu.mjs DIR");
    return 2;
  }
  const root = args[0];
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`${root}: not a directory`);
    return 2;
  }
  const parser = await loadParser();
  const totals = Object.fromEntries(Object.keys(GAPS).map((name) => [name, [0, 0]]));
  let checked = 0;
  let failed = 0;
  let steps = 0;
  for (const path of walk(root)) {
    if (extname(path).toLowerCase() !== ".icu") continue;
    checked += 1;
    const shown = relative(root, path) || path;
    try {
      const result = checkIcu(parser, path);
      steps += result.steps;
      const noted = Object.entries(result.gaps).filter(([, count]) => count);
      for (const [name, count] of noted) {
        totals[name] = [totals[name][0] + count, totals[name][1] + 1];
      }
      const gapText = noted.map(([name, count]) => `${name} ${count}`).join(", ");
      const gapNote = gapText ? `; parser gaps: ${gapText}` : "";
      console.log(`ok    ${shown}: ${result.steps} steps, ${result.seconds} s${gapNote}`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL  ${shown}: ${error.message}`);
    }
  }
  if (checked === 0) {
    console.log(`FAIL  ${root}: no .icu file found`);
    return 1;
  }
  console.log("parser gaps (counted, not failures; each checked to be only that):");
  for (const [name, reason] of Object.entries(GAPS)) {
    const [count, files] = totals[name];
    console.log(`  ${name}: ${count} in ${files} files: ${reason}`);
  }
  const summary = `${checked} .icu files checked (${steps} steps against ridec's JSON)`;
  console.log(`${summary}, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
