# The commands of the README's quick start, and the ones behind them.
.PHONY: demo ui test test-deps lint bench soak

CARGO ?= cargo

## demo: build the web UI (when Node.js is installed) and ems, and start the demo site (simulated meters polled and recorded by ems, with 400 days of simulated history) on the embedded defaults
demo:
	scripts/build-ui.sh --if-node
	$(CARGO) run --release -p ems -- demo --backfill 400d

## ui: build the web UI into web/dist, which the next build of ems embeds (needs Node.js 20.19 or newer)
ui:
	scripts/build-ui.sh

## test: install the test peers when missing, then check formatting, lints and every test (the web UI's included)
test: test-deps lint
	CARGO=$(CARGO) scripts/run-tests.sh

test-deps:
	scripts/test-deps.sh

## soak: the store's kill test with 200 SIGKILLs of a writing process (20 in `make test`)
soak:
	EMS_SOAK=1 $(CARGO) test -p ems-store --test store durability

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	python3 scripts/check-licences.py

## bench: acquisition throughput and CPU per request, side by side with the pymodbus client;
## history store bytes per value, query latency and ingest rate, side by side with a naive SQLite layout;
## the analyser's multiple of real time, side by side with the same computation in numpy;
## the web server's requests per second, latency and resident memory with wrk (installed when missing);
## the web UI's time to an interactive chart and bytes transferred, in chromium
bench: test-deps
	$(CARGO) build --release -p ems
	scripts/bench-acquisition.sh
	scripts/bench-metering.sh
	scripts/bench-store.sh
	scripts/bench-api.sh
	scripts/bench-ui.sh
