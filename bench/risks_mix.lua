-- risks_mix.lua — wrk script: filtered, paged risk point lists over every district, grades and
-- pages; unlike the unit list (the in-memory index) each is a query to the database (the mix:
-- list_mix.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
request = dofile(here .. "list_mix.lua")("risks", "grade",
  { "", "1", "2", "3", "4" }, { "", "100", "2000", "5000" })
