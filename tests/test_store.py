"""The store on SQLite and on a real PostgreSQL server: versions, keys, bodies, numbers,
the change-request workflow, paper receipts, content-addressed files."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from service.store import audit, bodies, keys, receipts, registration, submissions, workflow
from service.store.db import open_database
from service.store.errors import Forbidden, NotFound, Unprocessable
from service.store.files import CorruptFile, FileStore
from service.store.models import ApiKey, Submission, SubmissionVersion


@pytest.fixture
def db(backend_url):
    database = open_database(backend_url)
    yield database
    database.dispose()


def ar_record(name="一种煤矸石综合利用技术", kind_type="应用技术", rid="AR-2025-0001"):
    return {"kind": "achievement-registration", "schema_version": 1, "id": rid,
            "achievement": {"name": name, "type": kind_type},
            "plan_source": {"project_number": "202303021211001"}}


def cr_record(ctype):
    return {"kind": "nssf-change-request", "schema_version": 1, "request_id": "CR-1",
            "project": {"approval_number": "20BZX012", "title": "明代思想史研究"},
            "change_items": [{"type": ctype, "reason": "工作调动"}], "status": "已提交"}


@pytest.fixture
def world(db):
    """科技部 → 山西省科技厅 (code 140) → 山西省教育厅 → 山西大学, with a key at each."""
    with db.write() as s:
        most = bodies.create(s, None, "科学技术部", 1, None)
        prov = bodies.create(s, None, "山西省科学技术厅", 2, most.id, code="140")
        org = bodies.create(s, None, "山西省教育厅", 3, prov.id)
        unit = bodies.create(s, None, "山西大学", 4, org.id)
        other = bodies.create(s, None, "四川省科学技术厅", 2, most.id, code="510")
        w = {"most": most.id, "prov": prov.id, "org": org.id, "unit": unit.id, "other": other.id}
        for name, role, body in (("alice", "submitter", unit.id), ("bob", "submitter", unit.id),
                                 ("archivist", "archivist", prov.id),
                                 ("unit_staff", "archivist", unit.id),
                                 ("national", "archivist", most.id),
                                 ("sichuan", "archivist", other.id), ("admin", "admin", None)):
            plain, row = keys.create(s, None, role, name, body)
            w[name] = plain
    return w


def key(s, plain) -> ApiKey:
    return keys.find(s, plain)


def test_migrations_create_every_table_and_sqlite_runs_in_wal_mode(db):
    names = set(inspect(db.engine).get_table_names())
    assert {"bodies", "api_keys", "submissions", "submission_versions", "blobs",
            "version_attachments", "registration_counters", "registration_numbers",
            "workflow_steps", "receipts", "audit_log", "alembic_version"} <= names
    if db.is_sqlite:
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.migrate()   # running again at the next start-up is harmless


def test_a_body_must_sit_exactly_one_level_below_its_parent(db, world):
    with db.write() as s:
        with pytest.raises(Unprocessable, match="上级应为 2 级"):
            bodies.create(s, None, "某市科技局", 3, world["most"])
        with pytest.raises(Unprocessable, match="须指定上一级"):
            bodies.create(s, None, "某单位", 4, None)
    with db.read() as s:
        assert bodies.subtree_ids(s, world["prov"]) == {world["prov"], world["org"], world["unit"]}


def test_keys_are_stored_hashed_and_a_revoked_key_no_longer_works(db, world):
    with db.read() as s:
        stored = [row[0] for row in s.execute(text("SELECT key_hash FROM api_keys"))]
    assert world["alice"] not in stored
    assert keys.hash_key(world["alice"]) in stored
    with db.write() as s:
        admin = key(s, world["admin"])
        keys.revoke(s, admin, key(s, world["bob"]).id)
    with db.read() as s:
        assert keys.find(s, world["bob"]) is None
        assert keys.find(s, "pw_not-a-key") is None


def test_every_change_is_a_new_version_and_old_versions_stay_as_they_were(db, world):
    with db.write() as s:
        sub = submissions.create(s, key(s, world["alice"]), ar_record("初稿"), [], True)
        sid = sub.id
    with db.write() as s:
        sub = s.get(Submission, sid)
        submissions.add_version(s, key(s, world["alice"]), sub, ar_record("改后的名称"),
                                [{"code": "S001"}], False, note="修改名称")
    with db.read() as s:
        sub = s.get(Submission, sid)
        vs = submissions.versions(s, sub)
        assert [v.version for v in vs] == [1, 2]
        assert vs[0].record["achievement"]["name"] == "初稿"
        assert vs[1].findings == [{"code": "S001"}] and vs[1].valid is False
        assert sub.title == "改后的名称"
    with pytest.raises(RuntimeError, match="history"):
        with db.write() as s:
            v1 = s.scalar(select(SubmissionVersion).where(SubmissionVersion.version == 1))
            v1.valid = False


def test_a_submitter_never_sees_another_submitters_submission(db, world):
    with db.write() as s:
        sid = submissions.create(s, key(s, world["alice"]), ar_record(), [], True).id
    with db.read() as s:
        bob = key(s, world["bob"])
        assert submissions.listing(s, bob) == []
        with pytest.raises(NotFound):
            submissions.get(s, bob, sid)
        assert submissions.get(s, key(s, world["alice"]), sid).id == sid
        # the province's archivist sees submissions of bodies below it, Sichuan's does not
        assert [x.id for x in submissions.listing(s, key(s, world["archivist"]))] == [sid]
        assert submissions.listing(s, key(s, world["sichuan"])) == []


def test_registration_numbers_are_twelve_characters_serial_per_body_and_year(db, world):
    ids = []
    with db.write() as s:
        alice = key(s, world["alice"])
        ids.append(submissions.create(s, alice, ar_record("甲", "应用技术"), [], True,
                                      round_name="shanxi-2025").id)
        ids.append(submissions.create(s, alice, ar_record("乙", "软科学"), [], True,
                                      round_name="shanxi-2025").id)
    numbers = []
    for sid in ids:
        with db.write() as s:
            row = registration.issue(s, key(s, world["archivist"]), s.get(Submission, sid),
                                     s.get(bodies.Body, world["prov"]), date(2026, 1, 28))
            numbers.append(row.number)
    # 140 (body code) + 2025 (the round's year, not the issuing year 2026) + letter + serial
    assert numbers == ["1402025Y0001", "1402025R0002"]
    with db.read() as s:
        sub = s.get(Submission, ids[0])
        assert sub.status == "registered" and sub.current_version == 2
        assert submissions.latest(s, sub).record["registration"]["number"] == "1402025Y0001"
    with db.write() as s, pytest.raises(registration.Conflict, match="不得重复登记"):
        registration.issue(s, key(s, world["archivist"]), s.get(Submission, ids[0]),
                           s.get(bodies.Body, world["prov"]), date(2026, 1, 28))
    with db.write() as s, pytest.raises(Forbidden):
        registration.issue(s, key(s, world["sichuan"]), s.get(Submission, ids[1]),
                           s.get(bodies.Body, world["prov"]), date(2026, 1, 28))


def test_numbers_issued_at_the_same_time_are_all_distinct(db, world):
    with db.write() as s:
        alice = key(s, world["alice"])
        ids = [submissions.create(s, alice, ar_record(f"成果{i}", rid=f"AR-{i}"), [], True).id
               for i in range(24)]
    got, errors = [], []

    def issue(sid):
        try:
            with db.write() as s:
                got.append(registration.issue(s, key(s, world["archivist"]), s.get(Submission, sid),
                                              s.get(bodies.Body, world["prov"]),
                                              date(2025, 9, 26)).number)
        except Exception as e:  # collected: the assertion below names it
            errors.append(repr(e))

    threads = [threading.Thread(target=issue, args=(sid,)) for sid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # 24 requests → serials 0001 … 0024, each exactly once
    assert sorted(got) == [f"1402025Y{n:04d}" for n in range(1, 25)]


def test_three_change_types_take_effect_at_the_unit_the_others_go_to_the_national_office(db, world):
    with db.write() as s:
        alice = key(s, world["alice"])
        quick = submissions.create(s, alice, cr_record("撤项"), [], True).id
        slow = submissions.create(s, alice, cr_record("延期"), [], True).id
    with db.write() as s:
        workflow.decide(s, key(s, world["unit_staff"]), s.get(Submission, quick), "approve")
        workflow.decide(s, key(s, world["unit_staff"]), s.get(Submission, slow), "approve")
    with db.read() as s:
        assert s.get(Submission, quick).status == "approved"
        assert s.get(Submission, slow).status == "province-review"
    with db.write() as s, pytest.raises(Forbidden, match="省级社科管理部门"):
        workflow.decide(s, key(s, world["national"]), s.get(Submission, slow), "approve")
    for who in ("archivist", "national"):
        with db.write() as s:
            workflow.decide(s, key(s, world[who]), s.get(Submission, slow), "approve")
    with db.read() as s:
        sub = s.get(Submission, slow)
        assert sub.status == "approved"
        assert [st.to_status for st in workflow.history(s, sub)] == [
            "province-review", "national-review", "approved"]


def test_each_decision_is_written_into_a_new_version_of_the_request(db, world):
    with db.write() as s:
        sid = submissions.create(s, key(s, world["alice"]), cr_record("改变项目名称"), [], True).id
    with db.write() as s:
        workflow.decide(s, key(s, world["unit_staff"]), s.get(Submission, sid), "approve",
                        on=date(2025, 3, 3))
    with db.write() as s:
        workflow.decide(s, key(s, world["archivist"]), s.get(Submission, sid), "reject",
                        "理由不充分", on=date(2025, 3, 10))
    with db.read() as s:
        sub = s.get(Submission, sid)
        assert sub.status == "rejected" and sub.current_version == 3
        record = submissions.latest(s, sub).record
        assert record["status"] == "不通过"
        assert [(a["level"], a["decision"]) for a in record["approvals"]] == [
            ("责任单位", "通过"), ("省级社科管理部门", "不通过")]
        assert submissions.version_of(s, sub, 1).record["status"] == "已提交"
    with db.write() as s, pytest.raises(workflow.Conflict, match="不能再审核"):
        workflow.decide(s, key(s, world["national"]), s.get(Submission, sid), "approve")


def test_paper_receipt_deadline_is_ten_working_days_after_the_number(db, world):
    with db.write() as s:
        alice = key(s, world["alice"])
        on_time = submissions.create(s, alice, ar_record("按时", rid="A1"), [], True).id
        late = submissions.create(s, alice, ar_record("逾期", rid="A2"), [], True).id
    for sid in (on_time, late):
        with db.write() as s:
            registration.issue(s, key(s, world["archivist"]), s.get(Submission, sid),
                               s.get(bodies.Body, world["prov"]), date(2025, 9, 26))
    # issued Fri 2025-09-26 (day 0). Working days: 09-28 (Sun, 调休) 1, 09-29 2, 09-30 3,
    # 10-01…10-08 holiday, 10-09 4, 10-10 5, 10-11 (Sat, 调休) 6, 10-13 7, 10-14 8, 10-15 9,
    # 10-16 10 → due 2025-10-16; 10-17 is the 11th working day.
    with db.write() as s:
        archivist = key(s, world["archivist"])
        r1 = receipts.record(s, archivist, s.get(Submission, on_time), date(2025, 10, 16))
        r2 = receipts.record(s, archivist, s.get(Submission, late), date(2025, 10, 17),
                             materials=[{"material": "科技成果登记表", "present": True}])
        assert (r1.due_on, r1.late, r1.working_days_taken) == (date(2025, 10, 16), False, 10)
        assert (r2.due_on, r2.late, r2.working_days_taken) == (date(2025, 10, 16), True, 11)
    with db.read() as s:
        assert s.get(Submission, late).status == "paper-received"
        actions = [e.action for e in audit.entries(s, f"submission:{late}")]
        assert actions[0] == "receipt.record" and "registration.issue" in actions


def test_a_year_without_holiday_data_gives_no_deadline_and_says_so():
    d = receipts.deadline(date(2099, 3, 2))
    assert d.due_on is None and "2099 年节假日数据未收录" in d.note


def test_files_are_stored_once_by_sha256_and_checked_on_read(tmp_path):
    store = FileStore(tmp_path / "files")
    a = store.put(b"%PDF-1.7 report")
    assert store.put(b"%PDF-1.7 report") == a
    assert len([p for p in (tmp_path / "files").rglob("*") if p.is_file()]) == 1
    assert store.get(a) == b"%PDF-1.7 report"
    store.path_for(a).write_bytes(b"%PDF-1.7 tampered")
    with pytest.raises(CorruptFile, match="已损坏"):
        store.get(a)


def test_the_admin_key_comes_from_the_environment_or_is_generated_once(db):
    with db.write() as s:
        assert keys.ensure_admin(s, "pw_from-the-environment") is None
        assert keys.find(s, "pw_from-the-environment").role == "admin"
    with db.write() as s:
        generated = keys.ensure_admin(s, None)
        assert generated is None   # an admin key already exists


def test_a_generated_admin_key_is_returned_only_on_first_start(db):
    with db.write() as s:
        first = keys.ensure_admin(s, None)
    with db.write() as s:
        assert keys.ensure_admin(s, None) is None
        assert keys.find(s, first).role == "admin"
