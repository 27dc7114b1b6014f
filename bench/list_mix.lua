-- list_mix.lua — the request mix the list benchmarks share (units_mix.lua, risks_mix.lua): a
-- paged list over every district, each value of one more filter and several pages, so a run is
-- not one cached query. Loaded with dofile beside the script wrk runs; returns the maker of
-- wrk's request function.
local regions = { "320505", "320506", "320507", "320508", "320509", "320576", "320581",
                  "320582", "320583", "320585", "3205" }

-- list: "units" or "risks"; key and values: the extra filter ("" leaves it out); afters: the
-- cursors of the pages asked for ("" is the first page).
return function(list, key, values, afters)
  local i = 0
  return function()
    i = i + 1
    local path = "/api/v1/" .. list .. "?limit=20&region=" .. regions[(i % #regions) + 1]
    local v = values[math.floor(i / #regions) % #values + 1]
    if v ~= "" then path = path .. "&" .. key .. "=" .. v end
    local a = afters[math.floor(i / 7) % #afters + 1]
    if a ~= "" then path = path .. "&after=" .. a end
    return wrk.format("GET", path)
  end
end
