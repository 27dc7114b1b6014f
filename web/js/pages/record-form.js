// record-form — what the forms of a located record (vulnerable target, emergency resource) share:
// the stored record read into the form's fields, a field's error cleared as it changes, a click
// on the map taken as lon/lat, the PATCH body of the fields changed since the read (with the
// version it was read at), and a server error shown under the field it names. No page here.

import { useEffect, useState } from '../html.js';
import * as api from '../api.js';
import { errorText } from '../ui.js';

// The record at `/path/id` (none when id is 'new') as form fields by fromRecord(record).
export function useRecordForm(path, id, empty, fromRecord, entity) {
  const isNew = id === 'new';
  const [record, setRecord] = useState(null);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [loading, setLoading] = useState(!isNew);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (isNew) return undefined;
    let alive = true;
    api.get(`${path}/${id}`).then((x) => {
      if (!alive) return;
      setRecord(x);
      setForm(fromRecord(x));
      setLoading(false);
    }).catch((e) => { if (alive) { setBanner(errorText(e, entity)); setLoading(false); } });
    return () => { alive = false; };
  }, [id]);
  const clear = (...keys) => setErrors((e) => { const n = { ...e }; for (const k of keys) delete n[k]; return n; });
  // a click on the map: the position with six decimals (about 0.1 m)
  const pick = (lon, lat) => {
    setForm((f) => ({ ...f, lon: lon.toFixed(6), lat: lat.toFixed(6) }));
    clear('lon', 'lat');
  };
  // a refused save: under the field the error names (town and district are the region), else above
  const refused = (err, fields) => {
    setSaving(false);
    const field = err.field === 'town' || err.field === 'district' ? 'region' : err.field;
    if (field && fields.has(field)) setErrors({ [field]: errorText(err, entity) });
    else setBanner(errorText(err, entity));
  };
  return { isNew, record, form, setForm, errors, setErrors, clear, banner, setBanner, loading, saving, setSaving, pick, refused };
}

// The body to save: for a new record the fields given (nulls left out), for a stored one the
// fields that differ from it and the version it was read at.
export function saveBody(record, body) {
  if (!record) return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
  const changed = {};
  for (const [k, v] of Object.entries(body)) if (String(record[k] ?? '') !== String(v ?? '')) changed[k] = v;
  return { ...changed, version: record.version };
}
