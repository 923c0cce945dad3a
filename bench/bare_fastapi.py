"""The floor for bench_api: a bare FastAPI app with the same /healthz handler (sync, a dict),
served by granian exactly as `reflex run --env prod` serves the product (ASGI, one worker)."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
