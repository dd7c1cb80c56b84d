"""The pages: ``/`` (the explorer), ``/docs`` (Swagger UI) and the static files they load.

Nothing comes from the network: the explorer's files are in ``serve/static``; Swagger UI's
come from the installed ``swagger-ui-bundle-v2`` wheel (not a copy in the repository).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


def mount_static(app: FastAPI) -> None:
    """Mount the static files (mounts live on the app: ``include_router`` does not copy them).

    Swagger UI is mounted before ``/static``, which would otherwise take the path.
    """
    app.mount(
        "/static/swagger-ui",
        StaticFiles(directory=str(swagger_ui_path)),
        name="swagger-ui",
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/docs")
def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="eventcoder API",
        swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")
