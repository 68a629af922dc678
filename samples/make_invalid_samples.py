"""Writes one triggering sample per rule code of the nssf-publication, achievement-registration
and journal-assessment kinds: a valid sample with one small patch applied.

Run from the repository root: ``python samples/make_invalid_samples.py [FOLDER]`` (default
samples/records). The files it writes are committed; this script documents how each was made,
and tests/test_samples_current.py checks that the committed files are what it writes. A
``<CODE>.context.json`` beside a sample gives the ``today``/``round`` it is checked with; a
``<CODE>.against/`` folder holds the other records for cross-record rules.
"""
from _sample_tools import load, patched, writer_from_command_line

write = writer_from_command_line(__doc__)

NP = "nssf-publication"
np_base = load(NP, "np-2022-monograph.json")
write(NP, "NP101", patched(np_base, **{"project/flagged_not_for_nssf_publication": True}))
write(NP, "NP102", patched(np_base, **{"project/approval_number": "08BZX045",
                                       "project/completion_date": "2011-10-20",
                                       "registration/copies_submitted": 1}))
write(NP, "NP201", patched(np_base, **{"registration/copies_submitted": 2}))
write(NP, "NP202", patched(np_base, **{"registration/copies_submitted": None}))
write(NP, "NP203", patched(np_base, **{"mailing/parcel_label": "样书"}))
# published 2022-03 (→ 2022-03-31), due 2022-04-30, registered 2022-05-01
write(NP, "NP301", patched(np_base, **{"registration/registered_on": "2022-05-01"}))
write(NP, "NP302", patched(np_base, **{"registration/registered_on": None}), {"today": "2022-05-01"})
write(NP, "NP303", patched(np_base, **{"registration/registered_on": None}), {"today": "2022-04-30"})
write(NP, "NP304", patched(np_base, **{"book/publication_date": "2020-06", "book/cip_number": "2020256731",
                                       "registration/registered_on": "2020-09-20",
                                       "mailing/mailed_on": "2020-10-01"}))
# handed to the unit 2022-04-12 → the next monthly mailing by 2022-05-31; mailed 2022-06-02
write(NP, "NP305", patched(np_base, **{"registration/handed_to_unit_on": "2022-04-12",
                                       "mailing/mailed_on": "2022-06-02"}))
write(NP, "NP401", patched(np_base, **{"book/cip_number": "202125673"}))
write(NP, "NP402", np_base)
write(NP, "NP403", patched(np_base, **{"book/cip_number": "2023256731"}))
write(NP, "NP404", patched(np_base, **{"book/isbn": "978-7-5201-6474-5"}))
write(NP, "NP405", patched(np_base, **{"book/isbn": "7-301-04815-7"}))
write(NP, "NP406", patched(np_base, **{"book/isbn": "978-0-306-40615-7"}))
write(NP, "NP407", patched(np_base, **{"project/approval_number": "2017BZX045"}))
write(NP, "NP408", patched(np_base, **{"project/approval_number": "22BZX045"}))
write(NP, "NP409", patched(np_base, **{"project/responsible_unit/credit_code": "12140000405200183A"}))
# a short form of 21&ZD065 as seen in print: valid, but a shape to check (issue #13)
write(NP, "NP410", patched(np_base, **{"project/approval_number": "21&ZD65"}))

AR = "achievement-registration"
ar_base = load(AR, "ar-2025-applied-shanxi.json")
sc_base = load(AR, "ar-2025-basic-sichuan.json")
write(AR, "AR101", patched(ar_base, **{"achievement/classification": "秘密"}))
write(AR, "AR102", patched(ar_base, **{"achievement/produced_on": "2024-12-30",
                                       "evaluation/date": "2024-12-20"}),
      {"round": "shanxi-2025", "today": "2026-01-10"})
duplicate = patched(ar_base, **{"id": "AR-2025-SX-0099", "achievement/name": "煤矸石基 高性能充填材料制备关键技术及应用"})
write(AR, "AR103", ar_base, against=[duplicate])
write(AR, "AR104", patched(ar_base, **{"registrant_unit": {"name": "山西焦煤集团有限责任公司",
                                                           "credit_code": "91140100MA0GRL1X28"}}))
write(AR, "AR105", patched(ar_base, **{"plan_source/funding": "非财政投入"}))
write(AR, "AR201", patched(ar_base, attachments=ar_base["attachments"][1:]))
write(AR, "AR202", patched(ar_base, attachments=[a for a in ar_base["attachments"]
                                                 if a["document_type"] != "用户报告"]))
write(AR, "AR203", patched(ar_base, **{"attachments/0/stamped": False}))
write(AR, "AR204", patched(sc_base, attachments=[a for a in sc_base["attachments"]
                                                 if a["file_name"] != "cgsbqy.zip"]), {"round": "sichuan-2025"})
write(AR, "AR205", patched(sc_base, channel="线下登记"), {"round": "sichuan-2025"})
write(AR, "AR301", patched(ar_base, submitted_on="2026-01-22"), {"round": "shanxi-2025", "today": "2026-01-22"})
write(AR, "AR302", patched(ar_base, submitted_on=None), {"round": "shanxi-2025", "today": "2026-01-10"})
# issued 2025-09-26; 10th working day across National Day 2025 is 2025-10-16; received the 17th
write(AR, "AR303", patched(sc_base, **{"registration/paper_received_on": "2025-10-17"}))
write(AR, "AR304", patched(sc_base, **{"registration/paper_received_on": None}), {"today": "2025-10-16"})
write(AR, "AR305", patched(sc_base, **{"registration/issued_on": "2026-12-24",
                                       "registration/paper_received_on": None}), {"today": "2026-12-25"})
# submitted 2025-09-15 → formal review due within 30 days, by 2025-10-15; done 2025-10-20
write(AR, "AR306", patched(sc_base, **{"review/formal_reviewed_on": "2025-10-20"}), {"round": "sichuan-2025"})
# paper received 2025-10-16 → review due in 10 working days, by 2025-10-30; not done by 11-03
write(AR, "AR307", patched(sc_base, **{"review/formal_reviewed_on": "2025-09-20"}),
      {"round": "sichuan-2025", "today": "2025-11-03"})
write(AR, "AR401", patched(ar_base, **{"other_completing_units/0/credit_code": "91140100MA0GRL1X29"}))
write(AR, "AR402", patched(ar_base, registration={"number": "1402025Y012"}))
write(AR, "AR403", patched(ar_base, registration={"number": "1402025J0123", "issued_on": "2026-01-20"}))
write(AR, "AR404", patched(ar_base, **{"achievement/keywords": ["煤矸石", "充填材料", "固废利用", "膏体"]}))
write(AR, "AR405", patched(ar_base, **{"achievement/research_start": "2025-07"}))
write(AR, "AR406", patched(ar_base, **{"evaluation/method": "专利授权"}))
write(AR, "AR407", patched(ar_base, **{"achievement/produced_on": "2025-06-01"}))

# Schema findings (S codes), on the achievement-registration kind.
write(AR, "S001", patched(ar_base, **{"achievement/summary": None}))
write(AR, "S002", patched(ar_base, **{"intellectual_property/patents_granted": "三"}))
write(AR, "S003", patched(ar_base, **{"achievement/type": "应用研究"}))
write(AR, "S004", patched(ar_base, **{"achievement/produced_on": "2025/06/28"}))
write(AR, "S005", patched(ar_base, **{"intellectual_property/patents_applied": -1}))
write(AR, "S011", patched(ar_base, **{"application/economic_benefit_wan": 3650.123}))
write(AR, "S006", patched(ar_base, completers=[]))
write(AR, "S007", patched(ar_base, **{"achievement/remarks": "无"}))
write(AR, "S008", patched(ar_base, **{"achievement/discipline": "  "}))
write(AR, "S009", patched(ar_base, **{"achievement/name": "无"}))
write(AR, "S010", patched(ar_base, **{"achievement/keywords": ["煤矸石", "煤矸石"]}))

# Structural rules of the journal assessment (JA1xx-JA4xx); the scoring codes come from
# `paperwork score`, not from samples. What each patch breaks: records/journal-assessment/README.md.
JA = "journal-assessment"
academic = load(JA, "academic-bayu-renwen.json")
culture = load(JA, "culture-education-bayu-shaonian.json")
gazette = load(JA, "gazette-yearbook-chongqing-nianjian.json")
political = load(JA, "political-economic-chongqing-jingji.json")
write(JA, "JA101", patched(academic, **{"basic_info/ad_license": "/"}))
write(JA, "JA102", patched(political, **{"basic_info/category": "文化教育类"}))
write(JA, "JA103", patched(academic, **{"political/k/review": 0.5}))
write(JA, "JA104", patched(culture, **{"verification/falsified": True,
                                       "verification/note": "2019年发行量证明材料经查实系伪造"}))
write(JA, "JA105", patched(academic, abstracting=None))
write(JA, "JA201", patched(political, **{"operations/proof_materials": []}))
write(JA, "JA401", patched(academic, **{"basic_info/staff/full_time_editors": 12}))
write(JA, "JA402", patched(political, **{"operations/average_circulation_per_issue": 8000}))
write(JA, "JA403", patched(academic, **{"abstracting/total_count": 40}))
write(JA, "JA404", patched(political, **{"errors/rows/text/counted": 9}))
write(JA, "JA405", patched(culture, **{"errors/total_characters": 92000}))
write(JA, "JA406", patched(gazette, **{"errors/error_rate": 2.2}))
write(JA, "JA407", patched(political, **{"legal/team/score/self": 4}))
write(JA, "JA408", patched(academic, **{"awards/total_count": 2}))
write(JA, "JA409", patched(culture, **{"basic_info/print_run/growth_percent": 5.8}))
