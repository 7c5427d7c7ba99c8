"""FIT encoding in process: ridec's encoder against fit-tool, the reference FIT encoder.

Both encode the same messages (file_id, workout, workout_step) of the same generated workouts,
each given them in its own input form, prepared before the clock starts: ridec `Message`s
(field specs attached), fit-tool's message objects (fields set). So neither side resolves
field names inside its timed region: equal work. ridec's CRC bit planes are dropped before
every timed run, so each run pays for building them once, as one build or compile does.

garmin-fit-sdk is not timed here: its licence (FIT Protocol License, clause 2(f)) forbids
using it for benchmarking or a competitive analysis. It stays an oracle in the tests only;
this module compares outputs by decoding both with fitparse.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import fitparse
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from bench.generate import generate
from bench.measure import Pair, Task, Timing, measure_rounds
from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.fit import crc as fit_crc
from ridec.formats.fit.encoder import FitEncoder, Message
from ridec.formats.fit.profile import MesgNum
from ridec.formats.fit.writer import FitWriter, all_messages, build_messages, encode
from ridec.language import bind, parse
from ridec.timeline import Timeline, lower

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""A fixed creation time, so every run encodes the same file_id."""
DECODE_SAMPLE = 50
"""How many fit-tool files are decoded and compared (decoding is slow; a sample shows it)."""
WARM_UP_FILES = 50
"""Workouts fit-tool encodes, untimed, before its CPU per workout is measured."""
RIDEC = "ridec FitEncoder"
FIT_TOOL = "fit-tool FitFileBuilder"
WRITER = "ridec writer path"
RENDER = "ridec FitWriter.render"
FIT_TOOL_CLASSES: dict[int, Any] = {
    MesgNum.FILE_ID: FileIdMessage,
    MesgNum.WORKOUT: WorkoutMessage,
    MesgNum.WORKOUT_STEP: WorkoutStepMessage,
}


@dataclass(frozen=True, slots=True)
class FitResult:
    """The encoders' timings over the same workouts, and how their outputs compare."""

    workouts: int
    messages: int
    """Messages encoded per run (all workouts)."""
    vs_fit_tool: Pair
    """ridec's `FitEncoder` against fit-tool's `FitFileBuilder`: the benchmark's target."""
    writer_vs_fit_tool: Pair
    """ridec's writer path on the same messages (step records, no per-field pairs)."""
    render_vs_fit_tool: Pair
    """`FitWriter.render` from the timeline (lowering, repeat folding, encoding) against
    fit-tool encoding messages made in advance: not like for like, but what a user waits for."""
    writer_equal: int
    """Workouts whose writer-path bytes equal the encoder's, out of `workouts`."""
    render_equal: int
    """Workouts whose rendered bytes equal the encoder's."""
    fit_tool_decoded_equal: int
    """Of the decoded sample, workouts whose fit-tool file reads back as ridec's does."""
    decoded_sample: int


def run(workouts: int, runs: int, seed: int = 2026) -> FitResult:
    """Time the encoders on the messages of `workouts` generated workouts, in rounds."""
    options = CompileOptions(created=CREATED)
    timelines = [_timeline(stem, source) for stem, source in generate(workouts, seed)]
    messages = [all_messages(t, options, Fidelity("fit")) for t in timelines]
    tool_input = [[_tool_message(m) for m in file] for file in messages]
    contents = [build_messages(t, options, Fidelity("fit")) for t in timelines]
    outputs: dict[str, list[bytes]] = {}

    def keep(name: str, encode_all: Callable[[], list[bytes]]) -> Task:
        return Task(name, lambda: outputs.__setitem__(name, encode_all()), cold_crc)

    tasks = [
        keep(RIDEC, lambda: [encode_ridec(m) for m in messages]),
        keep(FIT_TOOL, lambda: [encode_fit_tool(t) for t in tool_input]),
        keep(WRITER, lambda: [encode(c, CREATED)[0] for c in contents]),
        keep(RENDER, lambda: [_render(t, options) for t in timelines]),
    ]
    ours, tool, writer, render = measure_rounds(tasks, runs)
    sample = _sample(outputs[RIDEC], outputs[FIT_TOOL])
    return FitResult(
        workouts=workouts,
        messages=sum(len(m) for m in messages),
        vs_fit_tool=Pair(ours, tool),
        writer_vs_fit_tool=Pair(writer, tool),
        render_vs_fit_tool=Pair(render, tool),
        writer_equal=_equal(outputs[WRITER], outputs[RIDEC]),
        render_equal=_equal(outputs[RENDER], outputs[RIDEC]),
        fit_tool_decoded_equal=sum(decode(a) == decode(b) for a, b in sample),
        decoded_sample=len(sample),
    )


def cold_crc() -> None:
    """Forget ridec's CRC bit planes and bytes checksummed: the next run starts as a fresh
    process does, and builds the planes (once) when it has checksummed enough."""
    fit_crc._planes.cache_clear()
    fit_crc._Checked.total = 0


@dataclass(frozen=True, slots=True)
class FitToolCpu:
    """fit-tool's CPU seconds per workout, per run: encoding alone, and building the
    messages (its objects, each field's value set) and encoding them."""

    encoding: Timing
    building_and_encoding: Timing


def fit_tool_cpu(sources: Iterable[tuple[str, str]], runs: int) -> FitToolCpu:
    """CPU seconds per workout fit-tool takes to build each workout's FIT messages from
    their field values and to encode them, per run.

    Each workout's messages are made by ridec (its field values: untimed), then fit-tool's
    message objects are built from them and encoded, so at most one workout's fit-tool
    objects exist at a time; process CPU time (user + sys) is summed over each part.
    """
    options = CompileOptions(created=CREATED)
    files = [all_messages(_timeline(s, text), options, Fidelity("fit")) for s, text in sources]
    encoding, both = [], []
    warm_up = files[:WARM_UP_FILES]
    for batch in [warm_up, *[files] * runs]:
        built = encoded = 0.0
        for messages in batch:
            started = time.process_time()
            objects = [_tool_message(m) for m in messages]
            made = time.process_time()
            encode_fit_tool(objects)
            built += made - started
            encoded += time.process_time() - made
        encoding.append(encoded / len(batch))
        both.append((built + encoded) / len(batch))
    return FitToolCpu(
        Timing("fit-tool FitFileBuilder, FIT alone (CPU)", tuple(encoding[1:])),
        Timing("fit-tool, messages built and encoded (CPU)", tuple(both[1:])),
    )


def _timeline(stem: str, source: str) -> Timeline:
    return lower(bind(parse(source, f"{stem}.ride"), None), None)


def _render(timeline: Timeline, options: CompileOptions) -> bytes:
    return FitWriter().render(timeline, options, Fidelity("fit"))


def _equal(left: Sequence[bytes], right: Sequence[bytes]) -> int:
    return sum(a == b for a, b in zip(left, right, strict=True))


def _sample(ours: Sequence[bytes], theirs: Sequence[bytes]) -> list[tuple[bytes, bytes]]:
    """Every k-th pair, at most DECODE_SAMPLE of them, spread over the whole library."""
    step = max(1, len(ours) // DECODE_SAMPLE)
    return list(zip(ours[::step], theirs[::step], strict=True))[:DECODE_SAMPLE]


def encode_ridec(messages: Sequence[Message]) -> bytes:
    """One file through ridec's encoder."""
    encoder = FitEncoder()
    encoder.write_all(messages)
    return encoder.finish()


def encode_fit_tool(messages: Sequence[Any]) -> bytes:
    """One file through fit-tool's builder (definitions made as it goes)."""
    builder = FitFileBuilder(auto_define=True)
    builder.add_all(list(messages))
    return cast(bytes, builder.build_bytes())


def _tool_message(message: Message) -> Any:
    """fit-tool's input: a message object with each field's raw (encoded) value set."""
    made = FIT_TOOL_CLASSES[message.mesg_num]()
    for spec, value in message.fields:
        raw = value if isinstance(value, str) else int(value)
        made.get_field(spec.num).set_encoded_value(0, raw)
    return made


def decode(data: bytes) -> list[tuple[str, list[tuple[int, object]]]]:
    """Every message of a FIT file as fitparse reads it (CRC checked): its name and its
    fields' raw values by field number (layout and local types aside)."""
    read = fitparse.FitFile(data, check_crc=True)
    return [
        (
            message.name,
            sorted(
                (field.def_num, field.raw_value)
                for field in message.fields
                if field.raw_value is not None
            ),
        )
        for message in read.get_messages()
    ]
