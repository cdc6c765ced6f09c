#!/usr/bin/env bash
# Start the action server, the Rasa server (REST channel) and the web page; Ctrl-C stops all.
#   scripts/run.sh          everything, for a browser
#   scripts/run.sh --shell  action server + `rasa shell`, to chat in the terminal
set -euo pipefail
venv=${VENV:-.venv}
rasa_port=${RASA_PORT:-5005}
actions_port=${ACTIONS_PORT:-5055}
web_port=${WEB_PORT:-8080}
model=${MODEL:-models/act-signpost.tar.gz}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://localhost:$actions_port/webhook}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1
logs=${LOG_DIR:-logs}
mkdir -p "$logs"

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$actions_port" "$rasa_port" "$web_port"; do
  port_free "$port" || { echo "error: port $port is already in use (another 'make run'?). Stop it or set RASA_PORT/ACTIONS_PORT/WEB_PORT." >&2; exit 1; }
done

wait_for() {  # url, name, pid
  local url=$1 name=$2 pid=$3 waited=0
  until "$venv/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "error: $name stopped; see $logs/" >&2; exit 1; }
    sleep 1; waited=$((waited + 1))
    (( waited % 10 == 0 )) && echo "    still starting $name (${waited}s)"
  done
  echo "    $name is up (${waited}s)"
}

echo "==> Starting the action server on port $actions_port (log: $logs/actions.log)"
"$venv/bin/python" -m rasa_sdk --actions actions --port "$actions_port" >"$logs/actions.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$actions_port/health" "action server" "${pids[-1]}"

if [ "${1:-}" = "--shell" ]; then
  "$venv/bin/rasa" shell --model "$model" --endpoints endpoints.yml
  exit 0
fi

echo "==> Starting the Rasa server on port $rasa_port (log: $logs/rasa.log)"
"$venv/bin/rasa" run --model "$model" --endpoints endpoints.yml --credentials credentials.yml \
  --port "$rasa_port" --cors "http://localhost:$web_port" "http://127.0.0.1:$web_port" \
  >"$logs/rasa.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$rasa_port/" "Rasa server" "${pids[-1]}"

echo "==> Starting the web page on port $web_port (log: $logs/web.log)"
"$venv/bin/python" web/serve.py --port "$web_port" --dir web/dist --rasa-url "http://localhost:$rasa_port" \
  >"$logs/web.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$web_port/" "web page" "${pids[-1]}"

cat <<MSG

The assistant is running.
  Chat in a browser:  http://localhost:$web_port
  REST channel:       curl -s localhost:$rasa_port/webhooks/rest/webhook -d '{"sender":"me","message":"what is Prevent?"}'
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "error: a server stopped unexpectedly; see $logs/" >&2
exit 1
