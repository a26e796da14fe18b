"""`penalty serve`: the JSON API and the officer's page (starlette on uvicorn)."""
