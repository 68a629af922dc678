"""Rules the renderer checks before it places a value on a form. Kept apart from the renderer so
``catalogue.load_all`` can list them without importing WeasyPrint."""
from validators import catalogue
from validators.catalogue import ERROR, Rule

CONTROL_CHARACTER = catalogue.add(Rule(
    "S901", "control-character-in-value", "render", ERROR,
    "「{field}」含有不可打印的控制字符（U+{codepoint}），无法生成表格",
    "'{field}' contains a control character (U+{codepoint}); the form cannot be rendered",
    "issue #4 安全", "删除该字段中的控制字符（通常来自复制粘贴），只保留正文、换行和制表符。"))
