// refdata — the reference data every page shares, in one place: the city (from GET /config), its
// districts and their towns, sectors, departments, accident types. Loaded once per session
// (api.js caches each answer) and offered as hooks; pages never fetch these on their own.

import { useEffect, useState } from './html.js';
import * as api from './api.js';

// The city code the server serves (GET /config → {city}, set by the server's configuration). A
// server without it: the city of the user's own region (its first four digits).
export async function city() {
  const cfg = await api.config();
  if (cfg && typeof cfg.city === 'string' && cfg.city) return cfg.city;
  const me = api.currentUser();
  return me && me.region ? me.region.slice(0, 4) : '';
}

// Loaders, for code that waits for several things at once.
export const districts = () => city().then((c) => (c ? api.regions(c) : []));
export const regions = (parent) => api.regions(parent);
export const region = (code) => api.region(code);
export const sectors = () => api.sectors();
export const departments = () => api.departments();
export const accidentTypes = () => api.accidentTypes();
// One GB 6441 edition's types ('1986' or '2025'), each with `map` into the other edition.
export const accidentTypesOf = (edition) => api.accidentTypesOf(edition);
export const districtOutlines = () => city().then((c) => api.districtOutlines(c));

// Answers already in: a page opened a second time starts with them instead of an empty list.
const known = new Map();

// The value of load() (keyed by `key`), `initial` until it is in; errors leave `initial`.
function useShared(key, load, initial) {
  const [value, setValue] = useState(() => (known.has(key) ? known.get(key) : initial));
  useEffect(() => {
    let alive = true;
    if (!key) { setValue(initial); return undefined; }
    setValue(known.has(key) ? known.get(key) : initial);
    load().then((v) => {
      known.set(key, v);
      if (alive) setValue(v);
    }).catch(() => {});
    return () => { alive = false; };
  }, [key]);
  return value;
}

const NONE = [];

export const useConfig = () => useShared('config', () => api.config(), {});
export const useCity = () => useShared('city', city, '');
export const useDistricts = () => useShared('districts', districts, NONE);
// The regions under `parent` (a district's towns); [] without a parent.
export const useRegions = (parent) => useShared(parent ? `regions:${parent}` : '', () => api.regions(parent), NONE);
export const useTowns = useRegions;
// One region ({code, name, …}) by its code; null until it is in.
export const useRegion = (code) => useShared(code ? `region:${code}` : '', () => api.region(code), null);
export const useSectors = () => useShared('sectors', sectors, NONE);
export const useDepartments = () => useShared('departments', departments, NONE);
export const useAccidentTypes = () => useShared('accident-types', accidentTypes, NONE);

// What the list filters and forms need: the city's districts, sectors, departments.
export function useReference() {
  const districtList = useDistricts();
  const sectorList = useSectors();
  const departmentList = useDepartments();
  return { districts: districtList, sectors: sectorList, departments: departmentList };
}
