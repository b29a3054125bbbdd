#!/usr/bin/env bash
# Writes Wolverine's generated handler code (src/ProtectionPlanner.Server/Internal/Generated), which Release builds and
# the container image load as they are (TypeLoadMode.Static) instead of compiling it with Roslyn at start. Run it after
# changing an endpoint, a handler or the command workflow; a test fails while the committed code is stale.
# The Debug build never compiles these files (it generates its code at run time), so it can write them afresh even
# when the old ones no longer compile.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server=$root/src/ProtectionPlanner.Server
rm -rf "$server/Internal/Generated"
dotnet build "$server" -c Debug --nologo -v q
# Generating needs no database; the host only needs a connection string to be built.
cd "$server"
PLANNER__DATABASE=${PLANNER__DATABASE:-Host=127.0.0.1;Database=codegen} dotnet bin/Debug/net10.0/ProtectionPlanner.Server.dll \
  codegen write 2>/dev/null | grep -c "Wrote generated code file" | sed 's/^/codegen.sh: wrote /; s/$/ files/'
