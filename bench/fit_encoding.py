"""FIT encoding in process: ridec's encoder, garmin-fit-sdk's `Encoder` and fit-tool.

All three encode the same messages (file_id, workout, workout_step) of the same generated
workouts, each given them in its own input form, prepared before the clock starts: ridec
`Message`s, the SDK's dicts of field names, fit-tool's message objects. ridec's bytes must
equal the SDK's; fit-tool lays fields out in profile order and reuses one local type, so its
bytes differ, and what it wrote is compared with what ridec wrote after decoding both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from garmin_fit_sdk import Decoder, Encoder, Stream

from bench.generate import generate
from bench.measure import Pair, Task, measure_rounds
from ridec.formats.base import CompileOptions, Fidelity
from ridec.formats.fit.encoder import FitEncoder, Message
from ridec.formats.fit.profile import MesgNum
from ridec.formats.fit.writer import FitWriter, all_messages, build_messages, encode
from ridec.language import bind, parse
from ridec.timeline import Timeline, lower

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""A fixed creation time, so every run encodes the same file_id."""
DECODE_SAMPLE = 50
"""How many fit-tool files are decoded and compared (decoding is slow; a sample shows it)."""
RIDEC = "ridec FitEncoder"
SDK = "garmin-fit-sdk Encoder"
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
    vs_sdk: Pair
    """ridec's `FitEncoder` against garmin-fit-sdk's `Encoder`: the benchmark's target."""
    vs_fit_tool: Pair
    """ridec's `FitEncoder` against fit-tool's `FitFileBuilder`."""
    writer_vs_sdk: Pair
    """ridec's writer path on the same messages (step records, no per-field pairs)."""
    render_vs_sdk: Pair
    """`FitWriter.render` from the timeline (lowering, repeat folding, encoding) against the
    SDK encoding messages made in advance: not like for like, but what a user waits for."""
    equal_to_sdk: int
    """Workouts whose ridec bytes equal the SDK's, out of `workouts`."""
    writer_equal: int
    """Workouts whose writer-path bytes equal the encoder's."""
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
    sdk_input = [[_sdk_dict(m) for m in file] for file in messages]
    tool_input = [[_tool_message(m) for m in file] for file in messages]
    contents = [build_messages(t, options, Fidelity("fit")) for t in timelines]
    outputs: dict[str, list[bytes]] = {}

    def keep(name: str, encode_all: Callable[[], list[bytes]]) -> Task:
        return Task(name, lambda: outputs.__setitem__(name, encode_all()))

    tasks = [
        keep(RIDEC, lambda: [encode_ridec(m) for m in messages]),
        keep(SDK, lambda: [encode_sdk(d) for d in sdk_input]),
        keep(FIT_TOOL, lambda: [encode_fit_tool(t) for t in tool_input]),
        keep(WRITER, lambda: [encode(c, CREATED)[0] for c in contents]),
        keep(RENDER, lambda: [_render(t, options) for t in timelines]),
    ]
    ours, sdk, tool, writer, render = measure_rounds(tasks, runs)
    sample = _sample(outputs[RIDEC], outputs[FIT_TOOL])
    return FitResult(
        workouts=workouts,
        messages=sum(len(m) for m in messages),
        vs_sdk=Pair(ours, sdk),
        vs_fit_tool=Pair(ours, tool),
        writer_vs_sdk=Pair(writer, sdk),
        render_vs_sdk=Pair(render, sdk),
        equal_to_sdk=_equal(outputs[RIDEC], outputs[SDK]),
        writer_equal=_equal(outputs[WRITER], outputs[RIDEC]),
        render_equal=_equal(outputs[RENDER], outputs[RIDEC]),
        fit_tool_decoded_equal=sum(decode(a) == decode(b) for a, b in sample),
        decoded_sample=len(sample),
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


def encode_sdk(messages: Sequence[dict[str, Any]]) -> bytes:
    """One file through garmin-fit-sdk's `Encoder`."""
    encoder = Encoder()
    for message in messages:
        encoder.write_mesg(message)
    return encoder.close()


def encode_fit_tool(messages: Sequence[Any]) -> bytes:
    """One file through fit-tool's builder (definitions made as it goes)."""
    builder = FitFileBuilder(auto_define=True)
    builder.add_all(list(messages))
    return cast(bytes, builder.build_bytes())


def _sdk_dict(message: Message) -> dict[str, Any]:
    """The SDK's input: a dict of profile field names and raw values."""
    fields: dict[str, Any] = {"mesg_num": int(message.mesg_num)}
    for spec, value in message.fields:
        fields[spec.name] = value if isinstance(value, str) else int(value)
    return fields


def _tool_message(message: Message) -> Any:
    """fit-tool's input: a message object with each field's raw (encoded) value set."""
    made = FIT_TOOL_CLASSES[message.mesg_num]()
    for spec, value in message.fields:
        raw = value if isinstance(value, str) else int(value)
        made.get_field(spec.num).set_encoded_value(0, raw)
    return made


def decode(data: bytes) -> dict[str, Any]:
    """Every message of a FIT file as garmin-fit-sdk reads it, raw values, errors included."""
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(
        apply_scale_and_offset=False,
        convert_types_to_strings=False,
        convert_datetimes_to_dates=False,
        expand_sub_fields=False,
        expand_components=False,
        merge_heart_rates=False,
    )
    return {"messages": messages, "errors": [str(e) for e in errors]}
