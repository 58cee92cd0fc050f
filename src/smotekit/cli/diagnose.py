"""``smotekit diagnose [DATA] --target COL``: should SMOTE be used on this data, and why.

Prints a readable report (default), or the JSON of :meth:`Diagnosis.to_dict` (``--json``;
keys documented in :mod:`smotekit.diagnosis.report`). ``--samplers smote,borderline,...``
runs each sampler and compares where they put their new rows. Exit status: 0 when the data
could be diagnosed (whatever the verdict, including "does not apply"), 1 for unreadable input
or a missing column, 2 for a usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from smotekit.cli.registry import SAMPLERS
from smotekit.errors import InvalidInputError


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _samplers(names: list[str], seed: int | None) -> dict[str, Any]:
    """Build the samplers named on the command line (each with the seed, if it takes one)."""
    from smotekit.cli import registry

    unknown = [n for n in names if n not in SAMPLERS]
    if unknown:
        raise click.UsageError(
            f"Unknown sampler(s) {', '.join(unknown)} in --samplers; choose from "
            f"{', '.join(SAMPLERS)}."
        )
    out = {}
    for name in dict.fromkeys(names):  # each once, in the order given
        given = {} if seed is None else {"seed": seed}
        try:
            out[name] = registry.build(name, given)
        except ValueError:  # a sampler without randomness takes no seed
            out[name] = registry.build(name, {})
    return out


@click.command("diagnose")
@click.argument("input_path", metavar="[DATA]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--target",
    "-t",
    help="Class column (default for the bundled data: label). Several comma-separated columns "
    "form a multi-label target, which the diagnosis explains SMOTE does not apply to.",
)
@click.option("--k", "k", type=int, default=5, show_default=True, help="Neighbourhood size.")
@click.option(
    "--samplers",
    help="Comma-separated samplers to run and compare (names as for 'resample --sampler', "
    "e.g. smote,borderline,adasyn).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the samplers.")
@click.option(
    "--metric",
    type=click.Choice(["hvdm", "euclidean"]),
    default="hvdm",
    show_default=True,
    help="hvdm: numeric columns scaled, nominal ones by class rates; euclidean: raw values.",
)
@click.option(
    "--categorical", help="Nominal columns, comma-separated (default: the non-numeric ones)."
)
@click.option(
    "--max-mst-rows",
    type=int,
    default=None,
    help="N1 is exact up to this many rows, else on a stratified sample (default 10000).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (stable keys) instead of text.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path),
    help="Also write the report as an HTML fragment to this file (written whole or not at "
    "all: a temporary file renamed at the end).",
)
def diagnose(
    input_path: Path | None,
    target: str | None,
    k: int,
    samplers: str | None,
    seed: int,
    metric: str,
    categorical: str | None,
    max_mst_rows: int | None,
    as_json: bool,
    html_path: Path | None,
) -> None:
    """Diagnose whether SMOTE suits a CSV or Parquet file; with no DATA, the bundled Pima data."""
    from smotekit.cli.io import (
        check_output,
        read_table,
        require_columns,
        table_format,
        write_text_atomic,
    )
    from smotekit.diagnosis import MST_EXACT_MAX_ROWS
    from smotekit.diagnosis import diagnose as run

    if input_path is None:
        from smotekit.datasets import pima_path

        source, target = pima_path(), target or "label"
    else:
        source = input_path
        if not target:
            raise click.UsageError("--target is required: name the class column of DATA.")
    columns = _split(target)
    if not columns:
        raise click.UsageError("--target names no column.")
    if k < 1:
        raise click.UsageError(f"--k {k}: the neighbourhood size must be at least 1.")
    built = _samplers(_split(samplers), seed)
    if html_path is not None:
        check_output(html_path, [source], option="--html")
    frame = read_table(source, table_format(source))
    require_columns(frame.columns, columns, source, several=True)
    if len(frame.columns) == len(columns):
        raise InvalidInputError(
            f"{source.name} has no column besides the target {columns}: there are no features "
            "to diagnose."
        )
    X = frame.drop(columns=columns)
    y = frame[columns[0]] if len(columns) == 1 else frame[columns].to_numpy()
    categorical_features: Any = _split(categorical) or "auto"
    diagnosis = run(
        X,
        y,
        k=k,
        metric=metric,
        categorical_features=categorical_features,
        samplers=built,
        max_mst_rows=max_mst_rows or MST_EXACT_MAX_ROWS,
        random_state=seed,
        source=source.name,
    )
    if html_path is not None:
        write_text_atomic(diagnosis.to_html(), html_path, option="--html")
    click.echo(diagnosis.to_json() if as_json else diagnosis.to_text())
