#!/usr/bin/env bash
# Starts the product on embedded defaults: BotServer (LiteDB in ./data, demo catalog) in the
# background and a console group chat connected to it. Type "alice: 推荐耳机" and press Enter.
# Extra arguments go to BotServer, e.g. ./run.sh --Grpc:Url=http://127.0.0.1:6080
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

data="${CHATCOMMERCE_DATA:-$PWD/data}"
grpc_url="http://127.0.0.1:5080"
for arg in "$@"; do
  case "$arg" in --Grpc:Url=*) grpc_url="${arg#--Grpc:Url=}" ;; esac
done
mkdir -p "$data"

echo "Building..." >&2
dotnet build src/BotServer -c Release --nologo -v quiet >/dev/null
dotnet build src/ChatConnector -c Release --nologo -v quiet >/dev/null

dotnet src/BotServer/bin/Release/net10.0/BotServer.dll --Storage:Directory="$data" --Grpc:Url="$grpc_url" "$@" \
  >"$data/botserver.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  [ -s "$data/demo-connector.key" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$data/botserver.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$data/demo-connector.key" ] || { echo "BotServer did not start; see $data/botserver.log" >&2; exit 1; }
grep -m1 "admin API key" "$data/botserver.log" >&2 || true
echo "BotServer is on $grpc_url (log: $data/botserver.log). Admin key: $data/admin.key" >&2

dotnet src/ChatConnector/bin/Release/net10.0/chatconnector.dll run --platform console \
  --bot "$grpc_url" --api-key "$(cat "$data/demo-connector.key")" --user alice
