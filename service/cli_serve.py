"""``paperwork serve``: run the HTTP service (API, /docs and the web pages) with uvicorn."""
from __future__ import annotations

import typer

from service.cli_app import EXIT_UNUSABLE, app, err, out
from service.settings import SETTINGS, BadSetting

SETTINGS_HELP = "；".join(f"{s.env}（默认 {s.default!r}）" for s in SETTINGS)


@app.command("serve", help="启动 HTTP 服务：/api/v1、/docs 与网页（预检、档案台、管理）。"
                           f"设置来自环境变量：{SETTINGS_HELP}")
def serve(host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
          port: int = typer.Option(8000, "--port", help="监听端口"),
          workers: int = typer.Option(1, "--workers", min=1, max=64,
                                      help="API 进程数（共用同一数据库；多台机器时见 docs/deploy.md）")):
    import uvicorn
    from sqlalchemy.exc import OperationalError

    from service.app import create_app
    from service.settings import from_env
    try:
        settings = from_env()
        application = create_app(settings, announce=lambda m: out.print(f"[bold yellow]{m}[/]"))
    except BadSetting as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None
    except OperationalError as e:
        err.print(f"[red]无法打开数据库 {settings.db_url.split('@')[-1]}：{str(e.orig or e)[:200]}[/red]")
        raise typer.Exit(EXIT_UNUSABLE) from None
    where = settings.database_url.split("@")[-1] if settings.database_url else settings.db_url
    kept = "数据库" if not settings.db_url.startswith("sqlite") else settings.files_path
    out.print(f"paperwork 服务：http://{host}:{port}/ （接口文档 /docs；数据库 {where}；"
              f"附件 {kept}；{workers} 个 API 进程）")
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="info", timeout_graceful_shutdown=10)
        return
    # This process has migrated the database and made (and printed) the admin key and the
    # package signing key; the workers find them made. uvicorn's supervisor starts the workers,
    # each importing the app by name, and starts a new one when one dies.
    application.state.db.dispose()
    uvicorn.run("service.app:from_environment", factory=True, workers=workers, host=host,
                port=port, log_level="info", timeout_graceful_shutdown=10)
