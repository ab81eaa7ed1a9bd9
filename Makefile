# Two commands matter: `make run` and `make test`. Both install what they need.
DOTNET      ?= dotnet
CONFIG      ?= Release
RESULTS     ?= $(CURDIR)/artifacts/test-results
SAMPLE      ?= samples/grpc-echo
SHARED      ?= $(CURDIR)/../shared/conformance/istio

.PHONY: run test build deps e2e-deps clean load conformance metrics-bench

## run: start the control plane on the bundled sample (xDS 15010, TLS 15012, monitoring 15014)
run: build
	$(DOTNET) Istiod.Net/bin/$(CONFIG)/net10.0/istiod-net.dll serve --config-dir $(SAMPLE) --bind 127.0.0.1

## test: every test (unit, protocol, end to end with real gRPC xDS clients); ends with "N passed, N failed, N skipped"
test: deps
	@rm -rf $(RESULTS)
	@status=0; \
	$(DOTNET) test Istiod.Net.sln -c $(CONFIG) --nologo -v q \
	  --logger "trx;LogFilePrefix=results" --results-directory $(RESULTS) -- NUnit.DefaultTimeout=300000 || status=$$?; \
	scripts/test-summary.sh $(RESULTS); \
	exit $$status

build: deps
	$(DOTNET) build Istiod.Net.sln -c $(CONFIG) --nologo -v q -clp:ErrorsOnly

## deps: everything the build and the tests use that is not in the repository
deps: e2e-deps
	@$(DOTNET) --version >/dev/null
	$(DOTNET) restore Istiod.Net.sln -v q

e2e-deps:
	@if [ -x e2e/install.sh ]; then e2e/install.sh; fi

## load: the load tool against a running control plane (see README)
load:
	$(DOTNET) run -c $(CONFIG) --project bench/Istiod.Net.Load -- $(ARGS)

## metrics-bench: /metrics scrape and recording cost, OpenTelemetry's exporter against the old one (docs/DESIGN.md)
metrics-bench:
	$(DOTNET) run -c $(CONFIG) --project bench/Istiod.Net.MetricsBench -- $(ARGS)

## conformance: Istio's own validation cases and authz builder cases (../shared/conformance/istio); pass rates
conformance: build
	@if [ -d "$(SHARED)/validation" ]; then \
	  $(DOTNET) Istiod.Net/bin/$(CONFIG)/net10.0/istiod-net.dll conformance "$(SHARED)/validation" --authz "$(SHARED)/authz" || true; \
	else \
	  echo "conformance: $(SHARED)/validation not found; nothing to run"; \
	fi

clean:
	rm -rf artifacts */bin */obj bench/*/bin bench/*/obj
