-- wrk script: POST one new beneficiary per request (a unique national ID per thread and request).
-- The bearer token comes from the TOKEN environment variable.
local counter = 0
thread_id = 0  -- set per thread by setup()
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local token = os.getenv("TOKEN")
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}

request = function()
  counter = counter + 1
  local body = string.format(
    '{"name_ar":"خديجة التازي","name_lat":"Khadija Tazi","cin":"W%d%06d",' ..
    '"birth_date":"1961-0%d-1%d","sex":"F","phone":"0612345678","address":"rue Tarik",' ..
    '"province_code":"LAR","commune_code":"LAR-001","categories":[{"category":' ..
    '"disaster_affected","evidence":"flood census","since":"2026-02-10"}]}',
    thread_id, counter, 1 + counter % 9, counter % 9)
  return wrk.format("POST", "/beneficiaries", headers, body)
end
