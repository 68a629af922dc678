"""期刊综合质量考核表（社科类）: cover, 填表说明, 表1 … 表8, then the 计分说明 (seed 004).

One variant per 类别: the sheet's 表4 is filled in for the journal's own category only (填表说明
二), so each variant carries its own 表4-1 / 4-2 / 4-3 / 4-4 (the part ``business``) and the other
tables unchanged: their HTML is written once, in templates/journal_assessment/form.html.
The labels and the 评审内容 are the sheet's own words. Every score cell has a 自评 and a 评审
value (``scores.<item>.self_score`` / ``.review_score``), shaped in
generator/contexts/journal_assessment.py from validators/scoring/journal/; nothing is
computed here. The sheet's rows are the seed's rows: a label over several rows (表1 单位人员情况,
表4-2 社会效益 / 经济效益) spans them (``rows=``), and where the engine scores one row of the sheet
as several items (表5-1 数字出版, 表6 经营规范 and 著作权 with their 倒扣, 表7 经营) the row shows
their sum and the 计分说明 their breakdown. Each table's note is printed right under it
(``NOTE``: on the page of the table's last row, in the PDF and in Word/LibreOffice).
"""
from __future__ import annotations

from generator.layout import C, Cell, Grid, Heading, L, Layout, PageBreak, Para, Part, Repeat, Row, S, V, row
from validators.scoring.journal import BUSINESS_TABLES


def TS(text: str, span: int = 1, **kw) -> Cell:
    """评审内容: long text in small type, top-aligned and justified."""
    return Cell(text, span, "long small", **kw)


def LS(text: str, span: int = 1, **kw) -> Cell:
    """A bold label in small type (narrow 项目 columns)."""
    return Cell(text, span, "label small", **kw)


def VS(text: str, span: int = 1, **kw) -> Cell:
    return Cell(text, span, "value small", **kw)


def NOTE(text: str) -> Para:
    """A table's 注, printed directly under the table (on the page of its last row)."""
    return Para(text, "left", "small", under_table=True)


def _pair(key: str) -> tuple[Cell, Cell]:
    return (C(f"{{{{ scores.{key}.self_score }}}}"), C(f"{{{{ scores.{key}.review_score }}}}"))


def _total(key: str) -> tuple[Cell, Cell]:
    return (C(f"{{{{ totals.{key}.self_score }}}}"), C(f"{{{{ totals.{key}.review_score }}}}"))


# --- cover and 填表说明 ------------------------------------------------------------------------

COVER = (
    Para("\n\n\n", "left"),
    Heading("第十一届重庆市期刊综合质量考核表"),
    Heading("（社科类）", "subtitle"),
    Para("\n\n\n", "left"),
    Grid((30, 30, 80, 30), (
        row(C(""), L("刊　　名", height_mm=14), V("{{ name }}"), C("")),
        row(C(""), L("主办单位", height_mm=14), V("{{ sponsor }}"), C("")),
        row(C(""), L("出版单位", height_mm=14), V("{{ publisher }}"), C("")),
        row(C(""), L("填表日期", height_mm=14), V("{{ fill_date }}"), C("")),
    ), borders=False),
    Para("\n\n\n\n\n", "left"),
    Para("重庆市委宣传部(重庆市新闻出版局)制", "center", "large"),
    Para("\n", "left"),
    Para("{{ cover_note }}",
         "center", "small"),
    PageBreak(),
)

INSTRUCTIONS = (
    Heading("填表说明", "subtitle"),
    Para("一、本表为社科期刊综合质量考核表。各出版单位须实事求是，严肃认真地根据期刊出版实际情况填写。\n"
         "二、除表4外，所有表格均须填写。表4中，各出版单位选择所办期刊分属类别的对应表格填写。\n"
         "三、本表不能用铅笔、圆珠笔填写。内容须填写在空格内，个别项目填写不下，可另附页，表中各栏不得有空项"
         "（没有或不存在该项的须填“无”）。\n"
         "四、各出版单位须提供相关证明材料，证明材料要以大16开规格单独装订成册，并编出目次页。对不按要求提供"
         "证明材料者，有关评审项目一律不得分。\n"
         "五、期刊考核和划分等级的方法\n"
         "⒈期刊按照政治、业务、编辑出版、法纪规范4个方面的标准进行考核。\n"
         "⒉政治考核得分用系数K来表示，数值范围为0.00～1。\n"
         "⒊业务考核满分为50分，用A表示；编辑出版考核满分为30分，用B表示；法纪规范考核满分为20分，用C表示；"
         "加分满分为10分，用D表示。\n"
         "⒋政治考核得分系数与其它三项考核所得的总分相乘，再加上加分分值，为最后得分。\n"
         "计算公式：总分S= K×（A+B+C）+D。\n"
         "⒌根据总得分(保留小数点后两位)情况将期刊分为四个等级：一级为90分以上（含90分），二级为89.99～75分"
         "（含75分），三级为74.99～60分（含60分），四级为60分以下（即不合格期刊）。\n"
         "6.期刊出版单位填报的各项数据和报送的材料，一经查实为虚假的，考核结果为不合格。"),
    PageBreak(),
)

# --- 表1 ----------------------------------------------------------------------------------------

# 004:37-130. Seven columns: the sheet's left column holds 单位人员情况 and 经营情况 over their rows.
W7 = (22, 30, 24, 26, 22, 24, 22)

TABLE_1 = (
    Heading("表1　基  本  情  况", "subtitle"),
    Grid(W7, (
        row(L("刊　　期"), V("{{ frequency }}"), L("开本、页码"), V("{{ format_and_pages }}"),
            L("刊　　号"), V("{{ cn }}", 2)),
        row(L("文　　种"), V("{{ language }}"), L("广告经营许可证号", 2), V("{{ ad_license }}", 3)),
        row(L("类　　别"), V("{{ category_choice }}（在对应序号前打“√”）", 6)),
        row(LS("平均期印量\n及增长率", rows=2), L("{{ previous_year }}年"), L("{{ assessed_year }}年"),
            L("增长率"), L("承印\n单位", rows=2), V("{{ printer }}", 2, rows=2)),
        row(C("{{ print_previous }}"), C("{{ print_assessed }}"), C("{{ print_growth }}")),
        row(L("单　位\n人　员\n情　况", rows=3), L("负责人（或者\n执行负责人）"), V("{{ head_name }}"),
            L("职　　称"), V("{{ head_title }}"), L("有无岗位\n培训证"), C("{{ head_training }}")),
        row(L("单位人员总数"), C("{{ staff_total }}"), L("大专以上学历"), C("{{ staff_college }}"),
            L("副高以上\n职称"), C("{{ staff_senior }}")),
        row(L("编制内专职\n记者、编辑"), C("{{ staff_full_time }}"), L("兼职和外聘\n记者、编辑"),
            C("{{ staff_part_time }}"), Cell("", 2)),
        row(L("经　营\n情　况", rows=5), L("项　　目", 2), L("{{ previous_year }}年"),
            L("{{ assessed_year }}年"), L("增长率", 2)),
        # four fixed rows (总收入, 广告收入, 发行收入, 利润), not a Repeat: 经营情况 spans them
        *(row(C(f"{{{{ finances[{i}].item }}}}", 2), C(f"{{{{ finances[{i}].previous }}}}"),
              C(f"{{{{ finances[{i}].assessed }}}}"), C(f"{{{{ finances[{i}].growth }}}}", 2))
          for i in range(4)),
        row(L("{{ previous_year }}-{{ assessed_year }}年，期刊何时获何部门何种奖励、表彰或专项资助", 3),
            Cell("{{ awards_and_funding }}", 4, "long", height_mm=24)),
    )),
    NOTE("注：平均期印量、人员情况、经营情况及获奖（专项资助）情况均须提供有效证明。"),
    Para("所附证明材料：{{ basic_proof }}", "left", "small"),
    PageBreak(),
)

# --- 表2-1, 表2-2 --------------------------------------------------------------------------------

TABLE_2 = (
    Heading("表2-1　{{ assessed_year }}年本刊文章被有影响的文摘、索引类刊物或其他媒体转载、转摘和收录情况统计表①",
            "section"),
    Grid((24, 72, 74), (
        row(L("被收摘\n时间"), L("篇名及刊载期刊期序"), L("被收摘情况②")),
        Repeat("e", "abstracts", (S("{{ e.date }}"), VS("{{ e.article }}"), VS("{{ e.detail }}"))),
    ), header_rows=1),
    Grid((30, 28, 30, 28, 30, 24), (
        row(L("收摘篇数总量及占本刊全年总发文量百分比", 2), V("{{ abstract_totals }}", 4)),
        row(L("目前被国内外何种重要核心期刊、来源期刊数据库收录", 2), V("{{ indexed_in }}", 4)),
        row(L("复合影响因子③"), C("{{ impact_factor }}"), L("复合总被引频次③"), C("{{ total_citations }}", 3)),
        row(L("他引总引比③"), C("{{ other_citation_ratio }}"), L("基金论文比③"), C("{{ fund_paper_ratio }}"),
            L("Web即年\n下载率③"), C("{{ web_download_rate }}")),
    )),
    NOTE("注：①非学术类期刊可不填此附表。②有影响的文摘、索引类刊物包括《新华文摘》《人大报刊复印资料》"
         "《中国社会科学文摘》《高校文科学术文摘》《全国报刊索引》等，被收摘情况须提供证明材料。"
         "③复合影响因子等学术指标以中国知网的数据为准，中国知网没有数据的可选万方、维普数据，均须提供证明材料。"),
    Para("学术指标数据来源：{{ metrics_source }}。所附证明材料：{{ abstract_proof }}", "left", "small"),
    Heading("表2-2　{{ assessed_year }}年本刊文章获奖统计表", "section"),
    Grid((24, 72, 74), (
        row(L("获奖\n时间"), L("篇名及刊载时间"), L("获何部门何种奖")),
        Repeat("w", "article_awards", (S("{{ w.date }}"), VS("{{ w.article }}"), VS("{{ w.award }}"))),
        row(L("获奖文章总篇数", 2), C("{{ article_awards_total }}")),
    ), header_rows=1),
    NOTE("注：此表须提供获奖证书复印件。"),
    Para("所附证明材料：{{ article_awards_proof }}", "left", "small"),
)

# --- 表3 ----------------------------------------------------------------------------------------

POLITICAL_TEXT = (
    "1.坚持以习近平新时代中国特色社会主义思想为指导，坚持党的领导，严格落实意识形态工作责任制，坚持正确的舆论"
    "导向和出版方向，树牢“四个意识”，坚定“四个自信”，做到“两个维护”，坚持“为人民服务、为社会主义服务”，坚持"
    "“双百”方针，坚持把社会效益放在首位，努力传播社会主义核心价值观，传播和积累有益于提高民族素质、经济发展和"
    "社会进步的科学技术和文化知识，弘扬中华民族优秀文化，丰富人民群众的精神文化生活，努力为推动社会主义经济"
    "建设、政治建设、文化建设、社会建设以及生态文明建设作出积极贡献。\n"
    "2.严格遵守宪法和国家有关法律法规，无《出版管理条例》和其他法律、法规规定的禁载内容。\n"
    "3.坚持真实、全面、客观、公正的原则，无虚假、失实内容。\n"
    "4.刊载文章不违反社会主义道德风尚，不含色情淫秽、凶杀暴力、迷信愚昧等内容。\n"
    "5.遵守《中华人民共和国保守国家秘密法》，维护国家安全和利益。\n"
    "6.认真贯彻党和国家的民族政策、宗教政策、对外政策，维护国家利益，促进祖国统一、民族团结和社会稳定。\n"
    "政治导向考核用系数K表示得分的高低：\n"
    "⑴K=1　完全符合6项政治标准；\n"
    "⑵K=0.99～0.90　基本符合政治标准；\n"
    "⑶K=0.89～0.80　轻微政治失误或格调不够高等；\n"
    "⑷K=0.79～0.70　一般政治错误；\n"
    "⑸K=0　重大政治导向错误，或一般政治失误造成严重后果。（严重后果指期刊进入社会，产生极坏的影响。）"
)

TABLE_3 = (
    Heading("表3　政 治 导 向 考 核 表", "subtitle"),
    Grid((30, 90, 50), (
        row(L("评  审  内  容", 2), L("评  审  意  见")),
        row(TS(POLITICAL_TEXT, 2), Cell("{{ political_opinion }}", 1, "long")),
        row(L("自评得分"), V("{{ k_self }}", 2)),
        row(L("评审打分"), V("{{ k_review }}", 2)),
    ), header_rows=1),
)

# --- 表4 ----------------------------------------------------------------------------------------

HEAD_4_1 = row(L("评  审  内  容"), L("分值"), L("自查\n得分"), L("评审\n打分"))


def _row41(key: str, text: str, points: str):
    return row(TS(text), C(points), *_pair(f"t4_1_{key}"))


TABLE_4_1 = (
    Heading("表4-1　社科学术类业务考核表　　50分", "subtitle"),
    Grid((112, 12, 23, 23), (
        HEAD_4_1,
        _row41("databases",
               "数据库收录情况\n"
               "1.被中文社会科学引文索引（CSSCI）、《中文核心期刊要目总览》（GCJC）、《中国人文社会科学核心"
               "期刊要览》（CHSSC）3种同时收录的，计15分；被其中任意2种收录的，计13分；被其中一种收录的，计11分。\n"
               "2．被《中国学术期刊影响因子年报》考核年度上一年分区列入Q1区的，计12分；列入Q2区的，计8分。\n"
               "3.期刊被RCCSE权威学术期刊收录计10分，被RCCSE核心学术期刊收录计8分，被RCCSE扩展核心学术期刊"
               "收录计6分。\n"
               "4.被国内外其他数据库收录，每一种计1分，可累加，最多计5分。\n"
               "1、2、3、4项得分取最高者，不累加。\n"
               "本刊：{{ databases_fact }}", "15"),
        _row41("abstracting",
               "转摘、索引情况\n"
               "1.期刊被《新华文摘》《中国社会科学文摘》《高等学校文科学术文摘》《人大复印报刊资料》收摘文章"
               "总数（辑录题目的文章每5篇折1篇，下同）占全年总发文量5%以上得3分，每增加1%加1分，每减少1%扣1分，"
               "总分不超过5分。\n"
               "2.期刊被其他文摘、索引类刊物等收摘文章总数占全年总发文量30%以上得3分，每增加5%加1分，不超过3分\n"
               "1、2项计分可累加，最多不超过5分。\n"
               "本刊：{{ abstracting_fact }}", "5"),
        _row41("impact_factor",
               "复合影响因子\n等于0.4计6分；每增加0.02，加0.2分，最多加4分；每减少0.02扣0.3分（从6分开始扣，"
               "不倒扣）。\n本刊：{{ impact_factor }}", "10"),
        _row41("total_citations",
               "复合总被引频次\n等于500计3分；每增加50，加0.1分，最多加2分；每减少50扣1分（从3分开始扣，"
               "不倒扣）。\n本刊：{{ total_citations }}", "5"),
        _row41("other_citation_ratio",
               "他引总引比\n等于50%计3分；每增加5个点，加0.2分，最多加2分；每减少5个点，扣1分（从3分开始扣，"
               "不倒扣）。\n本刊：{{ other_citation_ratio }}", "5"),
        _row41("fund_paper_ratio",
               "基金论文比\n等于30%计2分；每增加3个点，加0.2分，最多加1分；每减少3个点，扣0.5分（从2分开始扣，"
               "不倒扣）。\n本刊：{{ fund_paper_ratio }}", "3"),
        _row41("web_download_rate",
               "Web即年下载率\n等于20%计1分；每增加5个点，加0.2分，最多加1分；每减少5个点,扣0.5分（从1分开始扣，"
               "不倒扣）。\n本刊：{{ web_download_rate }}", "2"),
        _row41("expert",
               "专家定性评价\n从期刊获奖励、获资助以及期刊的学术性、科学性、创新性、规范性、编辑水平、社会声誉等"
               "方面综合评分。", "5"),
        row(L("累计得分A"), C(""), *_total("A")),
    ), header_rows=1),
    NOTE("注：复合影响因子等指标以中国知网的数据为准，中国知网没有数据的可选万方、维普数据。均须提供证明材料。"),
    Para("所附证明材料：{{ business_proof }}", "left", "small"),
)

W5 = (20, 92, 12, 23, 23)


def _head5(item: str = "项目", content: str = "评  审  内  容", self_score: str = "自评\n得分") -> Row:
    return row(L(item), L(content), L("分值"), L(self_score), L("评审\n打分"))


SCORED_HEAD = _head5()


def _label(item: str | Cell | None) -> tuple[Cell, ...]:
    """The 项目 cell: a label, a label spanning the next rows too (a Cell), or none (None) in
    the rows such a label spans."""
    if item is None:
        return ()
    return (item if isinstance(item, Cell) else LS(item),)


def _scored_grid(prefix: str, items: tuple, total: str, head: Row = SCORED_HEAD) -> Grid:
    """A 项目 | 评审内容 | 分值 | 自评 | 评审 table (表4-2 … 表7): one row per item of the sheet,
    given as (key, 项目, 评审内容, 分值); the last row is ``total``, whose last letter names it."""
    rows = tuple(row(*_label(i[1]), TS(i[2]), C(i[3]), *_pair(f"{prefix}_{i[0]}")) for i in items)
    return Grid(W5, (head, *rows, row(L(total, 3), *_total(total[-1]))), header_rows=1)


# 表4-3 prints “公益报道和工艺员广告”, an evident slip for 表4-2's “公益广告”; the form shows the
# intended wording, the same in both tables.
SOCIAL_BENEFIT_PUBLIC = (
    "积极刊发公益报道和公益广告，组织参与各项公益事业、公益捐赠和公益活动；\n"
    "品牌影响力较大，社会美誉度高，没有因违法违规、学术不端、内容低俗、侵权盗版、虚假违法广告等问题引起负面"
    "社会评价。\n达不到要求的酌情扣分。")


def _table_4_general(number: str, title: str, expert: str) -> tuple:
    """表4-2 and 表4-3: the same rows; only the title and the wording of 专家定性评价 differ."""
    p = "t" + number.replace("-", "_")
    return (
        Heading(f"表{number}　{title}　　50分", "subtitle"),
        _scored_grid(p, (
            ("content_quality", "内容质量",
             "1.期刊定位准确，符合办刊宗旨；2.内容真实准确，报道客观公正，具有较高专业水准和文化贡献；"
             "3.时效性和针对性强，富有时代气息；4.有较强的知识性和科学性，无虚假报道和伪科学、反科学的内容；"
             "5.无低级、庸俗、猎奇等内容；6.讲究报道艺术，内容和形式统一；7.无有偿报道。\n"
             "达不到要求的酌情扣分。", "10"),
            ("social_benefit_major", LS("社会效益", rows=2),
             "围绕党和国家重大决策部署、重大热点问题和重大活动开展出版工作；\n"
             "围绕本领域重大关键问题或社会热点组织栏目和稿件，为领域关键问题解决、促进领域发展提出建设性"
             "意见和建议，具有较高文化价值、社会价值和创新价值。\n达不到要求的酌情扣分。", "10"),
            ("social_benefit_public", None, SOCIAL_BENEFIT_PUBLIC, "5"),
            ("circulation", LS("经济效益", rows=3),
             "发行：{{ assessed_year }}年发行量1万册以上/月得满分5分，每少2000册扣0.5分。\n"
             "本刊：{{ circulation_fact }}", "5"),
            ("revenue", None,
             "收入：{{ assessed_year }}年收入500万元以上得满分5分，每少100万元扣0.5分。无收入不得分。\n"
             "本刊：{{ revenue_fact }}", "5"),
            ("profit", None,
             "利润：{{ assessed_year }}年利润50万元以上得满分5分，每少10万元扣0.5分，无利润或亏损得0分\n"
             "本刊：{{ profit_fact }}", "5"),
            ("social_influence", "社会影响力",
             "被有影响的数据库、文摘、索引类刊物或其他媒体收摘文章达到10篇次以上，得5分；10篇次以下5篇次"
             "以上的，得4分；5篇次以下的，得3分；没有的，不得分。\n本刊：{{ influence_fact }}", "5"),
            ("expert", "专家定性\n评价", expert, "5"),
        ), "累 计 分A"),
        NOTE("注：“经济效益”“社会影响力”需提供证明材料。"),
        Para("所附证明材料：{{ business_proof }}", "left", "small"),
    )


TABLE_4_2 = _table_4_general(
    "4-2", "政治经济类业务考核表",
    "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、经营能力、社会声誉等方面综合评分。")
TABLE_4_3 = _table_4_general(
    "4-3", "文化教育类业务考核表",
    "从期刊获奖励、获资助以及期刊的科学性、规范性、经营能力、编辑水平、社会声誉等方面综合评分。")

TABLE_4_4 = (
    Heading("表4-4　公报年鉴类业务考核表　　50分", "subtitle"),
    _scored_grid("t4_4", (
        ("positioning", "定　位",
         "正确宣传党的基本理论和路线，解读有关方针、政策，围绕中心，服务大局，紧扣时代主题，反映现实热点，"
         "打造政务平台，体现全局性。\n达不到要求的酌情扣分。", "10"),
        ("content", "内　容",
         "深入贯彻中央行政体制改革的精神，努力推行信息公开，刊载内容客观准确，观点鲜明，针对性强，体现"
         "真实性、权威性。\n达不到要求的酌情扣分。", "10"),
        ("style", "格　调",
         "内容健康，风格清新大气，格调高雅，积极向上，不迎合低级趣味，体现思想性、知识性和可读性。\n"
         "达不到要求的酌情扣分。", "10"),
        ("effect", "效　果",
         "认真贯彻党的群众路线，深刻反映社会生活的本质和主流，善于引导社会热点，实现服务基层、服务群众和"
         "服务党政机关运转的目的，体现人民性。\n达不到要求的酌情扣分。", "10"),
        ("expert", "专家定性\n评价",
         "从期刊获奖励、获资助以及期刊的科学性、规范性、编辑水平、社会声誉等方面综合评分。", "10"),
    ), "累 计 分A"),
)

# --- 表5-1, 表5-2 --------------------------------------------------------------------------------

TABLE_5_1 = (
    Heading("表5-1　编辑出版考核表　　30分", "subtitle"),
    _scored_grid("t5_1", (
        ("standards", "执行标准\n规范",
         "1.封面标识完整规范，无繁异体字（书法题写刊名除外），刊名及条码登载规范，年（卷）期齐全，学术类"
         "期刊有责任者；\n2.目次位置固定，题名及页码完整正确，有国际标准连续出版物号者有英文目次；\n"
         "3.正文字体、字号、字距、行距统一，阅读顺序清晰自然，转接规范、标识正确；\n"
         "4.图表序、题齐全，标注统一规范，图表与正文呼应适当，图表内植字及缩制比例得当；\n"
         "5.辅文规范有序，标识齐全规范。\n缺项、不规范或不符合规定的，每项扣除0.5分，扣完为止。\n"
         "本刊：{{ standards_fact }}", "4"),
        ("printing", "印刷装帧",
         "四封及插页设计格调健康、版式新颖、形象美观、特色鲜明。\n"
         "环保印刷，用纸一致；印成品字迹清晰，字体完整，版心周正；图片反差适度，层次分明；装订整齐、牢固，"
         "无缺损。\n经检测，优秀7分，良好5分，合格3分，不合格0分。\n本刊：{{ printing_fact }}", "7"),
        # 004:632-643: one row of 9 points; the engine's four items are summed into it
        ("digital", "数字出版",
         "数字出版专职人员（1分）：有数字出版专职人员得1分。\n本刊：{{ digital_staff_fact }}\n"
         "数字出版平台（4分）：有中央厨房可得2分；微信、微博、APP、网站、数字互动平台、网络教育平台、知网"
         "万方维普等数据库收录，有一种得1分；有头条、抖音、快手、搜狐号、企鹅号、喜马拉雅、RAYS、在线投、"
         "网络审稿系统等为加分项，无论多少种，只要有即可得1分；自己开发平台加2分。以上各项得分可累计，但最高"
         "不超过4分。\n本刊：{{ digital_platforms_fact }}\n"
         "出版效果（2分）：所有平台总用户数5000以上、平均阅读量100以上，每项得1分，达不到标准的不得分。\n"
         "本刊：{{ digital_effect_fact }}\n"
         "经济效益（2分）：非学术期刊收入5万元以下得1分，5万元以上得2分；学术期刊收入1万元以下得1分，"
         "1万元以上得2分。无收入不得分。\n本刊：{{ digital_revenue_fact }}", "9"),
        ("editing_quality", "编校质量",
         "按照国家新闻出版署《报纸期刊质量管理规定》考核语言文字、标点符号、数字、计量单位、公式等使用以及"
         "行文规范等“编、校”质量。（见表5－2）\n"
         "差错率的计算方法参照《报纸期刊质量管理规定》附件2《期刊编校差错率计算方法》、附件4《期刊出版形式"
         "差错数计算方法》执行。差错率的标准为2/万，2/万以下者满分，超过2/万，每增加0.1/万扣1分。本项10分"
         "扣完后，在编辑出版考核总得分中倒扣分（最多倒扣10分）。\n"
         "差错率低于1.5/万的可获加分（见加分项目统计表）。\n本刊：{{ error_rate_fact }}", "10"),
    ), "累 计 分B"),
    NOTE("注：“数字出版”需提供证明材料。"),
    Para("所附证明材料：{{ digital_proof }}", "left", "small"),
)

RULED_MM = 5   # a blank ruled row of 表5-2's 考核记录: one line of hand-writing

TABLE_5_2 = (
    Heading("表5-2　重庆市期刊编校质量考核表", "subtitle"),
    Grid((50, 40, 40, 40), (
        row(L("期刊编校质量考核情况", 4)),
        row(L("栏　　目"), L("严重错误（处）"), L("一般错误（处）"), L("记错（个）")),
        Repeat("r", "error_rows", (C("{{ r.label }}"), C("{{ r.serious }}"), C("{{ r.general }}"),
                                   C("{{ r.counted }}"))),
        row(L("差错总个数"), C("{{ total_errors }}", 3)),
        row(L("所考核总字数"), C("{{ characters_formula }}", 3)),
        row(L("差错率（万分之）"), C("{{ error_rate }}", 3)),
    ), header_rows=2),
    # 004:731-944: the records are written on ruled rows (24 on the sheet's two pages, blank ones
    # left for the hand); the 文章标题 column takes the title's first five characters
    Grid((16, 22, 12, 12, 50, 42, 16), (
        row(L("期刊编校质量考核记录", 7)),
        row(LS("页序"), LS("文章标题\n（前5字）"), LS("栏数"), LS("行数"), LS("发现的问题"), LS("改正意见"),
            LS("错误\n个数")),
        Repeat("x", "error_records", (
            S("{{ x.page }}", height_mm=RULED_MM), S("{{ x.article }}"), S("{{ x.column }}"),
            S("{{ x.line }}"), VS("{{ x.problem }}"), VS("{{ x.correction }}"), S("{{ x.count }}"))),
        # the last ruled row is always blank (room to add by hand) and keeps the note with it
        row(S("", height_mm=RULED_MM), *(S("") for _ in range(6))),
    ), header_rows=2),
    NOTE("（不够请复印此页）"),
)

# --- 表6 ----------------------------------------------------------------------------------------

TABLE_6 = (
    Heading("表6　法纪规范考核表　　20分", "subtitle"),
    _scored_grid("t6", (
        ("publishing", "规范出版",
         "1. 按登记项目（刊名、刊号、宗旨、主管主办单位、文种、刊期、开本、页码等）出版，并符合期刊出版形式"
         "规范；2. 按时出版，无擅自脱期、增期、合期和拖期出版；3. 年、月、卷、期及条码连续编排，无遗漏、省略"
         "或更改；4.增刊出版符合有关管理规定；5.广告符合《广告法》等规定；6.无一号多刊情况；7.无非学术期刊"
         "发表学术论文情况；8.无买卖刊号情况；9.无有偿新闻等情况。\n"
         "第1—5项不符合规定的，每项扣1分；第6—7项不符合规定的，每项扣3分；第8—9项不符合规定的，每项扣5分。"
         "此栏可倒扣，最多倒扣5分。\n本刊：{{ publishing_fact }}", "5"),
        ("imprint", "版本记录",
         "版本记录（期刊名称、主管单位、主办单位、出版单位、印刷单位、发行单位、出版日期、总编辑<主编>姓名、"
         "发行范围、定价、国内统一连续出版物号及国际标准连续出版物号、广告经营许可证号<有广告者>等）完整、"
         "规范，符合《期刊出版形式规范》的要求。满分3分。以上内容，缺一项扣0.5分；缺两项，扣1.5分；缺三项"
         "以上（含三项）扣3分。记录不规范或不符合规定的，每个问题扣0.3分，扣完为止。\n"
         "本刊：{{ imprint_fact }}", "3"),
        ("institutions", "制度建设",
         "严格执行“三审三校”制度，有完整的出版管理、用稿、审校和事后审读制度。得3分。制度不健全，适当扣分，"
         "扣完为止（须提供已建立的制度文本材料，未提供材料的，视为未建立制度）。\n"
         "所附制度文本：{{ institutions_proof }}", "3"),
        ("team", "队伍建设",
         "有完备专业的采编力量，编辑人员政治素质和业务能力达到国家规定的标准。刊期为季刊的，专职编辑不得"
         "少于1人；刊期为双月刊的，专职编辑不得少于3人；刊期为月刊的，专职编辑不得少于5人；刊期为半月刊的，"
         "专职编辑不得少于8人，刊期为旬刊的，专职编辑不得少于10人，刊期为周刊的，专职编辑不得少于15人。"
         "达到以上标准的，得4分。未达到标准的，适当扣分，扣完为止。\n本刊：{{ team_fact }}", "4"),
        ("business_conduct", "经营规范",
         "遵守《出版管理条例》《期刊出版规定》《广告法》等关于出版物发行、广告、经营、版权贸易等行为的相关"
         "条款。\n如有违反，酌情扣分；严重违法的，可在法纪规范考核总分中倒扣，最高扣5分。", "2"),
        ("copyright", "著作权",
         "尊重知识产权，遵守《著作权法》。达不到要求的，酌情扣分。严重违反《著作权法》，此项不得分，并在"
         "法纪规范考核总分中倒扣，最高扣5分。\n"
         "根据CNKI科研诚信管理系统研究中心的“社科期刊学术不端文献检测系统（SMLC）”检测结果，原则上文字复制"
         "比超过50%的，经专家组认定为重度抄袭或整体剽窃的，本项得0分，且在法纪规范考核总分中倒扣5分；文字"
         "复制比超过30%的，本项得0分；文字复制比20%～30%，得1分。鉴于检测结果存在去除引用文献及去除本人"
         "文献等不同情况，具体界定由专家组确认。\n本刊：{{ copyright_fact }}", "3"),
    ), "累 计 分C", _head5("项 目", self_score="自查\n得分")),
    NOTE("注：“制度建设”“队伍建设”需提供证明材料。"),
    Para("所附证明材料：{{ legal_proof }}", "left", "small"),
)

# --- 表7, 表8 ------------------------------------------------------------------------------------

TABLE_7 = (
    Heading("表7　加分项目统计表", "subtitle"),
    _scored_grid("t7", (
        ("awards", "获奖\n资助",
         "1.获国家部委、省级政府奖励（资助）计7分；\n2.获司（局）级、全国一级学会奖励（资助）计4分；\n"
         "3.获省级学会奖励（资助）计2分。\n"
         "4.单项奖及资助（包括与岗位业务相关的个人奖及资助）按照同级期刊获奖加分值的50%计算，可累加，但最多"
         "计4分。\n1、2、3、4项以最高的一项计分，不累加。\n本刊：{{ bonus_awards_fact }}", "7"),
        # 004:1028-1031: one row of 7 points; the engine's 发行 and 收入 are summed into it
        ("operations", "经营",
         "发行：发行量达到5万册/期的，每增加1万册加0.2分，最高加3分\n本刊：{{ bonus_circulation_fact }}\n"
         "收入：年利润达到50万元/年的，每增加20万元加1分，最高加4分。\n本刊：{{ bonus_profit_fact }}", "7"),
        ("editing", "编校\n质量",
         "1.差错率不超过0.5/万，加3分；\n2.差错率不超过1/万，加2分；\n3.差错率不超过1.5/万，加1分。\n"
         "本刊：{{ error_rate_fact }}", "3"),
    ), "累计加分D", _head5("加分\n项目", "加分内容")),
    NOTE("注：累计加分不超过10分。{{ d_note }}"),
    Para("所附证明材料：{{ bonus_proof }}", "left", "small"),
    Para("\n", "left"),
    Heading("表8　总  评  结  果", "subtitle"),
    Grid((70, 50, 50), (
        row(L("考核项目"), L("自评得分"), L("专家打分")),
        row(L("政治考核K"), *_total("K")),
        row(L("业务考核A"), *_total("A")),
        row(L("编辑出版B"), *_total("B")),
        row(L("法纪规范C"), *_total("C")),
        row(L("加分D"), *_total("D")),
        row(L("总分S\nS=K×（A+B+C）+D"), *_total("S")),
        row(L("考核等级"), *_total("grade")),
    )),
    NOTE("注：一级为90分以上（含90分），二级为89.99～75分（含75分），三级为74.99～60分（含60分），四级为60分"
         "以下（为不合格期刊）。{{ verification_note }}{{ proof_note }}"),
    Grid((85, 85), (
        row(Cell("出版单位意见：\n\n\n\n出版单位（盖章）\n负责人（签字）：\n年　　月　　日", 1, "sign",
                 height_mm=44),
            Cell("评审意见：\n\n\n\n评审专家（签字）：\n\n年　　月　　日", 1, "sign", height_mm=44)),
    )),
    PageBreak(),
)

# --- 计分说明 ------------------------------------------------------------------------------------

CALCULATION = (
    Heading("附：计分说明", "subtitle"),
    Para("以下为计分程序对每一项规则的解读和计算过程，供核对（如“每增加/每减少”只计完整台阶，不足一个台阶的"
         "零头不计）。各项不舍入，仅总分S四舍五入保留两位小数。", "left", "small"),
    Grid((14, 22, 46, 44, 44), (
        row(LS("表"), LS("项目"), LS("规则解读"), LS("自评：计算过程"), LS("评审：计算过程")),
        Repeat("n", "calculation", (
            S("{{ n.table }}"), S("{{ n.item }}"), VS("{{ n.interpretation }}"),
            VS("{{ n.self_working }}"), VS("{{ n.review_working }}"))),
    ), header_rows=1),
)

BUSINESS = {"academic": TABLE_4_1, "political_economic": TABLE_4_2,
            "culture_education": TABLE_4_3, "gazette_yearbook": TABLE_4_4}
TITLES = {variant: category for category, (variant, _) in BUSINESS_TABLES.items()}


def _layout(variant: str) -> Layout:
    return Layout(variant, f"期刊综合质量考核表（{TITLES[variant]}）", (
        *COVER, *INSTRUCTIONS, *TABLE_1, *TABLE_2, *TABLE_3, Part("business", BUSINESS[variant]),
        *TABLE_5_1, *TABLE_5_2, *TABLE_6, *TABLE_7, *CALCULATION,
    ))


LAYOUTS = {variant: _layout(variant) for variant in BUSINESS}
