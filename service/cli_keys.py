"""``paperwork keys create``: an API key made on the server's own command line, for when no
admin key is left to make one through the API (the database is the one ``paperwork serve``
uses, from the same ``PAPERWORK_*`` settings)."""
from __future__ import annotations

import typer

from service.cli_app import EXIT_UNUSABLE, app, err, out, settings_or_exit
from service.store import keys
from service.store.db import open_database
from service.store.errors import StoreError

keys_app = typer.Typer(no_args_is_help=True, help="API 密钥（在服务器上直接写入数据库）。")
app.add_typer(keys_app, name="keys")


@keys_app.command("create", help="创建一个 API 密钥并显示一次（只存其 SHA-256）。")
def create(role: str = typer.Option(..., "--role", help="角色：" + " / ".join(keys.ROLES)),
           body: int | None = typer.Option(None, "--body", help="所属登记机构编号（archivist 必填）"),
           label: str = typer.Option("", "--label", help="名称，如“值班管理员 张三”")):
    settings = settings_or_exit()
    db = open_database(settings.db_url)
    try:
        with db.write() as s:
            plain, row = keys.create(s, None, role, label.strip()[:200] or f"{role}（命令行创建）",
                                     body, via="命令行")
    except StoreError as e:
        err.print(f"[red]{e.detail}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None
    finally:
        db.dispose()
    out.print(f"已创建密钥 {row.id}（{row.name}，{keys.ROLE_LABELS[row.role]}）。"
              "密钥仅显示一次，请妥善保存：")
    out.print(plain, soft_wrap=True)
