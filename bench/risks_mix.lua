-- risks_mix.lua — wrk script: filtered, paged risk point lists over every district, grades and
-- pages; unlike the unit list (the in-memory index) each is a query to the database.
local regions = { "320505", "320506", "320507", "320508", "320509", "320576", "320581",
                  "320582", "320583", "320585", "3205" }
local grades = { "", "1", "2", "3", "4" }
local afters = { "", "100", "2000", "5000" }
local i = 0
request = function()
  i = i + 1
  local path = "/api/v1/risks?limit=20&region=" .. regions[(i % #regions) + 1]
  local g = grades[math.floor(i / #regions) % #grades + 1]
  if g ~= "" then path = path .. "&grade=" .. g end
  local a = afters[math.floor(i / 7) % #afters + 1]
  if a ~= "" then path = path .. "&after=" .. a end
  return wrk.format("GET", path)
end
