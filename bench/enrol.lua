-- wrk script: POST one new beneficiary per request (a unique national ID per thread and request;
-- names and birth dates drawn from small lists, so a few requests look alike, as in real intake).
-- The bearer token comes from the TOKEN environment variable; RUN (one or two letters, optional)
-- keeps the national IDs of one run apart from an earlier run's against the same database.
local counter = 0
thread_id = 0  -- set per thread by setup()
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local token = os.getenv("TOKEN")
local run = os.getenv("RUN") or "W"
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
local given = {{"خديجة", "Khadija"}, {"فاطمة", "Fatima"}, {"محمد", "Mohamed"}, {"يوسف", "Youssef"},
               {"عائشة", "Aicha"}, {"حسن", "Hassan"}, {"مريم", "Meryem"}, {"إدريس", "Driss"}}
local family = {{"التازي", "Tazi"}, {"العلوي", "Alaoui"}, {"بناني", "Bennani"},
                {"الفاسي", "Fassi"}, {"الإدريسي", "Idrissi"}, {"برادة", "Berrada"}}

request = function()
  counter = counter + 1
  local g = given[1 + counter % #given]
  local f = family[1 + math.floor(counter / #given) % #family]
  local body = string.format(
    '{"name_ar":"%s %s","name_lat":"%s %s","cin":"%s%d%06d",' ..
    '"birth_date":"%d-%02d-%02d","sex":"F","phone":"0612345678","address":"rue Tarik",' ..
    '"province_code":"LAR","commune_code":"LAR-001","categories":[{"category":' ..
    '"disaster_affected","evidence":"flood census","since":"2026-02-10"}]}',
    g[1], f[1], g[2], f[2], run, thread_id, counter,
    1940 + counter % 60, 1 + counter % 12, 1 + counter % 28)
  return wrk.format("POST", "/beneficiaries", headers, body)
end
