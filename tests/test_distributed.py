"""storyline.distributed: the per-article stages on a 2-worker local Dask cluster give the build of
one process, survive a killed worker, and resume from their checkpoints.

One cluster serves the whole module. The corpus is the bundled example plus a JSONL file of
invented articles: a syndicated copy of example 004 under the same id (made unique as ``~2``,
annotations included), two reports sharing an id, a bad line, a too-short text, an empty one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from storyline.distributed import ClusterError, Partition, build_on_cluster, open_cluster, plan_partitions
from storyline.distributed.partitions import read_partition
from storyline.distributed.worker import pipeline_loads
from storyline.ingest.readers import read_jsonl_file
from storyline.model import BuildResult
from storyline.pipeline import build, write_outputs
from storyline.settings import Settings

from .conftest import EXAMPLES

#: Timing statistics and arrival times: the only things that may differ between two builds.
VOLATILE = {"seconds", "articles_per_second", "words_per_second", "added", "created", "updated"}


def _invented(copy: str) -> list[object]:
    porto = ("Flooding closed three bridges in Porto Alegre on Monday as the Guaiba river rose to a record 5.3 metres, "
             "the city's mayor said. Rescue teams evacuated 1,200 people from low-lying districts overnight.")
    return [
        {"id": "004_660aa0207cf8ca2e", "text": copy.replace("Blinken", "Secretary Blinken", 1), "outlet": "Wire Copy",
         "published": "2024-04-17"},
        {"text": porto, "title": "Floods close bridges in Porto Alegre", "outlet": "Example News", "published": "2024-05-06"},
        "not json at all",
        {"text": "Too short."},
        {"text": "The mayor of Porto Alegre said on Tuesday that the Guaiba river had begun to fall after reaching a "
                 "record 5.3 metres, but warned that three bridges would stay closed until engineers inspect them.",
         "title": "Guaiba river begins to fall", "outlet": "Other Daily", "published": "2024-05-07"},
        {"id": "rates", "text": "The European Central Bank kept its main interest rate at 4 percent on Thursday, President "
                                "Christine Lagarde said in Frankfurt, adding that a cut in June was possible.",
         "outlet": "Money Wire", "published": "2024-04-11"},
        {"id": "rates", "text": "Christine Lagarde said the European Central Bank could cut rates in June after holding "
                                "them at 4 percent on Thursday, according to Reuters.",
         "outlet": "Euro Times", "published": "2024-04-11"},
        {"text": ""},
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    copy = (EXAMPLES / "004_660aa0207cf8ca2e.txt").read_text(encoding="utf-8")
    lines = [line if isinstance(line, str) else json.dumps(line) for line in _invented(copy)]
    (folder / "extra.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(EXAMPLES), str(folder / "extra.jsonl"), str(folder / "missing.txt")]


@pytest.fixture(scope="module")
def single(corpus, nlp, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single")
    write_outputs(build(corpus, Settings(), nlp=nlp), out)
    return out


@pytest.fixture(scope="module")
def client():
    with open_cluster(workers=2) as client:
        yield client


def _comparable(value):
    if isinstance(value, dict):
        return {key: _comparable(inner) for key, inner in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [_comparable(inner) for inner in value]
    return value


def _same_as_single(result: BuildResult, out: Path, single: Path) -> None:
    write_outputs(result, out)
    ours = _comparable(json.loads((out / "storyline.json").read_text(encoding="utf-8")))
    theirs = _comparable(json.loads((single / "storyline.json").read_text(encoding="utf-8")))
    assert [a["id"] for a in ours["articles"]] == [a["id"] for a in theirs["articles"]]
    assert ours == theirs
    with sqlite3.connect(out / "storyline.db") as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM articles")]
    assert len(ids) == len(set(ids)) == len(theirs["articles"])


def test_distributed_build_gives_the_single_process_build(client, corpus, single, tmp_path) -> None:
    run = build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=2)
    assert run.partitions == run.computed == 7 and run.resumed == 0
    assert "004_660aa0207cf8ca2e~2" in {a.id for a in run.result.articles}
    _same_as_single(run.result, tmp_path, single)


def test_distributed_loads_the_model_once_per_worker(client, corpus, tmp_path) -> None:
    build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=1)
    assert set(client.run(pipeline_loads).values()) == {1}


def test_distributed_build_survives_a_killed_worker(client, corpus, single, tmp_path) -> None:
    before = set(client.run(os.getpid).values())
    killed = []

    def kill_a_busy_worker(done: int, total: int | None) -> None:
        if not killed:
            processing = client.processing()
            victim = max(processing, key=lambda worker: len(processing[worker]))
            assert processing[victim], "no partition in flight to lose"
            killed.append(victim)
            client.run(_exit_abruptly, workers=[victim], wait=False)

    run = build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=1, progress=kill_a_busy_worker)
    assert killed and run.computed == run.partitions == 13
    _same_as_single(run.result, tmp_path, single)
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != before


async def _exit_abruptly() -> None:
    """Run on a worker by ``client.run``: the worker process dies at once, mid-task (its nanny starts another)."""
    os._exit(1)


class Interrupted(Exception):
    pass


def test_distributed_build_resumes_without_reprocessing(client, corpus, single, tmp_path) -> None:
    def stop_after_three(done: int, total: int | None) -> None:
        if done == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=1, progress=stop_after_three)
    assert len(list((tmp_path / "partitions").glob("*.json"))) == 3

    run = build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=1)
    assert (run.resumed, run.computed, run.partitions) == (3, 10, 13)
    _same_as_single(run.result, tmp_path, single)
    again = build_on_cluster(corpus, Settings(), client, tmp_path, partition_size=1)
    assert (again.resumed, again.computed) == (13, 0)
    _same_as_single(again.result, tmp_path, single)


def test_distributed_build_stops_with_a_message_on_an_unusable_model(client, corpus, tmp_path) -> None:
    with pytest.raises(ClusterError, match="no_such_pipeline"):
        build_on_cluster(corpus, Settings(model="no_such_pipeline"), client, tmp_path)


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_distributed_partitions_read_every_jsonl_line_once(corpus, size) -> None:
    path = Path(corpus[1])
    planned = list(plan_partitions([str(path)], Settings(), size=size))
    assert all(isinstance(p, Partition) for p in planned)
    assert len(planned) == (1 if size >= 8 else -(-8 // size))
    read = [item for partition in planned for item in read_partition(partition, Settings())]
    assert read == list(read_jsonl_file(path, Settings()))


@pytest.mark.parametrize(("options", "message"), [
    (["--dashboard"], "--dashboard needs --dask SCHEDULER_ADDRESS or --workers N"),
    (["--dask", "tcp://127.0.0.1:1", "--workers", "2"], "give either --dask SCHEDULER_ADDRESS or --workers N"),
])
def test_distributed_cli_refuses_unusable_cluster_options(options, message, tmp_path, capsys) -> None:
    from storyline.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["build", str(EXAMPLES), "--out", str(tmp_path), *options])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
