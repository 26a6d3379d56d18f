-- wrk script for bench/run.py: rotates through the paths given after `--`, optionally stops after a number
-- of responses, and prints its figures as one JSON line that the harness parses.
--
--   wrk -t1 -c4 -d10s -s bench/report.lua http://127.0.0.1:8000 -- /a/ /b/ [limit=10000]
--
-- With limit=N (use one thread), the script prints BENCH-LIMIT-REACHED after N responses and stops sending;
-- wrk still waits for its duration, so the harness interrupts it (SIGINT) on that line. Latencies are in
-- microseconds; "status" counts responses other than 2xx and 3xx.

local requests_by_path = {}
local next_index = 0
local limit = nil
local seen = 0

function init(args)
   for _, arg in ipairs(args) do
      local number = string.match(arg, "^limit=(%d+)$")
      if number then
         limit = tonumber(number)
      else
         table.insert(requests_by_path, wrk.format("GET", arg))
      end
   end
   if #requests_by_path == 0 then
      table.insert(requests_by_path, wrk.format("GET", wrk.path))
   end
   if limit then
      -- Only defined when asked for: wrk reads every response's headers and body once `response` exists.
      response = function(status, headers, body)
         seen = seen + 1
         if seen == limit then
            -- wrk itself waits for the whole duration: the harness interrupts it on this line.
            io.write("BENCH-LIMIT-REACHED\n")
            io.flush()
            wrk.thread:stop()
         end
      end
   end
end

function request()
   next_index = next_index % #requests_by_path + 1
   return requests_by_path[next_index]
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'BENCH-WRK {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
         .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d}}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency.min, latency.mean, latency.max,
      latency:percentile(50), latency:percentile(90), latency:percentile(99)
   ))
end
