-- wrk script of bin/bench-api: signs every request with the benchmark's bearer token and prints one machine-readable
-- line at the end (requests/s, latency percentiles in ms, errors: non-2xx answers and socket errors together).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
   io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50=%.1f p99=%.1f max=%.1f errors=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
