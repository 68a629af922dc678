"""Writes one triggering sample per rule code of the three NSSF management kinds
(nssf-change-request CR, nssf-completion NC, nssf-budget-adjustment BA): a valid sample with
one small patch applied, so each file differs from a clean record in the one thing its code
names.

Run from the repository root: ``python samples/make_nssf_management_samples.py [FOLDER]``
(default samples/records). The files it writes are committed; this script documents how each was
made, and tests/test_samples_current.py checks that the committed files are what it writes. A ``<CODE>.against/`` folder
holds the other records for cross-record rules (passed as ``ctx.others``).
"""
from _sample_tools import load, patched, writer_from_command_line

write = writer_from_command_line(__doc__)

CR = "nssf-change-request"
extension = load(CR, "cr-2024-extension.json")
members = load(CR, "cr-2023-member-change.json")
title = load(CR, "cr-2022-title-change.json")
unit, province, national = title["approvals"]

write(CR, "CR101", patched(extension, **{"change_items": extension["change_items"] + [
    {"type": "改变成果形式", "new_outcome_form": "研究报告",
     "reason": "同时希望把最终成果由专著改为研究报告。"}]}))
# a second 延期 while the first is still under review at the province: both are open
draft = patched(extension, **{"request_id": "BG-20BZX012-02", "status": "草稿",
                              "submitted_on": None, "approvals": None})
write(CR, "CR102", draft, against=[extension])
write(CR, "CR103", members)
write(CR, "CR104", patched(extension, **{"project/status": "已结项"}))
write(CR, "CR401", patched(extension, **{"project/approval_number": "2020BZX012"}))
write(CR, "CR402", patched(extension, **{"project/responsible_unit/credit_code": "12140000405200183A"}))
write(CR, "CR403", patched(extension, **{"change_items/0/new_title": "马克思主义时间哲学研究"}))
write(CR, "CR404", patched(title, **{"change_items/0/new_title": title["project"]["title"]}))
# boundary: the same day as the current end date is not an extension
write(CR, "CR405", patched(extension, **{"change_items/0/new_end_date": "2024-12-31"}))
write(CR, "CR406", patched(members, **{"change_items/0/members_removed": [
    {"name": "刘海洋", "title": "讲师", "unit": "四川大学公共管理学院"}]}))
# the province was skipped
write(CR, "CR407", patched(title, **{"approvals": [unit, national]}))
write(CR, "CR408", patched(members, **{
    "status": "全国社科工作办审批通过",
    "approvals": [members["approvals"][0],
                  dict(province, date="2023-09-15"), dict(national, date="2023-10-10")]}))
write(CR, "CR409", patched(extension, **{"approval_sheet_printed": True}))
write(CR, "CR411", patched(members, **{"change_items/0/members_added": None,
                                      "change_items/0/members_removed": None}))
write(CR, "CR410", patched(extension, **{"status": "全国社科工作办审批通过"}))
# a short form of 21&ZD065 as seen in print: valid, but a shape to check (issue #13)
write(CR, "CR412", patched(extension, **{"project/approval_number": "21&ZD65"}))

NC = "nssf-completion"
correspondence = load(NC, "nc-2024-correspondence-appraisal.json")
exempt = load(NC, "nc-2023-exempt-appraisal.json")
write(NC, "NC101", patched(correspondence, **{"project/status": "已结项"}))
write(NC, "NC102", patched(correspondence, **{"outcome/classified": True}))
write(NC, "NC103", patched(exempt, **{"attachments/1": {
    "file_name": "省领导批示.pdf", "document_type": "领导批示", "pages": 1}}))
write(NC, "NC201", patched(correspondence, **{"attachments": correspondence["attachments"][1:]}))
write(NC, "NC202", patched(exempt, **{"attachments": [exempt["attachments"][0], exempt["attachments"][2]]}))
# withdrawn after approval: 审批通过 is final
write(NC, "NC301", patched(exempt, **{"status": "已撤回", "status_history": exempt["status_history"] + [
    {"status": "已撤回", "date": "2023-06-20", "note": "撤回修改"}]}))
write(NC, "NC302", patched(correspondence, **{"status": "审批通过"}))
write(NC, "NC401", patched(correspondence, **{"project/approval_number": "20-BZX"}))
write(NC, "NC402", patched(correspondence, **{"project/responsible_unit/credit_code": "12140000405200138Q"}))
# 9.87 + 4.50 + 1.18 + 3.80 = 19.35, one hundredth over the total 19.34
write(NC, "NC403", patched(correspondence, **{"final_accounts/lines/0/spent": 9.87}))
# 20.00 − 19.34 = 0.66, not 0.67
write(NC, "NC404", patched(correspondence, **{"final_accounts/balance": 0.67}))
# a short form of 21&ZD065 as seen in print: valid, but a shape to check (issue #13)
write(NC, "NC405", patched(correspondence, **{"project/approval_number": "21&ZD65"}))

BA = "nssf-budget-adjustment"
shift = load(BA, "ba-2024-shift-between-lines.json")
outbound = load(BA, "ba-2025-outbound-added.json")
write(BA, "BA101", shift)
write(BA, "BA102", patched(shift, **{"direct_budget/lines/0/after": 9, "direct_budget/lines/1/after": 5}))
write(BA, "BA401", patched(shift, **{"project/approval_number": "22BTQ41"}))
write(BA, "BA402", patched(outbound, **{"outbound_budgets/0/unit/credit_code": "12420000441626529D"}))
# indirect 4.00 → 3.50; total 16.00 + 3.50 = 19.50 so only the indirect change is wrong
write(BA, "BA403", patched(shift, **{"basic_info/indirect_after": 3.5, "basic_info/total_after": 19.5}))
# 7.49 + 6.50 + 2.00 = 15.99, one hundredth short of 16.00
write(BA, "BA404", patched(shift, **{"direct_budget/lines/0/after": 7.49}))
# basic information says 16.50 direct after, the table says 16.00
write(BA, "BA405", patched(shift, **{"basic_info/direct_after": 16.5, "basic_info/total_after": 20.5}))
# 5.50 + 3.24 = 8.74, not 8.75
write(BA, "BA406", patched(outbound, **{"outbound_budgets/0/lines/1/after": 3.24}))
# a short form of 21&ZD065 as seen in print: valid, but a shape to check (issue #13)
write(BA, "BA407", patched(shift, **{"project/approval_number": "21&ZD65"}))
