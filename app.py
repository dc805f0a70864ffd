"""hipdash: start here. `make run` serves this file on localhost."""

from hipdash.ui import run_app

run_app()
