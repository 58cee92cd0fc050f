"""``smotekit`` command line: ``smotekit resample INPUT --target COL -o OUTPUT``."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from smotekit.cli.diagnose import diagnose
from smotekit.cli.evaluate import evaluate, paper
from smotekit.cli.registry import SAMPLERS
from smotekit.errors import SmotekitError


def _parse_strategy(strategy: str | None, ratio: float | None) -> Any:
    if strategy is not None and ratio is not None:
        raise click.UsageError("Give --ratio or --strategy, not both.")
    return ratio if ratio is not None else strategy


def _make_sampler(name: str, options: dict[str, Any]) -> Any:
    from smotekit.cli import registry

    if options.get("categorical"):
        options["categorical"] = [c.strip() for c in options["categorical"].split(",")]
    extra = _settings(options.pop("settings", ()) or ())
    given = {k: v for k, v in options.items() if v is not None}
    try:
        return registry.build(name, given, extra)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _settings(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``--set name=value`` pairs as constructor parameters: ints, floats, true/false and
    none are read as such, anything else is a string (the sampler checks every value)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(
                f"--set takes name=value (e.g. --set topology=mesh), not {pair!r}."
            )
        out[name.strip()] = _value(text.strip())
    return out


def _value(text: str) -> Any:
    words = {"true": True, "false": False, "none": None}
    if text.lower() in words:
        return words[text.lower()]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _summary(before: Counter, after: Counter) -> str:
    classes = sorted(set(before) | set(after), key=lambda c: (str(type(c)), c))
    width = max([len(str(c)) for c in classes] + [5])
    lines = [f"{'class':<{width}}  {'before':>9}  {'after':>9}  {'added':>9}"]
    for c in classes:
        b, a = before.get(c, 0), after.get(c, 0)
        lines.append(f"{c!s:<{width}}  {b:>9}  {a:>9}  {a - b:>+9}")
    lines.append(
        f"{'total':<{width}}  {sum(before.values()):>9}  {sum(after.values()):>9}  "
        f"{sum(after.values()) - sum(before.values()):>+9}"
    )
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="smotekit")
def cli() -> None:
    """smotekit: SMOTE and friends for imbalanced data."""


@cli.command()
@click.argument("input_path", metavar="[INPUT]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--target", "-t", help="Name of the class column (default for the bundled data: label)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Where to write the result (default: INPUT's name with '_resampled', in this folder).",
)
@click.option(
    "--sampler",
    type=click.Choice(list(SAMPLERS)),
    default="smote",
    show_default=True,
    help="Which sampler; options it does not take are refused.",
)
@click.option("--k", "k", type=int, help="Nearest neighbours (SMOTE family; default 5).")
@click.option(
    "--percentage", type=float, help="The paper's SMOTE N%: 200 adds two rows per minority row."
)
@click.option(
    "--under-percentage",
    type=float,
    help="smote-under: the paper's U%; the majority keeps minority*100/U rows.",
)
@click.option("--ratio", type=float, help="Minority/majority ratio after resampling (binary).")
@click.option(
    "--strategy", help="auto, minority, majority, not minority, not majority, all (default auto)."
)
@click.option("--seed", type=int, help="Random seed (reproducible output).")
@click.option(
    "--allocation",
    type=click.Choice(["even", "random"]),
    help="even (the paper, default) or random (imbalanced-learn's choice of base rows).",
)
@click.option(
    "--gap",
    type=click.Choice(["segment", "box"]),
    help="segment (default: a point on the line) or box (one gap per attribute).",
)
@click.option(
    "--integer-columns",
    type=click.Choice(["round", "float"]),
    help="round (default: keep integer columns integer) or float.",
)
@click.option("--categorical", help="Nominal columns, comma-separated (smote-nc; default: auto).")
@click.option("--kind", help="Variant kind, e.g. borderline-1 or borderline-2.")
@click.option(
    "--metric",
    type=click.Choice(
        ["euclidean", "cosine", "manhattan", "chebyshev", "heom", "hvdm", "smote-nc"]
    ),
    help="Distance of the neighbour searches (smote, borderline, adasyn, svm-smote, "
    "safe-level, prowsyn, lee; smote-nc: smote-nc, heom or hvdm). Default: the sampler's own.",
)
@click.option(
    "--detector",
    type=click.Choice(["neighbors", "isolation_forest", "lof"]),
    help="noise-filter: how synthetic noise is recognised (default neighbors).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Any other parameter of the sampler, e.g. --set topology=mesh --set degree=3 "
    "(polynom-fit-smote) or --set energy=2.5 (ccr). Repeatable.",
)
@click.option("--jobs", type=int, default=None, help="Threads (default: all cores).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), help="Output format.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--stream/--no-stream",
    default=None,
    help="Read INPUT in chunks, holding only the rows of the classes to grow (smote, "
    "random-over, random-under). Default: automatic above 1 GB or 1/8 of free memory.",
)
def resample(
    input_path: Path | None,
    target: str | None,
    output: Path | None,
    sampler: str,
    quiet: bool,
    fmt: str | None,
    stream: bool | None,
    **options: Any,
) -> None:
    """Resample a CSV or Parquet file; with no INPUT, the bundled Pima diabetes data.

    The output is written to a temporary file next to it and renamed once complete: a
    failure or Ctrl-C leaves no partial file, and INPUT is only read.
    """
    from smotekit.cli.io import (
        check_output,
        check_readable,
        check_table,
        read_table,
        require_columns,
        table_format,
        write_table_atomic,
    )

    options["strategy"] = _parse_strategy(options.pop("strategy"), options.pop("ratio"))
    if input_path is None:
        from smotekit.datasets import pima_path

        source, target = pima_path(), target or "label"
        output = output or Path("pima_resampled.csv")
    else:
        source = input_path
        if target is None:
            raise click.UsageError("--target is required: name the class column of INPUT.")
        output = output or Path(f"{input_path.stem}_resampled{input_path.suffix or '.csv'}")
    chosen = _make_sampler(sampler, options)
    check_output(output, [source])
    out_fmt = table_format(output, fmt, role="output")
    check_readable(source)
    from smotekit.cli.stream import resample_streamed, wants_streaming

    if wants_streaming(stream, source, chosen, quiet):
        check_table(source, table_format(source), [target])
        done = resample_streamed(chosen, source, output, target, out_fmt, quiet)
        if not quiet:
            click.echo(
                f"{sampler} on {source.name} ({done.n_rows} rows, streamed in {done.passes} "
                f"passes) in {done.seconds:.2f} s"
            )
            click.echo(_summary(Counter(done.counts_before), Counter(done.counts_after)))
            click.echo(f"wrote {output}")
        return
    frame = read_table(source, table_format(source))
    require_columns(frame.columns, [target], source)
    X, y = frame.drop(columns=target), frame[target]
    started = time.perf_counter()
    X_res, y_res = chosen.fit_resample(X, y)
    elapsed = time.perf_counter() - started
    result = X_res.assign(**{target: y_res})[list(frame.columns)]
    write_table_atomic(result, output, out_fmt)
    if not quiet:
        click.echo(
            f"{sampler} on {source.name} ({len(frame)} rows, {X.shape[1]} features) "
            f"in {elapsed:.2f} s"
        )
        click.echo(_summary(Counter(y.tolist()), Counter(y_res.tolist())))
        click.echo(f"wrote {output}")


for _command in (diagnose, evaluate, paper):
    cli.add_command(_command)


def _one_line(text: str) -> str:
    """A message on one line (a traceback-free error is one line on stderr)."""
    return " ".join(str(text).split())


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every error is one line on stderr and a non-zero status.

    Exit status: 0 on success, 1 for data or files that cannot be used (smotekit's errors,
    unreadable inputs, unwritable outputs), 2 for a usage error, 130 for Ctrl-C.
    """
    try:
        cli(args=argv, prog_name="smotekit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("error: interrupted; no partial output file was left.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        click.echo(f"error: {_one_line(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except SmotekitError as exc:
        click.echo(f"error: {_one_line(str(exc))}", err=True)
        sys.exit(1)
    except MemoryError:
        click.echo(
            "error: out of memory. Try a smaller file, fewer new rows, or 'resample --stream' "
            "(reads the input in chunks).",
            err=True,
        )
        sys.exit(1)
    except OSError as exc:
        where = f" ('{exc.filename}')" if exc.filename else ""
        reason = exc.strerror or str(exc) or type(exc).__name__
        click.echo(f"error: {_one_line(reason)}{where}.", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
