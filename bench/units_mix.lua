-- units_mix.lua — wrk script: filtered, paged unit lists over every district and several
-- sectors and pages, so the benchmark is not one cached query.
local regions = { "320505", "320506", "320507", "320508", "320509", "320576", "320581",
                  "320582", "320583", "320585", "3205" }
local sectors = { "", "C10", "C", "E01", "H02", "G03", "C08", "F02" }
local afters = { "", "1000", "20000", "50000" }
local i = 0
request = function()
  i = i + 1
  local path = "/api/v1/units?limit=20&region=" .. regions[(i % #regions) + 1]
  local s = sectors[math.floor(i / #regions) % #sectors + 1]
  if s ~= "" then path = path .. "&sector=" .. s end
  local a = afters[math.floor(i / 7) % #afters + 1]
  if a ~= "" then path = path .. "&after=" .. a end
  return wrk.format("GET", path)
end
