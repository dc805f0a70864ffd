"""hipdash: start here. `make run` serves this file on localhost."""

from hipdash.ui.shell import run_app

run_app()
