#!/usr/bin/env bash
# The Helm chart ships the CRDs of crds/ in charts/murphy/crds/, where Helm installs them before
# the chart's templates (`helm install --skip-crds` leaves them out). The copy is exact, so
# `make check-generated` fails when it lags crds/.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf charts/murphy/crds
mkdir -p charts/murphy/crds
cp crds/*.yaml charts/murphy/crds/
