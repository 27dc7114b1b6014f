-- units_mix.lua — wrk script: filtered, paged unit lists over every district and several
-- sectors and pages, so the benchmark is not one cached query (the mix: list_mix.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
request = dofile(here .. "list_mix.lua")("units", "sector",
  { "", "C10", "C", "E01", "H02", "G03", "C08", "F02" }, { "", "1000", "20000", "50000" })
