"""Job state in the store (issue #16), on SQLite and on PostgreSQL: who sees a job, the moves
of its status, a cancel that wins over a task finishing late, and expiry with its bytes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from service.store import jobs, keys
from service.store.db import open_database
from service.store.errors import NotFound
from service.store.models import Job, JobFile


@pytest.fixture
def db(backend_url):
    database = open_database(backend_url)
    yield database
    database.dispose()


def make_keys(db):
    with db.write() as s:
        return {who: keys.create(s, None, role, who)[1] for who, role in
                (("alice", "submitter"), ("bob", "submitter"), ("admin", "admin"))}


def new_job(db, key, ttl=3600, inputs=(("a.pdf", b"%PDF-1"), ("b.pdf", b"%PDF-2"))) -> str:
    with db.write() as s:
        return jobs.create(s, key, "check-pdf", {"record": None}, total=2, unit="个文件",
                           ttl_seconds=ttl, inputs=list(inputs)).id


def test_a_job_is_its_keys_and_the_admins_and_404_for_anyone_else(db):
    k = make_keys(db)
    job_id = new_job(db, k["alice"])
    assert len(job_id) == 32 and int(job_id, 16) >= 0
    with db.read() as s:
        assert jobs.visible(s, k["alice"], job_id).status == "queued"
        assert jobs.visible(s, k["admin"], job_id).id == job_id
        with pytest.raises(NotFound) as e:
            jobs.visible(s, k["bob"], job_id)
        assert "没有这个任务" in e.value.detail
        with pytest.raises(NotFound):
            jobs.visible(s, k["alice"], "f" * 32)
        assert jobs.load_inputs(s, job_id) == [("a.pdf", b"%PDF-1"), ("b.pdf", b"%PDF-2")]


def test_status_moves_progress_and_result(db):
    k = make_keys(db)
    job_id = new_job(db, k["alice"])
    with db.write() as s:
        assert jobs.start(s, job_id)
        assert jobs.progress(s, job_id, 1, 2)
    with db.read() as s:
        d = jobs.as_dict(jobs.get(s, job_id))
    assert d["status"] == "running" and d["progress"] == {"done": 1, "total": 2, "unit": "个文件"}
    assert d["result_url"] is None and d["started_at"]
    with db.write() as s:
        assert jobs.succeed(s, job_id, b'{"files": []}', "application/json", "")
    with db.read() as s:
        d = jobs.as_dict(jobs.get(s, job_id))
        assert jobs.load_result(s, job_id) == b'{"files": []}'
        assert jobs.load_inputs(s, job_id) == []          # the uploads are not kept past the job
    assert d["status"] == "succeeded" and d["progress"]["done"] == 2
    assert d["result_url"] == f"/api/v1/jobs/{job_id}/result" and d["finished_at"]
    with db.write() as s:                                  # a redelivered task does not run it again
        assert not jobs.start(s, job_id)
        assert not jobs.cancel(s, jobs.get(s, job_id))


def test_a_cancel_wins_over_a_task_that_finishes_later(db):
    k = make_keys(db)
    job_id = new_job(db, k["alice"])
    with db.write() as s:
        assert jobs.start(s, job_id)
    with db.write() as s:
        assert jobs.cancel(s, jobs.get(s, job_id))
    with db.write() as s:
        assert not jobs.progress(s, job_id, 1, 2)          # the task hears it at its next step
        assert not jobs.succeed(s, job_id, b"late", "application/json", "")
        assert not jobs.fail(s, job_id, {"status": 500})
    with db.read() as s:
        job = jobs.get(s, job_id)
        assert job.status == "cancelled" and job.error is None
        assert s.scalar(select(func.count()).select_from(JobFile).where(JobFile.job_id == job_id)) == 0


def test_a_task_of_a_dead_worker_runs_again(db):
    k = make_keys(db)
    job_id = new_job(db, k["alice"])
    with db.write() as s:
        assert jobs.start(s, job_id) and jobs.progress(s, job_id, 1, 2)
    with db.write() as s:                                  # the broker hands it to another worker
        assert jobs.start(s, job_id)
        assert jobs.get(s, job_id).done == 0


def test_finished_jobs_expire_after_their_time_with_their_bytes(db):
    k = make_keys(db)
    old, fresh = new_job(db, k["alice"], ttl=60), new_job(db, k["alice"], ttl=60)
    for job_id in (old, fresh):
        with db.write() as s:
            jobs.start(s, job_id)
            jobs.succeed(s, job_id, b"PK", "application/zip", "包.zip")
    with db.write() as s:     # the first finished 61 s ago
        s.get(Job, old).expires_at = datetime.now(UTC) - timedelta(seconds=1)
    with db.read() as s:
        with pytest.raises(NotFound):
            jobs.visible(s, k["alice"], old)
        assert jobs.visible(s, k["alice"], fresh).status == "succeeded"
    with db.write() as s:
        assert jobs.sweep(s) == 1
    with db.read() as s:
        assert jobs.get(s, old) is None and jobs.get(s, fresh) is not None
        assert s.scalar(select(func.count()).select_from(JobFile).where(JobFile.job_id == old)) == 0
        job = jobs.get(s, fresh)
        kept = jobs._aware(job.expires_at) - jobs._aware(job.finished_at)
        assert timedelta(seconds=59) < kept <= timedelta(seconds=61)


def test_an_unfinished_job_is_not_expired_by_its_result_time(db):
    k = make_keys(db)
    job_id = new_job(db, k["alice"], ttl=1)
    with db.write() as s:
        assert jobs.sweep(s) == 0
    with db.read() as s:
        assert jobs.visible(s, k["alice"], job_id).status == "queued"


def test_a_task_that_crashes_fails_its_job_in_chinese_without_the_traceback(db, tmp_path, caplog):
    """run_job as both runners call it: a bug in a task is logged with its traceback; the job
    says in Chinese that the server failed, and shows no traceback."""
    from service.ops.jobs import run_job, settings_items
    from service.settings import from_env
    k = make_keys(db)
    with db.write() as s:                    # params without "form": the render task raises KeyError
        job_id = jobs.create(s, k["alice"], "render", {}, total=1, unit="份", ttl_seconds=60,
                             inputs=[("records.json", b"[]")]).id
    settings = from_env({}, database_url=db.url, data_dir=str(tmp_path / "data"))
    assert run_job(job_id, settings_items(settings)) == "failed"
    with db.read() as s:
        error = jobs.as_dict(jobs.get(s, job_id))["error"]
    assert error["status"] == 500 and "服务器出错" in error["detail"] and "重新提交" in error["detail"]
    assert "Traceback" not in str(error) and "KeyError" not in str(error)
    assert any(r.exc_info and r.name == "paperwork.jobs" for r in caplog.records)
    assert run_job(job_id, settings_items(settings)) == "skipped"
